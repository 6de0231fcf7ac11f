/**
 * Steps outside the SQ and CQ: writing to or closing a channel's far end (so
 * waiting requests complete), dropping the program's reference to a buffer,
 * forcing a collection, freeAligned, registering buffers, buffer rings,
 * io_uring_queue_exit, and calls on an exited ring.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Iovec } from '../../generated/structs.js';
import { io_uring_buf_ring_add } from '../../generated/functions/io_uring_buf_ring_add.js';
import { io_uring_buf_ring_advance } from '../../generated/functions/io_uring_buf_ring_advance.js';
import { io_uring_free_buf_ring } from '../../generated/functions/io_uring_free_buf_ring.js';
import { io_uring_get_sqe } from '../../generated/functions/io_uring_get_sqe.js';
import { io_uring_queue_exit } from '../../generated/functions/io_uring_queue_exit.js';
import { io_uring_register_buffers } from '../../generated/functions/io_uring_register_buffers.js';
import { io_uring_register_files } from '../../generated/functions/io_uring_register_files.js';
import { io_uring_unregister_files } from '../../generated/functions/io_uring_unregister_files.js';
import { io_uring_setup_buf_ring } from '../../generated/functions/io_uring_setup_buf_ring.js';
import { io_uring_submit } from '../../generated/functions/io_uring_submit.js';
import { io_uring_unregister_buffers } from '../../generated/functions/io_uring_unregister_buffers.js';
import { freeAligned } from '../../runtime/memory.js';
import { BGID, advance } from './engine.js';
import { exitRing, tableMayMiss } from './doubt.js';
import { CHUNK, programHeld, requiredBuffers, type Model } from './model.js';
import { Step, describeError, expectOk, expectRefused } from './step.js';
import type { World } from './world.js';

const gc = (globalThis as { gc?: () => void }).gc;
const BUF_RING_ENTRIES = 4;

export class WriteChannel extends Step {
  readonly op = 'write_channel';
  private chan(m: Model): number {
    return (this.p.chan as number) % m.channels.length;
  }
  applies(m: Model): boolean {
    return !m.channels[this.chan(m)]!.writeClosed;
  }
  exec(m: Model, w: World): string {
    const c = this.chan(m);
    w.writeChannel(c);
    m.channels[c]!.avail += CHUNK;
    advance(m);
    return `${CHUNK} bytes into channel ${c}`;
  }
}

export class CloseChannel extends Step {
  readonly op = 'close_channel';
  private chan(m: Model): number {
    return (this.p.chan as number) % m.channels.length;
  }
  applies(m: Model): boolean {
    const c = this.chan(m);
    if (m.channels[c]!.writeClosed) return false;
    // A write to it may not have been issued yet (linked, or deferred task work): it would find the descriptor gone.
    if (m.promise?.ops.some((o) => o.kind === 'write' && o.chan === c)) return false;
    return !m.rings.some((r) => r.open.some((s) => s.template?.feeds === c) || r.inflight.some((q) => q.template.feeds === c));
  }
  exec(m: Model, w: World): string {
    const c = this.chan(m);
    w.closeChannelWrite(c);
    m.channels[c]!.writeClosed = true;
    advance(m);
    return `closed the write end of channel ${c}`;
  }
}

abstract class BufStep extends Step {
  protected buf(m: Model): number {
    return (this.p.buf as number) % m.bufs.length;
  }
}

/** The program lets go of its own reference: only the package can keep the buffer alive now. */
export class DropBuf extends BufStep {
  readonly op = 'drop_buf';
  applies(m: Model): boolean {
    // Not a buffer a fast-path request uses: the fast path holds nothing, keeping it is the program's job.
    return !m.bufs[this.buf(m)]!.dropped && !programHeld(m).has(this.buf(m));
  }
  exec(m: Model, w: World): string {
    const b = this.buf(m);
    w.bufs[b]!.ref = null;
    m.bufs[b]!.dropped = true;
    return `buffer ${b} dropped`;
  }
}

export class Gc extends Step {
  readonly op = 'gc';
  applies(m: Model): boolean {
    // Only when a buffer the package must hold is referenced by nothing else and is a plain ArrayBuffer: a collection
    // (tens of ms) shows nothing otherwise (an early release of allocAligned memory shows at once: freeAligned accepts it).
    if (gc === undefined) return false;
    const need = requiredBuffers(m);
    return m.bufs.some((b, i) => b.dropped && !b.aligned && need.has(i));
  }
  async exec(): Promise<string> {
    // A new task first: WeakRef targets read in this one are kept alive until it ends.
    await nextTurn();
    // gc() with no options: on Node 20, gc({ type: 'major' | 'minor' }) (synchronous) collected no unreachable buffer
    // in a test of its own, while gc() did.
    gc!();
    await nextTurn();
    return 'full collection';
  }
}

export class FreeBuf extends BufStep {
  readonly op = 'free_aligned';
  applies(m: Model): boolean {
    const b = m.bufs[this.buf(m)]!;
    return b.aligned && !b.dropped && !programHeld(m).has(this.buf(m));
  }
  exec(m: Model, w: World): string {
    const b = this.buf(m);
    const why = requiredBuffers(m).get(b);
    try {
      freeAligned(w.bufs[b]!.ref!);
    } catch (e) {
      if (m.bufs[b]!.freed && e instanceof RangeError && /already freed/.test(e.message)) return 'refused (already freed)';
      if (e instanceof RangeError && /still in use/.test(e.message)) return 'refused (still in use)';
      w.violation('error', `freeAligned(buffer ${b}) threw ${describeError(e)}`);
      return 'threw';
    }
    if (m.bufs[b]!.freed) w.violation('refusal', `freeAligned(buffer ${b}) freed it a second time`);
    m.bufs[b]!.freed = true;
    w.bufs[b]!.snapshot = null;
    if (why) w.violation('memory:freeable', `freeAligned(buffer ${b}) succeeded while ${why}`);
    return 'freed';
  }
}

abstract class LiveRingStep extends Step {
  protected get ring(): number {
    return this.p.ring as number;
  }
  applies(m: Model): boolean {
    return !!m.rings[this.ring]?.live;
  }
}

/** io_uring_register_buffers with one or two of the program's buffers. */
export class RegisterBuffers extends LiveRingStep {
  readonly op = 'register_buffers';
  private picks(m: Model): number[] {
    const first = (this.p.buf as number) % m.bufs.length;
    return this.p.two && m.bufs.length > 1 ? [first, (first + 1) % m.bufs.length] : [first];
  }
  override applies(m: Model): boolean {
    return super.applies(m) && m.rings[this.ring]!.registered === null && this.picks(m).every((b) => !m.bufs[b]!.dropped && !m.bufs[b]!.freed);
  }
  exec(m: Model, w: World): string {
    const picks = this.picks(m);
    const iov = Iovec.array(picks.length);
    picks.forEach((b, k) => {
      iov.item(k).iov_base = w.bufs[b]!.ref!;
      iov.item(k).iov_len = m.bufs[b]!.size;
    });
    if (!expectOk(w, `io_uring_register_buffers(ring ${this.ring}, buffers ${picks})`, () => io_uring_register_buffers(w.rings[this.ring]!.uring, iov, picks.length))) return 'threw';
    m.rings[this.ring]!.registered = picks;
    return `registered buffers ${picks.join(', ')}`;
  }
}

export class UnregisterBuffers extends LiveRingStep {
  readonly op = 'unregister_buffers';
  override applies(m: Model): boolean {
    return super.applies(m) && m.rings[this.ring]!.registered !== null;
  }
  exec(m: Model, w: World): string {
    if (!expectOk(w, `io_uring_unregister_buffers(ring ${this.ring})`, () => io_uring_unregister_buffers(w.rings[this.ring]!.uring))) return 'threw';
    tableMayMiss(m, m.rings[this.ring]!, 'fixed');
    m.rings[this.ring]!.registered = null;
    return 'unregistered';
  }
}

/** io_uring_register_files: the test file at index 0, the first channel's read end, an empty slot. */
export class RegisterFiles extends LiveRingStep {
  readonly op = 'register_files';
  override applies(m: Model): boolean {
    return super.applies(m) && m.rings[this.ring]!.files === null;
  }
  exec(m: Model, w: World): string {
    const table = new Int32Array([w.fileFd, w.channels[0]!.readFd, -1]);
    if (!expectOk(w, `io_uring_register_files(ring ${this.ring})`, () => io_uring_register_files(w.rings[this.ring]!.uring, table, table.length))) return 'threw';
    m.rings[this.ring]!.files = ['file', 0, -1];
    return 'registered [file, channel 0, -1]';
  }
}

export class UnregisterFiles extends LiveRingStep {
  readonly op = 'unregister_files';
  override applies(m: Model): boolean {
    return super.applies(m) && m.rings[this.ring]!.files !== null;
  }
  exec(m: Model, w: World): string {
    if (!expectOk(w, `io_uring_unregister_files(ring ${this.ring})`, () => io_uring_unregister_files(w.rings[this.ring]!.uring))) return 'threw';
    tableMayMiss(m, m.rings[this.ring]!, 'fixedFile');
    m.rings[this.ring]!.files = null;
    return 'unregistered';
  }
}

export class SetupBufRing extends LiveRingStep {
  readonly op = 'setup_buf_ring';
  override applies(m: Model): boolean {
    return super.applies(m) && m.rings[this.ring]!.bufRing === null;
  }
  exec(m: Model, w: World): string {
    const err = new Int32Array(1);
    const got = expectOk(w, `io_uring_setup_buf_ring(ring ${this.ring})`, () => io_uring_setup_buf_ring(w.rings[this.ring]!.uring, BUF_RING_ENTRIES, BGID, 0, err));
    if (!got) return 'threw';
    if (!got.value) {
      w.violation('refusal', `io_uring_setup_buf_ring(ring ${this.ring}) failed with ${err[0]}`);
      return 'failed';
    }
    w.rings[this.ring]!.bufRing = got.value;
    m.rings[this.ring]!.bufRing = { entries: BUF_RING_ENTRIES, avail: [], nextBid: 0 };
    advance(m);
    return `buffer ring of ${BUF_RING_ENTRIES}, group ${BGID}`;
  }
}

/** io_uring_buf_ring_add of a program buffer, then io_uring_buf_ring_advance(1). */
export class BufRingAdd extends LiveRingStep {
  readonly op = 'buf_ring_add';
  private buf(m: Model): number {
    return (this.p.buf as number) % m.bufs.length;
  }
  override applies(m: Model): boolean {
    const br = m.rings[this.ring]?.bufRing;
    const b = m.bufs[this.buf(m)]!;
    return super.applies(m) && !!br && br.avail.length < br.entries && !b.dropped && !(b.freed && m.noRefusals);
  }
  exec(m: Model, w: World): string {
    const b = this.buf(m);
    const br = m.rings[this.ring]!.bufRing!;
    const real = w.rings[this.ring]!.bufRing!;
    const bid = br.nextBid;
    const add = () => io_uring_buf_ring_add(real, w.bufs[b]!.ref!, m.bufs[b]!.size, bid, BUF_RING_ENTRIES - 1, 0);
    if (m.bufs[b]!.freed) return expectRefused(w, `io_uring_buf_ring_add(ring ${this.ring}, freed buffer ${b})`, add, true);
    if (!expectOk(w, `io_uring_buf_ring_add(ring ${this.ring}, buffer ${b})`, add)) return 'threw';
    if (!expectOk(w, `io_uring_buf_ring_advance(ring ${this.ring}, 1)`, () => io_uring_buf_ring_advance(real, 1))) return 'threw';
    br.avail.push({ bid, buf: b });
    br.nextBid = (bid + 1) & 0xffff;
    advance(m);
    return `buffer ${b} as bid ${bid}`;
  }
}

export class FreeBufRing extends LiveRingStep {
  readonly op = 'free_buf_ring';
  override applies(m: Model): boolean {
    const r = m.rings[this.ring];
    // A request given a buffer may not have run yet (deferred task work): keep the ring until it is seen.
    return super.applies(m) && !!r!.bufRing && !r!.inflight.some((q) => q.selected);
  }
  exec(m: Model, w: World): string {
    const real = w.rings[this.ring]!;
    if (!expectOk(w, `io_uring_free_buf_ring(ring ${this.ring})`, () => io_uring_free_buf_ring(real.uring, real.bufRing!, BUF_RING_ENTRIES, BGID))) return 'threw';
    real.bufRing = null;
    m.rings[this.ring]!.bufRing = null;
    return 'freed';
  }
}

export class QueueExit extends LiveRingStep {
  readonly op = 'queue_exit';
  override applies(m: Model): boolean {
    const r = m.rings[this.ring];
    return super.applies(m) && !(m.noExitInFlight && r!.inflight.some((q) => !q.silent));
  }
  exec(m: Model, w: World): string {
    const real = w.rings[this.ring]!;
    if (!expectOk(w, `io_uring_queue_exit(ring ${this.ring})`, () => io_uring_queue_exit(real.uring))) return 'threw';
    real.sqes.clear();
    real.bufRing = null;
    exitRing(m, m.rings[this.ring]!);
    advance(m);
    return 'exited';
  }
}

/** A call on an exited ring: refused, never reaching C. */
export class AfterExit extends Step {
  readonly op = 'after_exit';
  applies(m: Model): boolean {
    const r = m.rings[this.p.ring as number];
    return !!r && !r.live;
  }
  exec(_m: Model, w: World): string {
    const ring = w.rings[this.p.ring as number]!.uring;
    const call = this.p.what === 'submit' ? () => io_uring_submit(ring) : () => io_uring_get_sqe(ring);
    return expectRefused(w, `io_uring_${this.p.what}(exited ring ${this.p.ring})`, call, true);
  }
}
