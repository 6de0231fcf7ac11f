/**
 * One operation of a Ring: what it writes into its SQE, what it keeps
 * referenced until its final completion, how its result is turned into the
 * value its Promise resolves with, and where it is in its life.
 */
import type { MultishotSink } from './multishot.js';
import type { UringErrorDetails } from '../errors.js';

/** Writes the operation's SQE fields at byte `at` of the mapped SQE array (user_data and IOSQE flags are written by the Ring). */
export type Encode = (sqes: DataView, at: number) => void;

/** Options every operation takes. */
export interface OpOptions {
  /** Cancels the operation (IORING_OP_ASYNC_CANCEL); its Promise then rejects with an AbortError. */
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

export class Op<T = unknown> implements PreparedOp<T> {
  // ---- what the operation is ----
  readonly name: string;
  readonly encode: Encode;
  /** Everything the SQE points to (buffers, iovecs, paths, structs): referenced until the final completion. */
  hold: unknown;
  /** Turns a non-negative res (and the CQE flags) into the resolved value; null resolves with res itself. */
  readonly map: ((res: number, flags: number) => T) | null;
  /** An errno that means success for this operation (ETIME for a timeout that expired). */
  okErrno = 0;
  /** The path (and dest) or address (and port) the operation works on, for its UringError. */
  where: UringErrorDetails = {};
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
  /** Part of a linked chain after its first operation. */
  chained = false;
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

  constructor(name: string, encode: Encode, hold: unknown, map: ((res: number, flags: number) => T) | null) {
    this.name = name;
    this.encode = encode;
    this.hold = hold;
    this.map = map;
  }
}
