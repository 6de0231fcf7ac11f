/**
 * The typed errors every wrapper throws. Each names the function and says what
 * was wrong and what to do, so a caller never has to decode a bare errno.
 * UringError is shaped like Node's own system errors (fs, net): code, negative
 * errno, syscall, path or address, and a message that starts the same way, so
 * code written for Node's errors reads ours.
 */
import { errnoName, errnoNumber, errnoText } from './errno.js';
import type { ProvisionReason } from './provision/failure.js';

export type { ProvisionReason };

/** What the code of every PreconditionError is. */
export const PRECONDITION_CODE = 'ERR_LIBURING_PRECONDITION';

/** What a broken precondition is about; the argument of PreconditionError's constructor. */
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
  /** The name of the errno C would have given ("EINVAL"), when the schema records one. */
  cCode?: string | null;
  /** @deprecated The former name of `cCode`, still accepted. */
  errno?: string | null;
  /** Where the rule comes from (man page, source, issue). */
  source: string | null;
}

/**
 * An argument broke a precondition; thrown before C is called.
 *
 * @example
 * ```ts
 * try {
 *   io_uring_queue_init(0, new IoUring(), 0);
 * } catch (e) {
 *   if (e instanceof PreconditionError) {
 *     e.code;      // 'ERR_LIBURING_PRECONDITION'
 *     e.parameter; // 'entries'
 *     e.cErrno;    // -22: what C would have returned
 *     e.cCode;     // 'EINVAL'
 *   }
 * }
 * ```
 */
export class PreconditionError extends Error {
  override name = 'PreconditionError';
  /** Always 'ERR_LIBURING_PRECONDITION', as Node's own argument errors have an ERR_ code. */
  readonly code = PRECONDITION_CODE;
  /** The C function, e.g. "io_uring_queue_init_mem". */
  readonly functionName: string;
  /** The C parameter name, e.g. "buf". */
  readonly parameter: string;
  /** The rule, e.g. "pageAligned", or "type" for a value that is not of the C type. */
  readonly rule: string;
  /** The value seen, as a short description. */
  readonly seen: string;
  /** What the schema says is required. */
  readonly requirement: string;
  /** What to do about it, computed from the actual arguments. */
  readonly hint: string;
  /** The errno C would have returned, negative as a UringError's `errno` (-22), or null when C checks nothing. */
  readonly cErrno: number | null;
  /** The name of that errno, as a UringError's `code` ("EINVAL"), or null. */
  readonly cCode: string | null;
  /** Where the rule comes from (man page, source, issue). */
  readonly source: string | null;
  constructor(f: PreconditionFailure) {
    const cCode = f.cCode ?? f.errno ?? null;
    super(
      `${f.functionName}: argument '${f.parameter}' breaks rule ${f.rule}: ${f.requirement} (seen: ${f.seen})` +
        (f.hint ? `. ${f.hint}` : '') +
        (cCode ? ` [C would return -${cCode}]` : ''),
    );
    this.functionName = f.functionName;
    this.parameter = f.parameter;
    this.rule = f.rule;
    this.seen = f.seen;
    this.requirement = f.requirement;
    this.hint = f.hint;
    this.cCode = cCode;
    this.cErrno = cCode ? -errnoNumber(cCode) : null;
    this.source = f.source;
  }
}

/** Where a failed operation worked, as Node's system errors carry it. */
export interface UringErrorDetails {
  /** The file path (openat, statx, unlink, mkdir, ...). */
  path?: string;
  /** The second path (the new name of a rename). */
  dest?: string;
  /** The socket address (connect, bind). */
  address?: string;
  /** The port of `address`. */
  port?: number;
}

/**
 * A liburing function returned a negative errno, or a completion carried one.
 * Shaped like Node's system errors: `code`, `errno` (negative), `syscall`,
 * `path`/`dest` or `address`/`port` where there is one, and a message that
 * starts as Node's does, followed by this package's explanation.
 *
 * @example
 * ```ts
 * try {
 *   await ring.openat('/no/such');
 * } catch (e) {
 *   if (e instanceof UringError) {
 *     e.code;    // 'ENOENT'
 *     e.errno;   // -2
 *     e.syscall; // 'Ring.openat'
 *     e.path;    // '/no/such'
 *     e.message; // "ENOENT: no such file or directory, Ring.openat '/no/such'"
 *   }
 * }
 * ```
 */
export class UringError extends Error {
  override name = 'UringError';
  /** The errno name, e.g. "ENOENT". */
  readonly code: string;
  /** The errno, negative as Node gives it (-2 for ENOENT). */
  readonly errno: number;
  /** The liburing function ("io_uring_queue_init") or Ring operation ("Ring.openat") that failed. */
  readonly syscall: string;
  /** The same as `syscall`; the name PreconditionError and UnsupportedError use. */
  readonly functionName: string;
  /** The schema's (or the Ring's) explanation of this errno here, when it has one. */
  readonly explanation: string | null;
  // declare: absent, not undefined, when there is none (as on Node's errors).
  /** The file path, when the operation has one. */
  declare readonly path?: string;
  /** The second path (a rename's new name). */
  declare readonly dest?: string;
  /** The socket address, when the operation has one. */
  declare readonly address?: string;
  /** The port of `address`. */
  declare readonly port?: number;
  constructor(
    /** The C function or Ring operation that failed. */
    syscall: string,
    /** The errno: negative as Node gives it, or positive as C's errno variable holds it. */
    errno: number,
    /** The explanation of this errno for this function, when there is one. */
    explanation: string | null = null,
    details: UringErrorDetails = {},
  ) {
    const code = errnoName(errno);
    const where =
      (details.path !== undefined ? ` '${details.path}'` : '') +
      (details.dest !== undefined ? ` -> '${details.dest}'` : '') +
      (details.address !== undefined ? ` ${details.address}${details.port !== undefined ? `:${details.port}` : ''}` : '');
    super(`${code}: ${errnoText(errno)}, ${syscall}${where}` + (explanation ? `: ${explanation}` : ''));
    this.code = code;
    this.errno = -Math.abs(errno);
    this.syscall = syscall;
    this.functionName = syscall;
    this.explanation = explanation;
    if (details.path !== undefined) this.path = details.path;
    if (details.dest !== undefined) this.dest = details.dest;
    if (details.address !== undefined) this.address = details.address;
    if (details.port !== undefined) this.port = details.port;
  }
}

/** The loaded liburing is older than the function needs (or, for a libc function, the C library lacks it). */
export class UnsupportedError extends Error {
  override name = 'UnsupportedError';
  constructor(
    readonly functionName: string,
    /** The liburing version the function needs, e.g. "2.11" (a libc function: the glibc version, "glibc 2.27"). */
    readonly needed: string,
    /** The liburing version loaded, e.g. "2.9" (a libc function: "glibc 2.36"). */
    readonly loaded: string,
  ) {
    super(
      needed.startsWith('glibc ')
        ? `${functionName} needs ${needed} or newer, and the C library loaded (${loaded}) does not export it.`
        : `${functionName} needs liburing ${needed} or newer, but liburing ${loaded} is loaded. ` +
            `Set LIBURING_FFI_PATH to a liburing-ffi.so.2 of version ${needed} or newer ` +
            `(or provision one with LIBURING_SUITE=sid npx liburing-ts provision).`,
    );
  }
}

/** No usable liburing could be found or provisioned. The message names the cause and the fix. */
export class LiburingNotFoundError extends Error {
  override name = 'LiburingNotFoundError';
  constructor(
    message: string,
    /**
     * Why: 'network', 'timeout', 'not-found', 'verification' (a signature or checksum failed),
     * 'unsupported-system', 'not-writable', 'disabled' (LIBURING_TS_AUTO_PROVISION=0), 'absent' or 'failed'.
     */
    readonly reason: ProvisionReason = 'failed',
  ) {
    super(message);
  }
}

/** The kernel refuses io_uring (disabled by sysctl, or blocked by a seccomp filter). */
export class IoUringUnavailableError extends UringError {
  override name = 'IoUringUnavailableError';
}
