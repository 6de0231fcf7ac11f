/**
 * The libc calls the Ring makes besides liburing's (which it makes through
 * generated/ffi.ts): the eventfd that tells it of deferred completions (the
 * schema's libc wrapper, once per Ring), and unchecked calls the schema does
 * not cover: the read that drains the eventfd on every wakeup and two socket
 * calls io_uring has no opcode for on every kernel. The Ring passes only
 * values it made or checked itself.
 */
import koffi, { type LibraryHandle } from 'koffi';
import { EFD_CLOEXEC, EFD_NONBLOCK, SOL_SOCKET, SO_REUSEADDR } from '../../generated/constants.js';
import { eventfd as libcEventfd } from '../../generated/wrappers.js';
import { sockaddr_storage } from '../../generated/layout.js';
import { UringError } from '../errors.js';

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

/** A non-blocking eventfd, or -errno. */
export function eventfd(): number {
  try {
    return libcEventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  } catch (e) {
    if (e instanceof UringError) return e.errno;
    throw e;
  }
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
