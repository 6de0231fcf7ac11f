/**
 * The few C functions the Ring calls that no prep encoder covers: liburing's
 * registration functions (taken from the generated koffi declarations when
 * the schema has them, else declared here with liburing 2.9's prototypes) and
 * libc's eventfd. All unchecked: the Ring passes only values it made itself.
 */
import koffi, { type LibraryHandle } from 'koffi';
import { ffi } from '../../generated/ffi.js';
import { liburing } from '../library.js';

type KoffiFunction = ReturnType<LibraryHandle['func']>;

const declared = new Map<string, KoffiFunction>();

/** liburing function `name`, from the generated declarations if present, else bound here. */
function uring(name: string, result: string, params: string[]): KoffiFunction {
  let f = declared.get(name);
  if (f) return f;
  const generated = ffi as unknown as Record<string, KoffiFunction | undefined>;
  f = name in generated ? generated[name]! : liburing().ffi.func(name, result, params);
  declared.set(name, f);
  return f;
}

let libc: LibraryHandle | null = null;
function c(name: string, result: string, params: string[]): KoffiFunction {
  let f = declared.get(`libc:${name}`);
  if (!f) {
    libc ??= koffi.load('libc.so.6');
    f = libc.func(name, result, params);
    declared.set(`libc:${name}`, f);
  }
  return f;
}

const EFD_NONBLOCK = 0o4000;
const EFD_CLOEXEC = 0o2000000;

/** A non-blocking eventfd, or -errno. */
export function eventfd(): number {
  const fd = c('eventfd', 'int', ['uint32_t', 'int'])(0, EFD_NONBLOCK | EFD_CLOEXEC) as number;
  return fd < 0 ? -koffi.errno() : fd;
}

const counter = new BigUint64Array(1);
/** Reset an eventfd's counter (read it; EAGAIN when it is 0 is fine). */
export function drainEventfd(fd: number): void {
  c('read', 'long', ['int', 'void *', 'size_t'])(fd, counter, 8);
}

export function closeFd(fd: number): void {
  c('close', 'int', ['int'])(fd);
}

export function registerEventfd(ring: bigint, fd: number): number {
  return uring('io_uring_register_eventfd', 'int', ['void *', 'int'])(ring, fd) as number;
}

/** io_uring_get_events: enter the kernel to run deferred task work (post the completions of a DEFER_TASKRUN ring). */
export function getEvents(ring: bigint): number {
  return uring('io_uring_get_events', 'int', ['void *'])(ring) as number;
}

/** io_uring_register_buffers(ring, iovecs, nr). */
export function registerBuffers(ring: bigint, iovecs: BigUint64Array, nr: number): number {
  return uring('io_uring_register_buffers', 'int', ['void *', 'void *', 'uint32_t'])(ring, iovecs, nr) as number;
}

export function unregisterBuffers(ring: bigint): number {
  return uring('io_uring_unregister_buffers', 'int', ['void *'])(ring) as number;
}

/** io_uring_register_buf_ring(ring, reg, flags), reg: struct io_uring_buf_reg (40 bytes). */
export function registerBufRing(ring: bigint, reg: Uint8Array, flags: number): number {
  return uring('io_uring_register_buf_ring', 'int', ['void *', 'void *', 'uint32_t'])(ring, reg, flags) as number;
}

export function unregisterBufRing(ring: bigint, bgid: number): number {
  return uring('io_uring_unregister_buf_ring', 'int', ['void *', 'int'])(ring, bgid) as number;
}

const SOL_SOCKET = 1;
const SO_REUSEADDR = 2;

/** setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, 1). */
export function setReuseAddress(fd: number): void {
  const one = new Int32Array([1]);
  const ret = c('setsockopt', 'int', ['int', 'int', 'int', 'void *', 'uint32_t'])(fd, SOL_SOCKET, SO_REUSEADDR, one, 4) as number;
  if (ret < 0) throw new Error(`setsockopt(SO_REUSEADDR) failed: errno ${koffi.errno()}`);
}

/** getsockname(2): the sockaddr bytes, or -errno. */
export function getsockname(fd: number): Uint8Array | number {
  const buf = new Uint8Array(128);
  const len = new Uint32Array([128]);
  const ret = c('getsockname', 'int', ['int', 'void *', 'void *'])(fd, buf, len) as number;
  if (ret < 0) return -koffi.errno();
  return buf.subarray(0, len[0]);
}
