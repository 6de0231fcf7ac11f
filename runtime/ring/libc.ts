/**
 * The libc calls the Ring makes besides liburing's (which it makes through
 * generated/ffi.ts): the eventfd that tells it of deferred completions, and
 * two socket calls io_uring has no opcode for on every kernel. Unchecked: the
 * Ring passes only values it made or checked itself.
 */
import koffi, { type LibraryHandle } from 'koffi';
import { O_CLOEXEC, O_NONBLOCK, SOL_SOCKET, SO_REUSEADDR } from '../../generated/constants.js';
import { sockaddr_storage } from '../../generated/layout.js';

type KoffiFunction = ReturnType<LibraryHandle['func']>;

let libc: LibraryHandle | null = null;
const bound = new Map<string, KoffiFunction>();

function c(name: string, result: string, params: string[]): KoffiFunction {
  let f = bound.get(name);
  if (!f) {
    libc ??= koffi.load('libc.so.6');
    f = libc.func(name, result, params);
    bound.set(name, f);
  }
  return f;
}

// <sys/eventfd.h> defines them as the open(2) flags: EFD_CLOEXEC = O_CLOEXEC, EFD_NONBLOCK = O_NONBLOCK.
const EFD_CLOEXEC = O_CLOEXEC;
const EFD_NONBLOCK = O_NONBLOCK;

/** A non-blocking eventfd, or -errno. */
export function eventfd(): number {
  const fd = c('eventfd', 'int', ['uint32_t', 'int'])(0, EFD_NONBLOCK | EFD_CLOEXEC) as number;
  return fd < 0 ? -koffi.errno() : fd;
}

const counter = new BigUint64Array(1);
/** Reset an eventfd's counter (read it; EAGAIN when it is 0 is fine). */
export function drainEventfd(fd: number): void {
  c('read', 'long', ['int', 'void *', 'size_t'])(fd, counter, counter.byteLength);
}

/** setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, 1). Returns 0 or -errno. */
export function setReuseAddress(fd: number): number {
  const one = new Int32Array([1]);
  const ret = c('setsockopt', 'int', ['int', 'int', 'int', 'void *', 'uint32_t'])(fd, SOL_SOCKET, SO_REUSEADDR, one, one.byteLength) as number;
  return ret < 0 ? -koffi.errno() : 0;
}

/** getsockname(2): the sockaddr bytes, or -errno. */
export function getsockname(fd: number): Uint8Array | number {
  const buf = new Uint8Array(sockaddr_storage.size);
  const len = new Uint32Array([buf.byteLength]);
  const ret = c('getsockname', 'int', ['int', 'void *', 'void *'])(fd, buf, len) as number;
  if (ret < 0) return -koffi.errno();
  return buf.subarray(0, len[0]);
}
