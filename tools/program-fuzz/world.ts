/**
 * The real side of a fuzzed program: its rings, channels (pipes and a TCP
 * pair on loopback), a file, and buffers (from allocAligned or plain
 * ArrayBuffers), set up fresh for every program and torn down after it. It
 * also observes what the invariants compare against the model: the rings'
 * head and tail words, which buffers the garbage collector took, the process's
 * open file descriptors.
 */
import { closeSync, openSync, readdirSync, readlinkSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import koffi from 'koffi';
import {
  IORING_SETUP_COOP_TASKRUN, IORING_SETUP_DEFER_TASKRUN, IORING_SETUP_SINGLE_ISSUER, IORING_SETUP_TASKRUN_FLAG,
} from '../../generated/constants.js';
import { IoUring, IoUringBufRing, IoUringCqe, IoUringParams, type IoUringSqe } from '../../generated/structs.js';
import { io_uring_queue_init_params } from '../../generated/functions/io_uring_queue_init_params.js';
import { io_uring_cqe as CQE_LAYOUT } from '../../generated/layout.js';
import { FastRing } from '../../runtime/fast/index.js';
import { Ring } from '../../runtime/ring/index.js';
import { allocAligned } from '../../runtime/memory.js';
import { OutPointer, PointerArray } from '../../runtime/struct.js';
import { libc, tcpPair } from '../../runtime/testing.js';
import type { Model } from './model.js';

export type RingMode = 'plain' | 'defer' | 'coop';
export interface RingSpec {
  entries: number;
  mode: RingMode;
  /** 'fast': the ring is also driven through a FastRing (runtime/fast), interop on, next to the checked calls. */
  api?: 'checked' | 'fast';
}
export interface BufSpec {
  aligned: boolean;
  size: number;
}
export interface WorldSpec {
  /** A Ring (the Promise API) on its own ring, too. */
  promise?: { deferTaskrun: boolean } | null;
  rings: RingSpec[];
  bufs: BufSpec[];
  pipes: number;
  socket: boolean;
}

const MODE_FLAGS: Record<RingMode, number> = {
  plain: 0,
  defer: IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN,
  coop: IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG,
};

const pipe2 = libc.func('int pipe2(_Out_ int *fds, int flags)') as (fds: Int32Array, flags: number) => number;
const dup2 = libc.func('int dup2(int oldfd, int newfd)') as (oldfd: number, newfd: number) => number;

/** One checked ring and what the program holds of it. */
export interface RealRing {
  uring: IoUring;
  /** *sq.khead, *sq.ktail, *cq.khead, *cq.ktail, mapped (valid until the ring exits). */
  sqKhead: Uint32Array;
  sqKtail: Uint32Array;
  cqKhead: Uint32Array;
  cqKtail: Uint32Array;
  cqes: DataView;
  cqMask: number;
  /** SQEs obtained and not yet submitted, by their index (sqe_tail when obtained). */
  sqes: Map<number, IoUringSqe>;
  /** The CQE views the last peek, wait or peek_batch returned. */
  peeked: IoUringCqe[];
  out: OutPointer<IoUringCqe>;
  batch: PointerArray<IoUringCqe>;
  bufRing: IoUringBufRing | null;
  fast: FastRing | null;
}

export interface RealChannel {
  kind: 'pipe' | 'socket';
  readFd: number;
  writeFd: number;
  writeOpen: boolean;
}

export interface RealBuf {
  /** The program's own reference (null once dropped). */
  ref: Uint8Array | null;
  weak: WeakRef<ArrayBuffer>;
  size: number;
  /** The content while no request may write into it, to catch stray writes. */
  snapshot: Uint8Array | null;
}

/**
 * What a step found wrong: the invariant's kind (memory:collected, memory:freeable, memory:stray-write, state,
 * completion, error, refusal, leak) and what was seen.
 */
export class Violation extends Error {
  constructor(readonly kind: string, message: string) {
    super(`${kind}: ${message}`);
  }
}

let programSerial = 0;
/** Buffers collected, as "program:buffer" (callbacks can run after their program ended; the serial tells them apart). */
const collected = new Set<string>();
const registry = new FinalizationRegistry<string>((key) => collected.add(key));

const FILE_SIZE = 4096;
let filePath: string | null = null;
function testFile(): string {
  if (!filePath) {
    filePath = join(tmpdir(), `liburing-ts-fuzz-programs-${process.pid}.dat`);
    writeFileSync(filePath, Uint8Array.from({ length: FILE_SIZE }, (_, i) => (i * 7 + 1) & 0xff));
    process.once('exit', () => rmSync(filePath!, { force: true }));
  }
  return filePath;
}

export function openFds(): Map<number, string> {
  const fds = new Map<number, string>();
  for (const name of readdirSync('/proc/self/fd')) {
    let target = '?';
    try {
      target = readlinkSync(`/proc/self/fd/${name}`);
    } catch {
      continue; // the descriptor of the directory listing itself, already closed
    }
    fds.set(Number(name), target);
  }
  return fds;
}

export class World {
  readonly serial = ++programSerial;
  readonly rings: RealRing[] = [];
  readonly channels: RealChannel[] = [];
  readonly bufs: RealBuf[] = [];
  readonly fileFd: number;
  /**
   * Descriptors open for writing only and for reading only (/dev/null), kept until the program ends. A read's wrong
   * end is the first. Closing a pipe's write end puts the second in its place (dup2), so that its number is never free:
   * anything the process opens meanwhile (tsx's loader thread reads files at any time) would take a free number, and a
   * request looking it up later would read or write that file (found by the --seed 7000000 run: seed 7213813, a read
   * of "the wrong end", the closed write end's number, that read 16 bytes).
   */
  readonly writeOnlyFd: number;
  readonly readOnlyFd: number;
  readonly promise: Ring | null;
  /** The Ring's operations, by the model's id: how each settled (once it has), and its AbortController. */
  readonly promiseOps = new Map<number, { settled: { value: unknown } | { error: unknown } | null; controller: AbortController }>();
  readonly fdsBefore: Map<number, string>;
  /** Violations of kinds not selected (reported, not failing the program). */
  readonly ignored: Violation[] = [];
  /** The steps run, as JSON, and what each one observed. */
  readonly log: { step: unknown; note: string }[] = [];
  private chunkNo = 0;

  constructor(readonly spec: WorldSpec, private readonly selected: Set<string> | null, private readonly traceFd: number | null) {
    this.fdsBefore = openFds();
    for (const r of spec.rings) this.rings.push(this.newRing(r));
    for (let i = 0; i < spec.pipes; i++) {
      const fds = new Int32Array(2);
      if (pipe2(fds, 0) !== 0) throw new Error('pipe2 failed');
      this.channels.push({ kind: 'pipe', readFd: fds[0]!, writeFd: fds[1]!, writeOpen: true });
    }
    if (spec.socket) {
      const [a, b] = tcpPair();
      this.channels.push({ kind: 'socket', readFd: a, writeFd: b, writeOpen: true });
    }
    this.fileFd = openSync(testFile(), 'r');
    this.writeOnlyFd = openSync('/dev/null', 'w');
    this.readOnlyFd = openSync('/dev/null', 'r');
    this.promise = spec.promise ? Ring.createSync({ entries: 8, deferTaskrun: spec.promise.deferTaskrun }) : null;
    spec.bufs.forEach((b, i) => {
      const ref = b.aligned ? allocAligned(b.size) : new Uint8Array(b.size);
      registry.register(ref.buffer, `${this.serial}:${i}`);
      this.bufs.push({ ref, weak: new WeakRef(ref.buffer as ArrayBuffer), size: b.size, snapshot: null });
    });
  }

  private newRing(spec: RingSpec): RealRing {
    const uring = new IoUring();
    const params = new IoUringParams();
    params.flags = MODE_FLAGS[spec.mode];
    io_uring_queue_init_params(spec.entries, uring, params);
    const word = (p: bigint) => new Uint32Array(koffi.view(p, 4));
    const cq = uring.cq;
    return {
      uring,
      sqKhead: word(uring.sq.khead),
      sqKtail: word(uring.sq.ktail),
      cqKhead: word(cq.khead),
      cqKtail: word(cq.ktail),
      cqes: new DataView(koffi.view(cq.cqes, cq.ring_entries * CQE_LAYOUT.size)),
      cqMask: cq.ring_mask,
      sqes: new Map(),
      peeked: [],
      out: new OutPointer<IoUringCqe>(),
      batch: new PointerArray<IoUringCqe>(4),
      bufRing: null,
      fast: spec.api === 'fast' ? new FastRing(uring) : null,
    };
  }

  /** The CQE at the CQ head, read from the ring's memory (what cqe_seen or cq_advance consumes next). */
  headCqe(ring: number, ahead = 0): { u: bigint; res: number; flags: number } {
    const r = this.rings[ring]!;
    const at = ((r.cqKhead[0]! + ahead) & r.cqMask) * CQE_LAYOUT.size;
    return {
      u: r.cqes.getBigUint64(at + CQE_LAYOUT.offset.user_data, true),
      res: r.cqes.getInt32(at + CQE_LAYOUT.offset.res, true),
      flags: r.cqes.getUint32(at + CQE_LAYOUT.offset.flags, true),
    };
  }

  /** The address of the CQE at the CQ head. */
  headAddress(ring: number): bigint {
    const r = this.rings[ring]!;
    return r.uring.cq.cqes + BigInt((r.cqKhead[0]! & r.cqMask) * CQE_LAYOUT.size);
  }

  /** Completions ready in the CQ (*cq.ktail - *cq.khead). */
  cqReady(ring: number): number {
    const r = this.rings[ring]!;
    return (Atomics.load(r.cqKtail, 0) - r.cqKhead[0]!) >>> 0;
  }

  /** The next 16 bytes written to a channel: a counter, so every chunk differs. */
  chunk(): Uint8Array {
    const n = ++this.chunkNo;
    return Uint8Array.from({ length: 16 }, (_, i) => ((n * 16 + i) % 251) + 1);
  }

  writeChannel(c: number): void {
    const ch = this.channels[c]!;
    const n = writeSync(ch.writeFd, this.chunk());
    if (n !== 16) throw new Error(`short write to channel ${c}: ${n}`);
  }

  closeChannelWrite(c: number): void {
    const ch = this.channels[c]!;
    // The pipe's write end is closed as close(2) would, and its number now names a read-only file: writes fail with EBADF.
    if (dup2(this.readOnlyFd, ch.writeFd) !== ch.writeFd) throw new Error(`dup2 onto the write end of channel ${c} failed`);
    ch.writeOpen = false;
  }

  /** Whether the collector took buffer `i` (a FinalizationRegistry callback ran, or its WeakRef is empty). */
  isCollected(i: number): boolean {
    return collected.has(`${this.serial}:${i}`) || this.bufs[i]!.weak.deref() === undefined;
  }

  /** The buffer's memory if it is still alive (through the program's reference or its WeakRef). */
  live(i: number): ArrayBuffer | Uint8Array | undefined {
    const b = this.bufs[i]!;
    return b.ref ?? b.weak.deref();
  }

  /** Record a violation: thrown when its kind is selected (or all are), kept in `ignored` otherwise. */
  violation(kind: string, message: string): void {
    const v = new Violation(kind, message);
    if (this.selected === null || this.selected.has(kind) || this.selected.has(kind.split(':')[0]!)) throw v;
    this.ignored.push(v);
  }

  trace(line: string): void {
    if (this.traceFd !== null) writeSync(this.traceFd, line + '\n');
  }

  /** Close what the program did not (channels, the file). Rings are exited by the final checks. */
  closeFds(): void {
    for (const ch of this.channels) {
      closeSync(ch.readFd);
      closeSync(ch.writeFd); // the write end, or the read-only file put in its place
      ch.writeOpen = false;
    }
    closeSync(this.fileFd);
    closeSync(this.writeOnlyFd);
    closeSync(this.readOnlyFd);
  }
}

export function initialModel(spec: WorldSpec, steps = Infinity, without: ReadonlySet<string> = new Set()): Model {
  return {
    stepsLeft: steps,
    noRefusals: without.has('refused'),
    noReprep: without.has('reprep'),
    noStaleSeen: without.has('stale_seen'),
    noExitInFlight: without.has('exit_in_flight'),
    rings: spec.rings.map((r) => ({
      entries: r.entries, cqEntries: r.entries * 2, mode: r.mode, api: r.api ?? 'checked', live: true,
      obtained: 0, published: 0, kernelHead: 0, cqHead: 0,
      slotData: new Array<bigint>(r.entries).fill(0n),
      open: [], inflight: [], unassigned: [], peeked: 0, registered: null, files: null, bufRing: null,
    })),
    channels: [
      ...Array.from({ length: spec.pipes }, () => ({ kind: 'pipe' as const, avail: 0, writeClosed: false, chaos: false })),
      ...(spec.socket ? [{ kind: 'socket' as const, avail: 0, writeClosed: false, chaos: false }] : []),
    ],
    bufs: spec.bufs.map((b) => ({ aligned: b.aligned, size: b.size, dropped: false, freed: false })),
    promise: spec.promise ? { live: true, ops: [], nextId: 1 } : null,
    nextReq: 1,
    fileSize: FILE_SIZE,
  };
}
