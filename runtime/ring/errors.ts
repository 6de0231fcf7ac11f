/** The errors the Ring adds to the runtime's (UringError, PreconditionError). */

/** An operation was cancelled through its AbortSignal (the same name and code as Node's own AbortError). */
export class AbortError extends Error {
  override name = 'AbortError';
  readonly code = 'ABORT_ERR';
  constructor(message = 'The operation was aborted', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An operation could not run, or was cancelled, because its Ring was closed. */
export class RingClosedError extends Error {
  override name = 'RingClosedError';
  readonly code = 'ERR_RING_CLOSED';
  constructor(
    /** The operation, e.g. "Ring.read". */
    readonly operation: string,
    message: string,
  ) {
    super(`${operation}: ${message}`);
  }
}
