/**
 * The argument rules of the Ring's own parameters (fds, positions, buffers,
 * options): a broken one throws PreconditionError before anything reaches the
 * ring. Values are shown with runtime/describe.ts, as the generated checks show them.
 * checks.ts combines these into one check per operation.
 */
import { constants as fsc } from 'node:fs';
import { AT_FDCWD } from '../../generated/constants.js';
import { describeValue } from '../describe.js';
import { PreconditionError } from '../errors.js';
import { freedReason, isFreed, type Memory } from '../memory.js';

/** The C types' ranges the Ring's parameters are passed as. */
export const INT_MAX = 2 ** 31 - 1;
export const U8_MAX = 2 ** 8 - 1;
export const U16_MAX = 2 ** 16 - 1;
export const U32_MAX = 2 ** 32 - 1;
/**
 * UIO_MAXIOV (<linux/uio.h>): the most iovecs one readv/writev/sendmsg/recvmsg takes. Not in
 * generated/constants.ts yet; the schema's rules for io_uring_prep_readv and friends state it too.
 */
export const UIO_MAXIOV = 1024;

export function refuse(fn: string, parameter: string, rule: string, seen: string, requirement: string, hint = '', errno: string | null = null): never {
  throw new PreconditionError({ functionName: fn, parameter, rule, seen, requirement, hint, cCode: errno, source: null });
}

export function fd(fn: string, v: unknown, name = 'fd'): number {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= INT_MAX) return v;
  return refuse(fn, name, 'fd', describeValue(v), `${name} must be an open file descriptor: an integer from 0 to ${INT_MAX}`, '', 'EBADF');
}

/** A directory fd for the *at operations: an fd, or AT_FDCWD. */
export function dirfd(fn: string, v: unknown, name = 'dirfd'): number {
  if (v === AT_FDCWD) return v;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= INT_MAX) return v;
  return refuse(fn, name, 'fd', describeValue(v), `${name} must be a directory's file descriptor or AT_FDCWD (${AT_FDCWD})`, '', 'EBADF');
}

export function int(fn: string, name: string, v: unknown, min: number, max: number): number {
  if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
  return refuse(fn, name, 'range', describeValue(v), `${name} must be an integer from ${min} to ${max}`);
}

export function u32(fn: string, name: string, v: unknown): number {
  return int(fn, name, v, 0, U32_MAX);
}

/** Permission bits of a new file or directory (mode_t without S_IFMT's file type bits). */
export function mode(fn: string, v: unknown): number {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= U16_MAX && (v & fsc.S_IFMT) === 0) return v;
  return refuse(fn, 'mode', 'range', describeValue(v), 'mode must hold permission bits only: an integer from 0 to 0o7777');
}

/** Memory the kernel reads or writes: an ArrayBufferView or ArrayBuffer, not freed, at most 4 GiB - 1 bytes (a 32-bit length). */
export function memory(fn: string, name: string, v: unknown): Memory {
  if ((ArrayBuffer.isView(v) || v instanceof ArrayBuffer) && v.byteLength <= U32_MAX) {
    if (isFreed(v)) refuse(fn, name, 'alive', describeValue(v), `${name} must not be freed`, `This memory is gone: ${freedReason(v)}.`);
    return v;
  }
  return refuse(fn, name, 'type', describeValue(v), `${name} must be an ArrayBufferView (Buffer, Uint8Array...) or ArrayBuffer of at most ${U32_MAX} bytes`);
}

export function memoryList(fn: string, name: string, v: unknown): Memory[] {
  if (!Array.isArray(v) || v.length === 0 || v.length > UIO_MAXIOV) {
    return refuse(fn, name, 'type', describeValue(v), `${name} must be a non-empty array of at most ${UIO_MAXIOV} (UIO_MAXIOV) buffers`);
  }
  for (let i = 0; i < v.length; i++) memory(fn, `${name}[${i}]`, v[i]);
  return v as Memory[];
}

/** A file position: null, undefined or -1 for the current position (and advance it), else a byte offset. */
export function position(fn: string, v: unknown, name = 'position'): number | bigint {
  if (v === undefined || v === null) return -1;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= -1) return v;
  if (typeof v === 'bigint' && v >= -1n && v < 2n ** 64n) return v === -1n ? -1 : v;
  return refuse(fn, name, 'range', describeValue(v), `${name} must be a byte offset (an integer >= 0, number or bigint), or null or -1 for the current file position`);
}

export function string(fn: string, name: string, v: unknown): string {
  if (typeof v === 'string' && !v.includes('\0')) return v;
  return refuse(fn, name, 'type', describeValue(v), `${name} must be a string without NUL characters`);
}

export function milliseconds(fn: string, name: string, v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  return refuse(fn, name, 'range', describeValue(v), `${name} must be a finite number of milliseconds >= 0`);
}

export function signal(fn: string, v: unknown): AbortSignal | undefined {
  if (v === undefined || v === null) return undefined;
  if (v instanceof AbortSignal) return v;
  return refuse(fn, 'signal', 'type', describeValue(v), 'signal must be an AbortSignal');
}

/** The options object of an operation: undefined or an object. */
export function options<O extends object>(fn: string, v: O | undefined): O | undefined {
  if (v !== undefined && (typeof v !== 'object' || v === null)) refuse(fn, 'options', 'type', describeValue(v), 'options must be an object');
  return v;
}
