/** The few libc calls the runtime itself needs (memory mapping, page size), bound lazily. */
import koffi, { type LibraryHandle } from 'koffi';

type KoffiFunction = ReturnType<LibraryHandle['func']>;

let libc: LibraryHandle | null = null;
const fns = new Map<string, KoffiFunction>();

function fn(name: string, result: string, params: string[]): KoffiFunction {
  let f = fns.get(name);
  if (!f) {
    libc ??= koffi.load('libc.so.6');
    f = libc.func(name, result, params);
    fns.set(name, f);
  }
  return f;
}

export const PROT_NONE = 0;
export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const MAP_PRIVATE = 0x02;
export const MAP_FIXED = 0x10;
export const MAP_ANONYMOUS = 0x20;
const MAP_FAILED = 0xffffffffffffffffn;
const _SC_PAGESIZE = 30;

export function mmapAnonymous(length: number, fixedAt: bigint | null = null): bigint | null {
  const flags = MAP_PRIVATE | MAP_ANONYMOUS | (fixedAt === null ? 0 : MAP_FIXED);
  const p = fn('mmap', 'void *', ['void *', 'size_t', 'int', 'int', 'int', 'int64_t'])(fixedAt, length, PROT_READ | PROT_WRITE, flags, -1, 0) as bigint | null;
  return p === null || p === MAP_FAILED ? null : p;
}

export function munmap(address: bigint, length: number): number {
  return fn('munmap', 'int', ['void *', 'size_t'])(address, length) as number;
}

/** mprotect(2): 0, or -1 with errno set. */
export function mprotect(address: bigint, length: number, prot: number): number {
  return fn('mprotect', 'int', ['void *', 'size_t', 'int'])(address, length, prot) as number;
}

export function sysconfPageSize(): number {
  return fn('sysconf', 'long', ['int'])(_SC_PAGESIZE) as number;
}

/** The calling thread's errno after a failed libc call. */
export function lastErrno(): number {
  return koffi.errno();
}
