/**
 * How the event loop learns that a Ring has completions, without a thread or
 * busy polling:
 *
 * - deferred mode: an eventfd is registered with the ring; libuv watches it
 *   (koffi.node.poll). When it turns readable the Ring drains it and enters
 *   the kernel once (io_uring_get_events) to run the deferred completions.
 * - classic mode: libuv watches the ring fd itself, readable while the CQ has entries.
 *
 * The watch is unreferenced while nothing is in flight, so an idle Ring never
 * keeps the process alive, and every watch still open is closed at process
 * exit, before Node tears the event loop down.
 */
import { closeSync } from 'node:fs';
import koffi from 'koffi';
import { ffi } from '../../generated/ffi.js';
import { io_uring_queue_exit } from '../../generated/wrappers.js';
import type { IoUring } from '../../generated/structs.js';
import { UringError } from '../errors.js';
import { drainEventfd, eventfd } from './libc.js';

type Poller = NonNullable<ReturnType<typeof koffi.node.poll>>;

/** Watches still open: closed at process exit (a poll callback during Node's final cleanup could not run JavaScript, and koffi would abort). */
const open = new Set<Wakeup>();
let exitHook = false;

export class Wakeup {
  private readonly poller: Poller;
  /** The registered eventfd (deferred mode), or -1. */
  private readonly eventfd: number;
  private referenced = false;
  private polling = true;

  /** Watch `uring` and call `reap` when it has completions. A ring that cannot be watched is exited, and the error thrown. */
  constructor(uring: IoUring, ringFd: number, deferred: boolean, reap: () => void) {
    let poller: ReturnType<typeof koffi.node.poll>;
    if (deferred) {
      // Completions are posted when this thread enters the kernel; the eventfd says when there is work.
      const efd = eventfd();
      const ret = efd < 0 ? efd : (ffi.io_uring_register_eventfd(uring.address, efd) as number);
      if (ret < 0) {
        if (efd >= 0) closeSync(efd);
        io_uring_queue_exit(uring);
        throw new UringError('io_uring_register_eventfd', -ret, 'the Ring needs an eventfd to learn of completions');
      }
      this.eventfd = efd;
      const address = uring.address;
      poller = koffi.node.poll(efd, { readable: true }, () => {
        drainEventfd(efd);
        ffi.io_uring_get_events(address);
        reap();
      });
    } else {
      this.eventfd = -1;
      poller = koffi.node.poll(ringFd, { readable: true }, reap);
    }
    if (!poller) throw new Error('Ring: could not watch the ring with koffi.node.poll');
    this.poller = poller;
    poller.unref();
    open.add(this);
    if (!exitHook) {
      exitHook = true;
      process.once('exit', () => {
        for (const w of open) w.stop();
      });
    }
  }

  /** How many watches are open: one per Ring created and not closed. */
  static get openCount(): number {
    return open.size;
  }

  /** Keep the process alive while operations are in flight, and only then. */
  setBusy(busy: boolean): void {
    if (busy === this.referenced || !this.polling) return;
    this.referenced = busy;
    if (busy) this.poller.ref();
    else this.poller.unref();
  }

  /** Stop watching (at close, and at process exit). */
  stop(): void {
    if (!this.polling) return;
    this.polling = false;
    this.poller.close();
    open.delete(this);
  }

  /** After the ring was exited: close the eventfd. */
  release(): void {
    this.stop();
    if (this.eventfd >= 0) closeSync(this.eventfd);
  }
}
