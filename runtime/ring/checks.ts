/**
 * The argument check of every Ring operation, one function per operation:
 * each throws PreconditionError for a broken argument and returns the
 * arguments as the operation's SQE needs them. ops.ts names the check of
 * each operation; these are the only place the Ring validates an operation's
 * arguments, so that each can become a call of the generated check of its
 * prep helper.
 */
import { constants as fsc } from 'node:fs';
import {
  AT_FDCWD, AT_REMOVEDIR, IORING_FSYNC_DATASYNC, IORING_TIMEOUT_ABS, O_CLOEXEC, POLLIN, SHUT_RD, SHUT_RDWR,
  SOCK_CLOEXEC, STATX_BASIC_STATS, STATX_BTIME,
} from '../../generated/constants.js';
import { addressOf, type Memory } from '../memory.js';
import type { OpOptions } from './op.js';
import { encodeSockaddr, type SocketAddress } from './sockaddr.js';
import * as v from './validate.js';

/** What an operation's check needs from its Ring. */
export interface OpHost {
  /** The registered buffer `index` (readFixed/writeFixed), or undefined. */
  registeredBuffer(index: number): Memory | undefined;
}

type Position = number | bigint | null;

/** Node's string flags for open. */
const OPEN_FLAGS: Record<string, number> = {
  r: fsc.O_RDONLY,
  rs: fsc.O_RDONLY | fsc.O_SYNC,
  sr: fsc.O_RDONLY | fsc.O_SYNC,
  'r+': fsc.O_RDWR,
  'rs+': fsc.O_RDWR | fsc.O_SYNC,
  'sr+': fsc.O_RDWR | fsc.O_SYNC,
  w: fsc.O_TRUNC | fsc.O_CREAT | fsc.O_WRONLY,
  wx: fsc.O_TRUNC | fsc.O_CREAT | fsc.O_WRONLY | fsc.O_EXCL,
  xw: fsc.O_TRUNC | fsc.O_CREAT | fsc.O_WRONLY | fsc.O_EXCL,
  'w+': fsc.O_TRUNC | fsc.O_CREAT | fsc.O_RDWR,
  'wx+': fsc.O_TRUNC | fsc.O_CREAT | fsc.O_RDWR | fsc.O_EXCL,
  'xw+': fsc.O_TRUNC | fsc.O_CREAT | fsc.O_RDWR | fsc.O_EXCL,
  a: fsc.O_APPEND | fsc.O_CREAT | fsc.O_WRONLY,
  ax: fsc.O_APPEND | fsc.O_CREAT | fsc.O_WRONLY | fsc.O_EXCL,
  xa: fsc.O_APPEND | fsc.O_CREAT | fsc.O_WRONLY | fsc.O_EXCL,
  as: fsc.O_APPEND | fsc.O_CREAT | fsc.O_WRONLY | fsc.O_SYNC,
  sa: fsc.O_APPEND | fsc.O_CREAT | fsc.O_WRONLY | fsc.O_SYNC,
  'a+': fsc.O_APPEND | fsc.O_CREAT | fsc.O_RDWR,
  'ax+': fsc.O_APPEND | fsc.O_CREAT | fsc.O_RDWR | fsc.O_EXCL,
  'xa+': fsc.O_APPEND | fsc.O_CREAT | fsc.O_RDWR | fsc.O_EXCL,
  'as+': fsc.O_APPEND | fsc.O_CREAT | fsc.O_RDWR | fsc.O_SYNC,
  'sa+': fsc.O_APPEND | fsc.O_CREAT | fsc.O_RDWR | fsc.O_SYNC,
};

function openFlags(fn: string, flags: unknown): number {
  if (typeof flags === 'string') {
    const f = OPEN_FLAGS[flags];
    if (f === undefined) v.refuse(fn, 'flags', 'flags', JSON.stringify(flags), `flags must be one of Node's open flags (${Object.keys(OPEN_FLAGS).join(', ')}) or a number of O_* bits`);
    return f | O_CLOEXEC;
  }
  return v.int(fn, 'flags', flags, 0, v.INT_MAX);
}

/** `buffer` lies inside registered buffer `index`. */
function fixedBuffer(fn: string, host: OpHost, buffer: Memory, index: number): void {
  const reg = host.registeredBuffer(index);
  if (!reg) v.refuse(fn, 'bufIndex', 'range', String(index), 'bufIndex must be the index of a buffer registered with ring.registerBuffers()', '', 'EFAULT');
  const a = addressOf(buffer);
  const base = addressOf(reg);
  if (a < base || a + BigInt(buffer.byteLength) > base + BigInt(reg.byteLength)) {
    v.refuse(fn, 'buffer', 'relation', `${buffer.byteLength} bytes at 0x${a.toString(16)}`,
      `buffer must lie inside registered buffer ${index} (${reg.byteLength} bytes at 0x${base.toString(16)}): pass it or a subarray of it`, '', 'EFAULT');
  }
}

/** A link timeout shorter than this is rounded up to it: 0 would mean "no timeout". */
const SHORTEST_LINK_TIMEOUT_MS = 1e-6;

/** The options every operation takes, checked when it is started: its link timeout (0: none) and AbortSignal. */
export function startOptions(fn: string, options: OpOptions) {
  if (options.sqeFlags !== undefined) v.int(fn, 'sqeFlags', options.sqeFlags, 0, v.U8_MAX);
  return {
    linkTimeoutMs: options.linkTimeout === undefined ? 0 : Math.max(v.milliseconds(fn, 'linkTimeout', options.linkTimeout), SHORTEST_LINK_TIMEOUT_MS),
    signal: v.signal(fn, options.signal),
  };
}

const flagsOption = (fn: string, o: { flags?: number } | undefined, dflt = 0): number => (o?.flags === undefined ? dflt : v.u32(fn, 'flags', o.flags));

export function nop(fn: string, _h: OpHost, options?: OpOptions) {
  return { options: v.options(fn, options) };
}

export function readWrite(fn: string, _h: OpHost, fd: number, buffer: Memory, position: Position = -1, options?: OpOptions) {
  return { fd: v.fd(fn, fd), buffer: v.memory(fn, 'buffer', buffer), position: v.position(fn, position), options: v.options(fn, options) };
}

export function vectored(fn: string, _h: OpHost, fd: number, buffers: Memory[], position: Position = -1, options?: OpOptions) {
  return { fd: v.fd(fn, fd), buffers: v.memoryList(fn, 'buffers', buffers).slice(), position: v.position(fn, position), options: v.options(fn, options) };
}

export function fixed(fn: string, host: OpHost, fd: number, buffer: Memory, position: Position, bufIndex: number, options?: OpOptions) {
  const a = { fd: v.fd(fn, fd), buffer: v.memory(fn, 'buffer', buffer), position: v.position(fn, position), bufIndex: v.int(fn, 'bufIndex', bufIndex, 0, v.U16_MAX), options: v.options(fn, options) };
  fixedBuffer(fn, host, a.buffer, a.bufIndex);
  return a;
}

export function fsync(fn: string, _h: OpHost, fd: number, options?: OpOptions & { datasync?: boolean }) {
  return { fd: v.fd(fn, fd), flags: options?.datasync ? IORING_FSYNC_DATASYNC : 0, options: v.options(fn, options) };
}

export function fallocate(fn: string, _h: OpHost, fd: number, mode: number, offset: number | bigint, length: number | bigint, options?: OpOptions) {
  const a = { fd: v.fd(fn, fd), mode: v.int(fn, 'mode', mode, 0, v.INT_MAX), offset: v.position(fn, offset, 'offset'), length: v.position(fn, length, 'length'), options: v.options(fn, options) };
  if (a.offset === -1 || a.length === -1) v.refuse(fn, a.offset === -1 ? 'offset' : 'length', 'range', '-1', 'offset and length must be >= 0', '', 'EINVAL');
  return a;
}

export function openat(fn: string, _h: OpHost, path: string, flags: string | number = 'r', mode = 0o666, options?: OpOptions & { dirfd?: number }) {
  return { path: v.string(fn, 'path', path), flags: openFlags(fn, flags), mode: v.mode(fn, mode), dirfd: v.dirfd(fn, options?.dirfd ?? AT_FDCWD), options: v.options(fn, options) };
}

export function closeFd(fn: string, _h: OpHost, fd: number, options?: OpOptions) {
  return { fd: v.fd(fn, fd), options: v.options(fn, options) };
}

export function statx(fn: string, _h: OpHost, path: string, options?: OpOptions & { dirfd?: number; flags?: number; mask?: number }) {
  return {
    path: v.string(fn, 'path', path),
    dirfd: v.dirfd(fn, options?.dirfd ?? AT_FDCWD),
    flags: options?.flags === undefined ? 0 : v.int(fn, 'flags', options.flags, 0, v.INT_MAX),
    mask: options?.mask === undefined ? STATX_BASIC_STATS | STATX_BTIME : v.u32(fn, 'mask', options.mask),
    options: v.options(fn, options),
  };
}

export function unlink(fn: string, _h: OpHost, path: string, options?: OpOptions & { dirfd?: number; directory?: boolean }) {
  return { path: v.string(fn, 'path', path), dirfd: v.dirfd(fn, options?.dirfd ?? AT_FDCWD), flags: options?.directory ? AT_REMOVEDIR : 0, options: v.options(fn, options) };
}

export function rename(fn: string, _h: OpHost, oldPath: string, newPath: string, options?: OpOptions & { olddirfd?: number; newdirfd?: number; flags?: number }) {
  return {
    oldPath: v.string(fn, 'oldPath', oldPath),
    newPath: v.string(fn, 'newPath', newPath),
    olddirfd: v.dirfd(fn, options?.olddirfd ?? AT_FDCWD, 'olddirfd'),
    newdirfd: v.dirfd(fn, options?.newdirfd ?? AT_FDCWD, 'newdirfd'),
    flags: flagsOption(fn, options),
    options: v.options(fn, options),
  };
}

export function mkdir(fn: string, _h: OpHost, path: string, mode = 0o777, options?: OpOptions & { dirfd?: number }) {
  return { path: v.string(fn, 'path', path), mode: v.mode(fn, mode), dirfd: v.dirfd(fn, options?.dirfd ?? AT_FDCWD), options: v.options(fn, options) };
}

export function socket(fn: string, _h: OpHost, domain: number, type: number, protocol = 0, options?: OpOptions & { cloexec?: boolean }) {
  return {
    domain: v.int(fn, 'domain', domain, 0, v.INT_MAX),
    type: v.int(fn, 'type', type, 0, v.INT_MAX) | (options?.cloexec === false ? 0 : SOCK_CLOEXEC),
    protocol: v.int(fn, 'protocol', protocol, 0, v.INT_MAX),
    options: v.options(fn, options),
  };
}

export function connect(fn: string, _h: OpHost, fd: number, address: SocketAddress, options?: OpOptions) {
  return { fd: v.fd(fn, fd), address: encodeSockaddr(fn, address), where: { address: address.host ?? '127.0.0.1', port: address.port }, options: v.options(fn, options) };
}

export function bind(fn: string, _h: OpHost, fd: number, address: SocketAddress, options?: OpOptions & { reuseAddress?: boolean }) {
  return { ...connect(fn, _h, fd, address, options), reuseAddress: options?.reuseAddress === true };
}

export function listen(fn: string, _h: OpHost, fd: number, backlog = 511, options?: OpOptions) {
  return { fd: v.fd(fn, fd), backlog: v.int(fn, 'backlog', backlog, 0, v.INT_MAX), options: v.options(fn, options) };
}

export function accept(fn: string, _h: OpHost, fd: number, options?: OpOptions & { flags?: number }) {
  return { fd: v.fd(fn, fd), flags: options?.flags === undefined ? SOCK_CLOEXEC : v.int(fn, 'flags', options.flags, 0, v.INT_MAX), options: v.options(fn, options) };
}

export function sendRecv(fn: string, _h: OpHost, fd: number, buffer: Memory, options?: OpOptions & { flags?: number }) {
  return { fd: v.fd(fn, fd), buffer: v.memory(fn, 'buffer', buffer), flags: flagsOption(fn, options), options: v.options(fn, options) };
}

export function sendmsg(fn: string, _h: OpHost, fd: number, buffers: Memory[], options?: OpOptions & { flags?: number; address?: SocketAddress }) {
  return { ...recvmsg(fn, _h, fd, buffers, options), address: options?.address ? encodeSockaddr(fn, options.address) : null };
}

export function recvmsg(fn: string, _h: OpHost, fd: number, buffers: Memory[], options?: OpOptions & { flags?: number }) {
  return { fd: v.fd(fn, fd), buffers: v.memoryList(fn, 'buffers', buffers).slice(), flags: flagsOption(fn, options), options: v.options(fn, options) };
}

export function shutdown(fn: string, _h: OpHost, fd: number, how: number, options?: OpOptions) {
  return { fd: v.fd(fn, fd), how: v.int(fn, 'how', how, SHUT_RD, SHUT_RDWR), options: v.options(fn, options) };
}

export function poll(fn: string, _h: OpHost, fd: number, events: number = POLLIN, options?: OpOptions) {
  return { fd: v.fd(fn, fd), events: v.int(fn, 'events', events, 0, v.U16_MAX), options: v.options(fn, options) };
}

export function splice(fn: string, _h: OpHost, fdIn: number, offIn: Position, fdOut: number, offOut: Position, length: number, options?: OpOptions & { flags?: number }) {
  return {
    fdIn: v.fd(fn, fdIn, 'fdIn'),
    offIn: v.position(fn, offIn, 'offIn'),
    fdOut: v.fd(fn, fdOut, 'fdOut'),
    offOut: v.position(fn, offOut, 'offOut'),
    length: v.u32(fn, 'length', length),
    flags: flagsOption(fn, options),
    options: v.options(fn, options),
  };
}

export function timeout(fn: string, _h: OpHost, ms: number, options?: OpOptions & { count?: number; absolute?: boolean }) {
  return {
    ms: v.milliseconds(fn, 'ms', ms),
    count: options?.count === undefined ? 0 : v.u32(fn, 'count', options.count),
    flags: options?.absolute ? IORING_TIMEOUT_ABS : 0,
    options: v.options(fn, options),
  };
}

export function cancelFd(fn: string, _h: OpHost, fd: number) {
  return { fd: v.fd(fn, fd) };
}

export function acceptMultishot(fn: string, _h: OpHost, fd: number, options: { flags?: number; signal?: AbortSignal }) {
  return { fd: v.fd(fn, fd), flags: accept(fn, _h, fd, options).flags, signal: v.signal(fn, options.signal) };
}

export function recvMultishot(fn: string, _h: OpHost, fd: number, options: { flags?: number; signal?: AbortSignal }) {
  return { fd: v.fd(fn, fd), flags: flagsOption(fn, options), signal: v.signal(fn, options.signal) };
}
