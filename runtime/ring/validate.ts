/** Cheap argument checks for the Ring's operations: a broken one throws PreconditionError before anything reaches the ring. */
import { PreconditionError } from '../errors.js';
import { isFreed, type Memory } from '../memory.js';

export function refuse(fn: string, parameter: string, rule: string, seen: string, requirement: string, hint = '', errno: string | null = null): never {
  throw new PreconditionError({ functionName: fn, parameter, rule, seen, requirement, hint, errno, source: null });
}

function show(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined) return String(v);
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${v.byteLength} bytes)`;
  if (v instanceof ArrayBuffer) return `ArrayBuffer(${v.byteLength} bytes)`;
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return String(v);
}

export function fd(fn: string, v: unknown, name = 'fd'): number {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0x7fffffff) return v;
  return refuse(fn, name, 'fd', show(v), `${name} must be an open file descriptor: an integer from 0 to 2147483647`, '', 'EBADF');
}

/** A directory fd for the *at operations: an fd, or AT_FDCWD (-100). */
export function dirfd(fn: string, v: unknown, name = 'dirfd'): number {
  if (v === -100) return v;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0x7fffffff) return v;
  return refuse(fn, name, 'fd', show(v), `${name} must be a directory's file descriptor or AT_FDCWD (-100)`, '', 'EBADF');
}

export function int(fn: string, name: string, v: unknown, min: number, max: number): number {
  if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
  return refuse(fn, name, 'range', show(v), `${name} must be an integer from ${min} to ${max}`);
}

export function u32(fn: string, name: string, v: unknown): number {
  return int(fn, name, v, 0, 0xffffffff);
}

/** Memory the kernel reads or writes: an ArrayBufferView or ArrayBuffer, not freed, at most 4 GiB - 1 bytes (a 32-bit length). */
export function memory(fn: string, name: string, v: unknown): Memory {
  if ((ArrayBuffer.isView(v) || v instanceof ArrayBuffer) && v.byteLength <= 0xffffffff) {
    if (isFreed(v)) refuse(fn, name, 'alive', show(v), `${name} must not be freed`, 'This memory was freed with freeAligned.');
    return v;
  }
  return refuse(fn, name, 'type', show(v), `${name} must be an ArrayBufferView (Buffer, Uint8Array...) or ArrayBuffer of at most 4294967295 bytes`);
}

export function memoryList(fn: string, name: string, v: unknown): Memory[] {
  if (!Array.isArray(v) || v.length === 0 || v.length > 1024) {
    return refuse(fn, name, 'type', show(v), `${name} must be a non-empty array of at most 1024 (IOV_MAX) buffers`);
  }
  for (let i = 0; i < v.length; i++) memory(fn, `${name}[${i}]`, v[i]);
  return v as Memory[];
}

/** A file position: null, undefined or -1 for the current position (and advance it), else a byte offset. */
export function position(fn: string, v: unknown, name = 'position'): number | bigint {
  if (v === undefined || v === null) return -1;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= -1) return v;
  if (typeof v === 'bigint' && v >= -1n && v < 2n ** 64n) return v === -1n ? -1 : v;
  return refuse(fn, name, 'range', show(v), `${name} must be a byte offset (an integer >= 0, number or bigint), or null or -1 for the current file position`);
}

export function string(fn: string, name: string, v: unknown): string {
  if (typeof v === 'string' && !v.includes('\0')) return v;
  return refuse(fn, name, 'type', show(v), `${name} must be a string without NUL characters`);
}

export function milliseconds(fn: string, name: string, v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  return refuse(fn, name, 'range', show(v), `${name} must be a finite number of milliseconds >= 0`);
}

export function signal(fn: string, v: unknown): AbortSignal | undefined {
  if (v === undefined || v === null) return undefined;
  if (v instanceof AbortSignal) return v;
  return refuse(fn, 'signal', 'type', show(v), 'signal must be an AbortSignal');
}
