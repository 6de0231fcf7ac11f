/**
 * The typed errors every wrapper throws. Each names the function and says what
 * was wrong and what to do, so a caller never has to decode a bare errno.
 */
import { errnoName } from './errno.js';

export interface PreconditionFailure {
  /** The C function, e.g. "io_uring_queue_init_mem". */
  functionName: string;
  /** The C parameter name, e.g. "buf". */
  parameter: string;
  /** The rule, e.g. "pageAligned", or "type" for a value that is not of the C type. */
  rule: string;
  /** The value seen, as a short description. */
  seen: string;
  /** What the schema says is required. */
  requirement: string;
  /** What to do about it, computed from the actual arguments. */
  hint: string;
  /** The errno C would have given, when the schema records one. */
  errno: string | null;
  /** Where the rule comes from (man page, source, issue). */
  source: string | null;
}

/** An argument broke a precondition; thrown before C is called. */
export class PreconditionError extends Error implements PreconditionFailure {
  override name = 'PreconditionError';
  readonly functionName: string;
  readonly parameter: string;
  readonly rule: string;
  readonly seen: string;
  readonly requirement: string;
  readonly hint: string;
  readonly errno: string | null;
  readonly source: string | null;
  constructor(f: PreconditionFailure) {
    super(
      `${f.functionName}: argument '${f.parameter}' breaks rule ${f.rule}: ${f.requirement} (seen: ${f.seen})` +
        (f.hint ? `. ${f.hint}` : '') +
        (f.errno ? ` [C would return -${f.errno}]` : ''),
    );
    this.functionName = f.functionName;
    this.parameter = f.parameter;
    this.rule = f.rule;
    this.seen = f.seen;
    this.requirement = f.requirement;
    this.hint = f.hint;
    this.errno = f.errno;
    this.source = f.source;
  }
}

/** A liburing function returned a negative errno (or a completion carried one). */
export class UringError extends Error {
  override name = 'UringError';
  /** The errno name, e.g. "EINVAL". */
  readonly code: string;
  constructor(
    /** The C function (or operation) that failed. */
    readonly functionName: string,
    /** The positive errno number. */
    readonly errno: number,
    /** The schema's explanation for this errno, when it has one. */
    readonly explanation: string | null = null,
  ) {
    const code = errnoName(errno);
    super(`${functionName} failed with -${code} (${errno})` + (explanation ? `: ${explanation}` : ''));
    this.code = code;
  }
}

/** The loaded liburing is older than the function needs. */
export class UnsupportedError extends Error {
  override name = 'UnsupportedError';
  constructor(
    readonly functionName: string,
    /** The liburing version the function needs, e.g. "2.11". */
    readonly needed: string,
    /** The liburing version loaded, e.g. "2.9". */
    readonly loaded: string,
  ) {
    super(
      `${functionName} needs liburing ${needed} or newer, but liburing ${loaded} is loaded. ` +
        `Set LIBURING_FFI_PATH to a liburing-ffi.so.2 of version ${needed} or newer ` +
        `(or provision one with LIBURING_SUITE=sid npx liburing-ts provision).`,
    );
  }
}

/** No usable liburing could be found or provisioned. */
export class LiburingNotFoundError extends Error {
  override name = 'LiburingNotFoundError';
}

/** The kernel refuses io_uring (disabled by sysctl, or blocked by a seccomp filter). */
export class IoUringUnavailableError extends UringError {
  override name = 'IoUringUnavailableError';
}
