/**
 * The model of the program fuzzer (npm run fuzz:programs): what a correct
 * io_uring and a correct liburing-ts must do for the program run so far. It
 * is plain data, no real objects, so that it can say, after every step:
 *
 * - which memory the package must still hold (what a request whose
 *   completion was not consumed uses, registered buffers, buffers in a buffer
 *   ring) and which the kernel may write into: invariant 1;
 * - what each ring's head and tail words must be: invariant 2;
 * - which completions may arrive, with which user_data, res and flags:
 *   invariant 3.
 *
 * Requests that wait (reads, recvs and polls on a channel: a pipe or a TCP
 * socket) complete only when the program writes to or closes the channel's far
 * end, so the model knows which ones cannot have completed. One waiter at a
 * time per channel (its "gate", held until its completion is consumed) keeps
 * the model exact: writes and reads move 16-byte chunks, and a read takes one
 * chunk or, at end of file, none.
 */
import { errnoNumber } from '../../runtime/errno.js';

export const CHUNK = 16;
export const ECANCELED = -errnoNumber('ECANCELED');
export const ENOENT = -errnoNumber('ENOENT');
export const EALREADY = -errnoNumber('EALREADY');
export const EINTR = -errnoNumber('EINTR');
export const ENOBUFS = -errnoNumber('ENOBUFS');

/** A completion a request may produce: res in [min, max], and whether F_MORE and F_BUFFER are set. */
export interface Outcome {
  min: number;
  max: number;
  more?: boolean;
  buffer?: boolean;
  /** With buffer: the buffer ID the kernel must report. */
  bid?: number;
}

export const exactly = (res: number): Outcome => ({ min: res, max: res });
export const failure: Outcome = { min: -4095, max: -1 };

/** What a prep wrote into an SQE, as the kernel will run it. */
export interface Template {
  what: string;
  /** Memory the kernel reads or writes while the request runs. */
  bufs: number[];
  /** A request that waits for data on a channel: a read or recv takes one chunk, a poll only looks. */
  channel?: { id: number; takes: boolean; stream?: boolean };
  /** Outcomes of a request that does not wait. */
  now?: Outcome[];
  /** Success of a request that does not wait is res === successRes (link semantics: a short read fails the chain). */
  successRes?: number;
  multishot?: boolean;
  /** A write: one chunk arrives on the channel when it runs. */
  feeds?: number;
  /** msg_ring: a completion on another ring. */
  message?: { ring: number; u: bigint; len: number };
  /** An async cancel of this ring's requests with user_data u. */
  cancel?: { u: bigint; all: boolean };
  /** A recv with no buffer: with IOSQE_BUFFER_SELECT it takes one from the ring's buffer ring. */
  selectable?: boolean;
  /** A read_fixed: needs these registered buffer indexes when it is submitted. */
  fixed?: number;
  /** The kernel fails it with EINVAL when buf_index (buf_group) is not 0: poll, cancel, msg_ring. */
  rejectsBufIndex?: boolean;
  /** Prepared through the fast path (an encoder): the package holds nothing, the program keeps the memory. */
  unheld?: boolean;
  /** A read of the test file through the registered file table (IOSQE_FIXED_FILE), at this index. */
  fixedFile?: number;
}

/** An SQE obtained with get_sqe and not yet submitted. */
export interface SqeModel {
  /** sqe_tail when it was obtained. */
  index: number;
  slot: number;
  /** The last prep (null: none since get_sqe, the slot's old request is still in it). */
  template: Template | null;
  flags: number;
  /** buf_group, which is also buf_index (read_fixed's registered buffer). */
  bufGroup: number;
  /** The rw_flags word (poll events, cancel flags...): get_sqe clears it, only some preps write it. */
  rwFlags: number;
  /** Obtained with FastRing.getSqe: there is no IoUringSqe for the checked helpers to take. */
  viaFast?: boolean;
}

export interface ReqModel {
  id: number;
  ring: number;
  what: string;
  u: bigint;
  template: Template;
  flags: number;
  bufGroup: number;
  /** The request before it in a linked chain (it starts when that one completed). */
  pred: ReqModel | null;
  completable: boolean;
  /** A cancel may have ended it: it may complete with -ECANCELED at any time, and nothing is certain of it. */
  maybeCancelled: boolean;
  outcomes: Outcome[];
  /** The chunk this request was given (returned to the channel if it turns out to be cancelled). */
  tookChunk: boolean;
  /** A buffer from the buffer ring given to it. */
  selected: { bid: number; buf: number } | null;
  /** Channels with no new waiter until this completion is consumed. */
  gates: Set<number>;
  /** Its completion may never come (CQE_SKIP_SUCCESS): it stays in flight until the ring exits, for its gate and buffers. */
  silent: boolean;
  /** Its completion certainly never comes (a chain member after a failed CQE_SKIP_SUCCESS request). */
  never: boolean;
  /**
   * It may be waiting on a channel for data that may never come: a chain before it may have gone on (a cancel-all
   * that found nothing succeeds with 0), or the channel holds data the model cannot count. It may complete at any
   * time, but no drain insists on it; its buffers stay required until its completion is consumed.
   */
  mayWait: boolean;
  /** It failed or was cancelled in a chain whose CQEs are omitted from here on (io_uring_enter(2), IOSQE_CQE_SKIP_SUCCESS). */
  skipLinkCqes: boolean;
  /** In some of the ways things may have gone, it failed or was cancelled in a chain whose CQEs are omitted from here on. */
  maybeSkipLinkCqes: boolean;
  /** It was cancelled because a request before it in its chain failed (it did not fail on its own). */
  chainCancelled: boolean;
  /**
   * The kernel issues it in io-wq, at a time the model does not know: IOSQE_ASYNC, or a chain left open at the end of
   * a submit (io_submit_state_end() queues its head to io-wq), and what is chained after either. It looks up the
   * registered tables when it runs, and exiting its ring before then cancels it.
   */
  late: boolean;
  /** The completion its msg_ring posted on the target ring (the model's request for it). */
  posted: ReqModel | null;
}

export interface ChannelModel {
  kind: 'pipe' | 'socket';
  avail: number;
  writeClosed: boolean;
  /** Its state became uncertain (an ambiguous cancel): no new waiters, existing ones may end any way. */
  chaos: boolean;
}

export interface BufModel {
  aligned: boolean;
  size: number;
  dropped: boolean;
  freed: boolean;
}

export interface RingModel {
  entries: number;
  cqEntries: number;
  mode: string;
  api: 'checked' | 'fast';
  live: boolean;
  /** Counters of SQEs: obtained (sqe_tail), published to the kernel (sqe_head, *sq.ktail), consumed by it (*sq.khead). */
  obtained: number;
  published: number;
  kernelHead: number;
  /** CQEs consumed (*cq.khead). */
  cqHead: number;
  /** The user_data each SQ slot holds (get_sqe does not clear it). */
  slotData: bigint[];
  open: SqeModel[];
  inflight: ReqModel[];
  /** Completions consumed that could belong to more than one request (matching.ts resolve): told apart later. */
  unassigned: { u: bigint; res: number; flags: number }[];
  /** How many CQE views the last peek or wait returned (the world holds them). */
  peeked: number;
  registered: number[] | null;
  /** The registered file table (io_uring_register_files): 'file' for the test file, a channel's read end, or -1. */
  files: ('file' | number)[] | null;
  bufRing: { entries: number; avail: { bid: number; buf: number }[]; nextBid: number } | null;
}

/** An operation of the Ring (Promise API) on the program's Ring. */
export interface PromiseOpModel {
  id: number;
  kind: 'read' | 'write' | 'nop';
  chan: number;
  buf: number | null;
  /** It will settle without anything else happening. */
  completable: boolean;
  /** Its result once completable (bytes), when not aborted. */
  res: number;
  aborted: boolean;
  tookChunk: boolean;
  /** Given freed memory: the Promise must reject with PreconditionError. */
  refused?: boolean;
}

export interface Model {
  /** The program's Ring (Promise API) and its operations not yet settled, or null. */
  promise: { live: boolean; ops: PromiseOpModel[]; nextId: number } | null;
  /** Steps still to run in this program (generated programs are longer: many steps do not apply when drawn). */
  stepsLeft: number;
  /** Do not make calls the package must refuse (to look past a known bug of refused helpers). */
  noRefusals: boolean;
  /** Do not prep an SQE a second time. */
  noReprep: boolean;
  /** Only pass the CQE at the head to cqe_seen (no stale view, no later one of a batch). */
  noStaleSeen: boolean;
  /** Exit a ring only when none of its requests is in flight. */
  noExitInFlight: boolean;
  rings: RingModel[];
  channels: ChannelModel[];
  bufs: BufModel[];
  nextReq: number;
  /** The file read by read and read_fixed: its size. */
  fileSize: number;
}

export function isSuccess(r: ReqModel, o: Outcome): boolean {
  const t = r.template;
  // A short read fails (io_uring_enter(2), IOSQE_IO_LINK); a recv without MSG_WAITALL succeeds with any res >= 0.
  if (t.channel) return t.channel.takes ? (t.channel.stream ? o.min >= 0 : o.min === CHUNK && o.max === CHUNK) : o.min > 0;
  if (t.successRes !== undefined) return o.min === t.successRes && o.max === t.successRes;
  return o.min >= 0;
}

/** Whether a request of this template holds memory the kernel uses. */
export function usesMemory(t: Template | null): boolean {
  return t !== null && t.bufs.length > 0;
}

/** A channel a new waiter may use: not gated by a request or a prepared SQE, not chaotic. */
export function channelFree(m: Model, c: number): boolean {
  if (m.channels[c]!.chaos) return false;
  if (m.promise?.ops.some((o) => o.kind === 'read' && o.chan === c)) return false;
  for (const r of m.rings) {
    if (r.open.some((s) => s.template?.channel?.id === c)) return false;
    if (r.inflight.some((q) => q.gates.has(c))) return false;
  }
  return true;
}

/** Requests that certainly have not completed: the kernel may still use their memory. */
export function certainlyPending(r: RingModel): ReqModel[] {
  return r.inflight.filter((q) => !q.completable && !q.maybeCancelled && !q.silent);
}

/**
 * Memory the package must be holding now, each with the reason: what prepared SQEs use, what requests whose final
 * completion has not been consumed use (over-holding is allowed, early release is not: a request that may have
 * completed is not known to have), registered buffers, buffers in a buffer ring, and buffers of Ring operations
 * not yet settled. Requests prepared through the fast path are the program's to keep; CQE_SKIP_SUCCESS requests
 * that may have succeeded silently are left to the package's judgement.
 */
export function requiredBuffers(m: Model): Map<number, string> {
  const need = new Map<number, string>();
  m.rings.forEach((r, i) => {
    if (!r.live) return;
    for (const s of r.open) {
      if (!s.template?.unheld) for (const b of s.template?.bufs ?? []) need.set(b, `ring ${i}: prepared ${s.template!.what}, not yet submitted`);
    }
    for (const q of r.inflight) {
      if (q.template.unheld || q.silent) continue;
      const why = `ring ${i}: ${q.what} (user_data ${q.u}) ${q.completable || q.maybeCancelled ? 'may have completed, but its completion was not consumed' : 'cannot have completed'}`;
      for (const b of q.template.bufs) need.set(b, why);
    }
    for (const b of r.registered ?? []) need.set(b, `ring ${i}: registered with io_uring_register_buffers`);
    for (const e of r.bufRing?.avail ?? []) need.set(e.buf, `ring ${i}: in the buffer ring (bid ${e.bid})`);
  });
  for (const o of m.promise?.ops ?? []) {
    if (m.promise!.live && o.buf !== null) need.set(o.buf, `Ring.${o.kind} (operation ${o.id}) has not settled`);
  }
  return need;
}

/** Buffers the kernel may write into (or have written into without the program having seen it yet). */
export function busyBuffers(m: Model): Set<number> {
  const busy = new Set<number>();
  for (const r of m.rings) {
    if (!r.live) continue;
    for (const s of r.open) for (const b of s.template?.bufs ?? []) busy.add(b);
    for (const q of r.inflight) {
      for (const b of q.template.bufs) busy.add(b);
      if (q.selected) busy.add(q.selected.buf);
    }
    for (const b of r.registered ?? []) busy.add(b);
    for (const e of r.bufRing?.avail ?? []) busy.add(e.buf);
  }
  for (const o of m.promise?.ops ?? []) if (o.buf !== null) busy.add(o.buf);
  return busy;
}

/** How many requests the package must still be holding memory for (a lower bound on heldRequestCount). */
export function heldLowerBound(r: RingModel): number {
  const held = (t: Template | null) => usesMemory(t) && !t!.unheld;
  return r.open.filter((s) => held(s.template)).length + certainlyPending(r).filter((q) => held(q.template)).length;
}

/** Buffers of requests prepared through the fast path: the program itself must keep them until they complete. */
export function programHeld(m: Model): Set<number> {
  const keep = new Set<number>();
  for (const r of m.rings) {
    if (!r.live) continue;
    for (const s of r.open) if (s.template?.unheld) for (const b of s.template.bufs) keep.add(b);
    for (const q of r.inflight) if (q.template.unheld) for (const b of q.template.bufs) keep.add(b);
  }
  return keep;
}

/** Completions certain to arrive on the ring (without anything else happening). */
export function certainCompletions(r: RingModel): number {
  let n = 0;
  for (const u of new Set(r.inflight.map((q) => q.u))) {
    // Completions consumed but not yet told apart belong to some of these requests.
    const due = r.inflight.filter((q) => q.u === u && q.completable && !q.silent && !q.mayWait && !q.template.multishot && q.outcomes.length > 0).length;
    n += Math.max(0, due - r.unassigned.filter((c) => c.u === u).length);
  }
  return n;
}

/** Completions that may still arrive (an upper bound on the CQ's content); Infinity with a multishot request. */
export function possibleCompletions(r: RingModel): number {
  let n = -r.unassigned.length;
  for (const q of r.inflight) n += q.template.multishot ? Infinity : 1;
  return n;
}

export function describeOutcome(o: Outcome): string {
  const res = o.min === o.max ? `res ${o.min}` : `res ${o.min}..${o.max}`;
  return `${res}${o.more ? ' +F_MORE' : ''}${o.buffer ? ` +F_BUFFER${o.bid !== undefined ? ` bid ${o.bid}` : ''}` : ''}`;
}
