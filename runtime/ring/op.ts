/**
 * One operation of a Ring: what it writes into its SQE, what it keeps
 * referenced until its final completion, how its result is turned into the
 * value its Promise resolves with, and where it is in its life.
 *
 * This module imports nothing of the Ring: every other module of runtime/ring
 * may depend on it, and it on none of them.
 */
import type { UringErrorDetails } from '../errors.js';

/** Writes the operation's SQE fields at byte `at` of the mapped SQE array (user_data and IOSQE flags are written by the Ring). */
export type Encode = (sqes: DataView, at: number) => void;

/**
 * How an operation of the table (ops.ts) writes its SQE and maps its result, from its checked
 * arguments: shared by every operation of that kind, so that starting one makes no closures.
 * `args` is typed never because each kind takes its own checked arguments, which prepareOp stores
 * next to it in the Op: TypeScript cannot tie those two fields of one object together.
 */
export interface OpKind {
  encode(sqes: DataView, at: number, args: never): void;
  result?(res: number, flags: number, args: never): unknown;
}

/** Options every operation takes. */
export interface OpOptions {
  /**
   * Cancels the operation; its Promise then rejects with an AbortError, unless it had already
   * started, in which case it settles with its real result. In a linked chain, aborting a member
   * that has not started cancels the chain where it is (see the README's "Cancelling" section).
   */
  signal?: AbortSignal | undefined;
  /**
   * A timeout in milliseconds linked to the operation (IORING_OP_LINK_TIMEOUT): when it expires
   * first the kernel cancels the operation, and its Promise rejects with a UringError of code ETIME.
   */
  linkTimeout?: number | undefined;
  /** Further IOSQE_* flags for the SQE (e.g. IOSQE_ASYNC). IOSQE_IO_LINK is managed by link(). */
  sqeFlags?: number | undefined;
}

/** An operation prepared with `ring.op.*`, not submitted yet: pass it to `ring.link([...])` or `ring.run(op)`. */
export interface PreparedOp<T> {
  /** The operation's name, e.g. "read". */
  readonly name: string;
  /** Phantom: the type the operation's Promise resolves with. */
  readonly __result?: T;
}

/** What a Ring's completion loop calls for a multishot operation. */
export interface MultishotSink {
  /** A completion with IORING_CQE_F_MORE: more follow. */
  more(res: number, flags: number): void;
  /** The final completion of the operation `op`; `error` is what a failure means, computed by the Ring. */
  final(op: Op, res: number, flags: number, error: () => unknown): void;
}

/** A request to stop an operation (its AbortSignal, or ring.cancel()), carried out by runtime/ring/cancellation.ts. */
export interface StopRequest {
  /** Whether the one extra round of cancels after a round that found nothing was sent. */
  retried: boolean;
}

export class Op<T = unknown> implements PreparedOp<T> {
  // ---- what the operation is ----
  readonly name: string;
  /** Writes the SQE, for an operation of the Ring itself (a link timer, a cancel); null for one of the table. */
  readonly encode: Encode | null;
  /** For an operation of the table: its kind and its checked arguments, which write its SQE and map its result. */
  kind: OpKind | null = null;
  args: unknown = null;
  /** Everything the SQE points to (buffers, iovecs, paths, structs): referenced until the final completion. */
  hold: unknown;
  /** An errno that means success for this operation (ETIME for a timeout that expired). */
  okErrno = 0;
  /** What the operation works on (a path, an address), for its UringError. */
  where: UringErrorDetails | null = null;
  options: OpOptions | undefined;
  /** Receives the completions of a multishot operation. */
  stream: MultishotSink | null = null;
  /** For the Ring's own operations: called with the final res instead of settling a Promise. */
  onResult: ((res: number) => void) | null = null;

  // ---- where it is in its life ----
  /** The Ring it was started on. */
  owner: unknown = null;
  id = 0;
  gen = 0;
  resolve: ((v: T) => void) | null = null;
  reject: ((e: unknown) => void) | null = null;
  /** An operation of the Ring itself (cancel, link timeout): no Promise. */
  internal = false;
  /** The members of the linked chain it was started in (link()), in order, and its place among them. */
  chain: readonly Op[] | null = null;
  chainIndex = 0;
  aborted = false;
  abortReason: unknown = undefined;
  onAbort: (() => void) | null = null;
  /** The Ring was closed while this was in flight. */
  closing = false;
  /** The final completion was seen. */
  done = false;
  /** Memory from allocAligned that freeAligned must refuse until completion. */
  retained: unknown = null;
  /** The IORING_OP_LINK_TIMEOUT attached to this operation, and for a timer, the operation it guards. */
  linkTimer: Op | null = null;
  linkedTo: Op | null = null;
  linkTimeoutMs = 0;
  timerRes = 0;
  /** A cancelled completion waiting for its link timer's completion, to tell a timeout from a cancel. */
  deferred = false;
  deferredRes = 0;
  deferredFlags = 0;

  // ---- cancellation ----
  /** Which SQE it was written to (the Ring's running SQE count) and where, to tell whether the kernel has consumed it. */
  sqeSeq = 0;
  sqeAt = -1;
  /** Its SQE was rewritten, before the kernel consumed it, into a NOP that completes with -ECANCELED: it never ran. */
  neutralized = false;
  /** The stop asked for it (AbortSignal or ring.cancel()), while it is being carried out. */
  stop: StopRequest | null = null;
  /** ring.cancel() was called on it. */
  cancelRequested = false;
  /** The member of its chain whose stop made the Ring cancel this one. */
  stoppedFor: Op | null = null;
  /** ring.cancel() calls waiting for its final completion: told whether it was cancelled (did not run), or why that is unknown. */
  cancelWaiters: ((outcome: boolean | Error) => void)[] | null = null;

  constructor(name: string, encode: Encode | null, hold: unknown) {
    this.name = name;
    this.encode = encode;
    this.hold = hold;
  }

  /** The name errors give it ("Ring.read"), built when asked: errors are rare, and a string per operation is not free. */
  get fn(): string {
    return `Ring.${this.name}`;
  }

  /** Write the operation's SQE fields at byte `at` of the mapped SQE array. */
  writeSqe(sqes: DataView, at: number): void {
    const kind = this.kind;
    if (kind !== null) kind.encode(sqes, at, this.args as never);
    else this.encode!(sqes, at);
  }

  /** The value a final result `res` >= 0 (and the CQE flags) resolves the operation's Promise with. */
  value(res: number, flags: number): T {
    const kind = this.kind;
    return (kind !== null && kind.result ? kind.result(res, flags, this.args as never) : res) as T;
  }

  /** Part of a linked chain after its first member. */
  get chained(): boolean {
    return this.chainIndex > 0;
  }
}
