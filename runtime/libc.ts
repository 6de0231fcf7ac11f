/**
 * The C library: the one handle to libc.so.6, the binding of the schema's
 * libc functions (generated/libc.ts, through generated/ffi.ts), and the few
 * calls the runtime itself needs (memory mapping, page size). Loading libc
 * never loads liburing.
 */
import koffi, { type LibraryHandle } from 'koffi';
import { UnsupportedError } from './errors.js';
import { MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../generated/constants.js';

type KoffiFunction = ReturnType<LibraryHandle['func']>;

let libc: LibraryHandle | null = null;
const fns = new Map<string, KoffiFunction>();

/** libc.so.6, loaded on first use. */
export function libcHandle(): LibraryHandle {
  return (libc ??= koffi.load('libc.so.6'));
}

function fn(name: string, result: string, params: string[]): KoffiFunction {
  let f = fns.get(name);
  if (!f) {
    f = libcHandle().func(name, result, params);
    fns.set(name, f);
  }
  return f;
}

/** The running glibc's version, e.g. "2.36" (gnu_get_libc_version(3)). */
export function glibcVersion(): string {
  return fn('gnu_get_libc_version', 'const char *', [])() as string;
}

/**
 * Declare one libc function with koffi. No liburing version gates it: a C
 * library without the symbol (older than `since`, e.g. "glibc 2.27") is an
 * UnsupportedError naming both versions.
 */
export function bindLibc(name: string, since: string, result: string, params: string[]): KoffiFunction {
  try {
    return libcHandle().func(name, result, params);
  } catch (e) {
    if (/find|symbol/i.test((e as Error).message)) throw new UnsupportedError(name, since, `glibc ${glibcVersion()}`);
    throw e;
  }
}

/** mmap's failure value, (void *) -1. */
export const MAP_FAILED = 0xffffffffffffffffn;
const _SC_PAGESIZE = 30;

export function mmapAnonymous(length: number, fixedAt: bigint | null = null): bigint | null {
  const flags = MAP_PRIVATE | MAP_ANONYMOUS | (fixedAt === null ? 0 : MAP_FIXED);
  const p = fn('mmap', 'void *', ['void *', 'size_t', 'int', 'int', 'int', 'int64_t'])(fixedAt, length, PROT_READ | PROT_WRITE, flags, -1, 0) as bigint | null;
  return p === null || p === MAP_FAILED ? null : p;
}

export function munmap(address: bigint, length: number): number {
  return fn('munmap', 'int', ['void *', 'size_t'])(address, length) as number;
}

export function sysconfPageSize(): number {
  return fn('sysconf', 'long', ['int'])(_SC_PAGESIZE) as number;
}

/** The calling thread's errno after a failed libc call: read it right after the call. */
export function lastErrno(): number {
  return koffi.errno();
}
