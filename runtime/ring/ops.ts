/**
 * The operations a Ring runs, each prepared as an Op: arguments checked
 * (PreconditionError), the memory its SQE will point to built and held, its
 * SQE written by the generated encode_io_uring_prep_* encoder (or, for the
 * prep helpers the schema does not have yet, by encode.ts), and its result
 * mapped to what its Promise resolves with.
 */
import { constants as fsc } from 'node:fs';
import { Iovec, Msghdr, Sockaddr, Statx } from '../../generated/structs.js';
import { encode_io_uring_prep_nop } from '../../generated/functions/io_uring_prep_nop.js';
import { encode_io_uring_prep_read } from '../../generated/functions/io_uring_prep_read.js';
import { encode_io_uring_prep_write } from '../../generated/functions/io_uring_prep_write.js';
import { encode_io_uring_prep_readv } from '../../generated/functions/io_uring_prep_readv.js';
import { encode_io_uring_prep_writev } from '../../generated/functions/io_uring_prep_writev.js';
import { encode_io_uring_prep_fsync } from '../../generated/functions/io_uring_prep_fsync.js';
import { encode_io_uring_prep_fallocate } from '../../generated/functions/io_uring_prep_fallocate.js';
import { encode_io_uring_prep_timeout } from '../../generated/functions/io_uring_prep_timeout.js';
import { encode_io_uring_prep_openat } from '../../generated/functions/io_uring_prep_openat.js';
import { encode_io_uring_prep_close } from '../../generated/functions/io_uring_prep_close.js';
import { encode_io_uring_prep_statx } from '../../generated/functions/io_uring_prep_statx.js';
import { encode_io_uring_prep_unlinkat } from '../../generated/functions/io_uring_prep_unlinkat.js';
import { encode_io_uring_prep_renameat } from '../../generated/functions/io_uring_prep_renameat.js';
import { encode_io_uring_prep_mkdirat } from '../../generated/functions/io_uring_prep_mkdirat.js';
import { encode_io_uring_prep_socket } from '../../generated/functions/io_uring_prep_socket.js';
import { encode_io_uring_prep_connect } from '../../generated/functions/io_uring_prep_connect.js';
import { encode_io_uring_prep_accept } from '../../generated/functions/io_uring_prep_accept.js';
import { encode_io_uring_prep_bind } from '../../generated/functions/io_uring_prep_bind.js';
import { encode_io_uring_prep_listen } from '../../generated/functions/io_uring_prep_listen.js';
import { encode_io_uring_prep_read_fixed } from '../../generated/functions/io_uring_prep_read_fixed.js';
import { encode_io_uring_prep_write_fixed } from '../../generated/functions/io_uring_prep_write_fixed.js';
import { encode_io_uring_prep_send } from '../../generated/functions/io_uring_prep_send.js';
import { encode_io_uring_prep_recv } from '../../generated/functions/io_uring_prep_recv.js';
import { encode_io_uring_prep_sendmsg } from '../../generated/functions/io_uring_prep_sendmsg.js';
import { encode_io_uring_prep_recvmsg } from '../../generated/functions/io_uring_prep_recvmsg.js';
import { encode_io_uring_prep_shutdown } from '../../generated/functions/io_uring_prep_shutdown.js';
import { encode_io_uring_prep_poll_add } from '../../generated/functions/io_uring_prep_poll_add.js';
import { encode_io_uring_prep_splice } from '../../generated/functions/io_uring_prep_splice.js';
import { OWNED } from '../struct.js';
import { addressOf, cString, type Memory } from '../memory.js';
import { timespec } from './encode.js';
import { Op, type OpOptions, type PreparedOp } from './op.js';
import { encodeSockaddr, type SocketAddress } from './sockaddr.js';
import * as v from './validate.js';

export const AT_FDCWD = -100;
const AT_REMOVEDIR = 0x200;
const IORING_FSYNC_DATASYNC = 1;
const IORING_TIMEOUT_ABS = 1;
const ETIME = 62;
const SOCK_CLOEXEC = 0o2000000;
const O_CLOEXEC = 0o2000000;
/** STATX_BASIC_STATS | STATX_BTIME */
const STATX_DEFAULT_MASK = 0x7ff | 0x800;

/** What the factory needs from its Ring. */
export interface OpHost {
  /** The registered buffer `index` (readFixed/writeFixed), or undefined. */
  registeredBuffer(index: number): Memory | undefined;
}

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
  return v.int(fn, 'flags', flags, 0, 0x7fffffff);
}

/** A file's status from statx(2), shaped like fs.Stats (times in milliseconds), with the raw struct statx. */
export class StatxResult {
  readonly dev: number;
  readonly ino: bigint;
  readonly mode: number;
  readonly nlink: number;
  readonly uid: number;
  readonly gid: number;
  readonly rdev: number;
  readonly size: number;
  readonly blksize: number;
  readonly blocks: number;
  readonly atimeMs: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly birthtimeMs: number;
  /** STATX_* bits: which fields the kernel filled in. */
  readonly mask: number;
  constructor(readonly raw: Statx) {
    const ms = (t: { tv_sec: bigint; tv_nsec: number }) => Number(t.tv_sec) * 1000 + t.tv_nsec / 1e6;
    this.mask = raw.stx_mask;
    this.dev = raw.stx_dev_major * 256 + raw.stx_dev_minor;
    this.ino = raw.stx_ino;
    this.mode = raw.stx_mode;
    this.nlink = raw.stx_nlink;
    this.uid = raw.stx_uid;
    this.gid = raw.stx_gid;
    this.rdev = raw.stx_rdev_major * 256 + raw.stx_rdev_minor;
    this.size = Number(raw.stx_size);
    this.blksize = raw.stx_blksize;
    this.blocks = Number(raw.stx_blocks);
    this.atimeMs = ms(raw.stx_atime);
    this.mtimeMs = ms(raw.stx_mtime);
    this.ctimeMs = ms(raw.stx_ctime);
    this.birthtimeMs = raw.stx_mask & 0x800 ? ms(raw.stx_btime) : 0;
  }
  isFile(): boolean {
    return (this.mode & fsc.S_IFMT) === fsc.S_IFREG;
  }
  isDirectory(): boolean {
    return (this.mode & fsc.S_IFMT) === fsc.S_IFDIR;
  }
  isSymbolicLink(): boolean {
    return (this.mode & fsc.S_IFMT) === fsc.S_IFLNK;
  }
  isFIFO(): boolean {
    return (this.mode & fsc.S_IFMT) === fsc.S_IFIFO;
  }
  isSocket(): boolean {
    return (this.mode & fsc.S_IFMT) === fsc.S_IFSOCK;
  }
}

/** An iovec array over `buffers`, as the Iovec struct the readv/writev encoders take. */
function iovecs(buffers: Memory[]): Iovec {
  const iov = new Iovec(buffers.length);
  const b = iov.bytes;
  const w = new BigUint64Array(b.buffer, b.byteOffset, buffers.length * 2);
  for (let i = 0; i < buffers.length; i++) {
    w[2 * i] = addressOf(buffers[i]!);
    w[2 * i + 1] = BigInt(buffers[i]!.byteLength);
  }
  return iov;
}

/** struct msghdr: name, namelen, iov, iovlen (control and flags stay 0). */
function msghdr(iov: Iovec, count: number, name: Uint8Array | null): Msghdr {
  const m = new Msghdr();
  const b = m.bytes;
  const d = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (name) {
    d.setBigUint64(0, addressOf(name), true);
    d.setUint32(8, name.byteLength, true);
  }
  d.setBigUint64(16, iov.address, true);
  d.setBigUint64(24, BigInt(count), true);
  return m;
}

function sockaddrStruct(bytes: Uint8Array): Sockaddr {
  // The encoders only take its address; the bytes are held by the operation.
  return Sockaddr.borrow(addressOf(bytes), OWNED);
}

function withOptions<T>(op: Op<T>, options: OpOptions | undefined, fn: string): Op<T> {
  if (options !== undefined && (typeof options !== 'object' || options === null)) v.refuse(fn, 'options', 'type', String(options), 'options must be an object');
  op.options = options;
  return op;
}

const toVoid = (): void => undefined;

/**
 * Prepares operations without submitting them: `ring.op.read(fd, buf)` is what
 * `ring.read(fd, buf)` submits. Prepared operations go to ring.link([...]) or ring.run(op).
 */
export class OpFactory {
  constructor(private readonly host: OpHost) {}

  /** IORING_OP_NOP. */
  nop(options?: OpOptions): PreparedOp<void> {
    return withOptions(new Op<void>('nop', encode_io_uring_prep_nop, null, toVoid), options, 'Ring.nop');
  }

  /** read(2) at `position` into all of `buffer` (pass a subarray to read less); resolves with the bytes read. */
  read(fd: number, buffer: Memory, position: number | bigint | null = -1, options?: OpOptions): PreparedOp<number> {
    const fn = 'Ring.read';
    const f = v.fd(fn, fd);
    const buf = v.memory(fn, 'buffer', buffer);
    const pos = v.position(fn, position);
    const len = buf.byteLength;
    const op = new Op<number>('read', (d, at) => encode_io_uring_prep_read(d, at, f, buf, len, pos), buf, null);
    op.retained = buf;
    return withOptions(op, options, fn);
  }

  /** write(2) of all of `buffer` at `position`; resolves with the bytes written. */
  write(fd: number, buffer: Memory, position: number | bigint | null = -1, options?: OpOptions): PreparedOp<number> {
    const fn = 'Ring.write';
    const f = v.fd(fn, fd);
    const buf = v.memory(fn, 'buffer', buffer);
    const pos = v.position(fn, position);
    const len = buf.byteLength;
    const op = new Op<number>('write', (d, at) => encode_io_uring_prep_write(d, at, f, buf, len, pos), buf, null);
    op.retained = buf;
    return withOptions(op, options, fn);
  }

  /** preadv(2) into `buffers` in order; resolves with the bytes read. */
  readv(fd: number, buffers: Memory[], position: number | bigint | null = -1, options?: OpOptions): PreparedOp<number> {
    const fn = 'Ring.readv';
    const f = v.fd(fn, fd);
    const bufs = v.memoryList(fn, 'buffers', buffers).slice();
    const pos = v.position(fn, position);
    const iov = iovecs(bufs);
    const n = bufs.length;
    const op = new Op<number>('readv', (d, at) => encode_io_uring_prep_readv(d, at, f, iov, n, pos), [iov, bufs], null);
    op.retained = bufs;
    return withOptions(op, options, fn);
  }

  /** pwritev(2) of `buffers` in order; resolves with the bytes written. */
  writev(fd: number, buffers: Memory[], position: number | bigint | null = -1, options?: OpOptions): PreparedOp<number> {
    const fn = 'Ring.writev';
    const f = v.fd(fn, fd);
    const bufs = v.memoryList(fn, 'buffers', buffers).slice();
    const pos = v.position(fn, position);
    const iov = iovecs(bufs);
    const n = bufs.length;
    const op = new Op<number>('writev', (d, at) => encode_io_uring_prep_writev(d, at, f, iov, n, pos), [iov, bufs], null);
    op.retained = bufs;
    return withOptions(op, options, fn);
  }

  private fixedBuffer(fn: string, buffer: Memory, index: number): void {
    const reg = this.host.registeredBuffer(index);
    if (!reg) v.refuse(fn, 'bufIndex', 'range', String(index), 'bufIndex must be the index of a buffer registered with ring.registerBuffers()', '', 'EFAULT');
    const a = addressOf(buffer);
    const base = addressOf(reg);
    if (a < base || a + BigInt(buffer.byteLength) > base + BigInt(reg.byteLength)) {
      v.refuse(fn, 'buffer', 'relation', `${buffer.byteLength} bytes at 0x${a.toString(16)}`,
        `buffer must lie inside registered buffer ${index} (${reg.byteLength} bytes at 0x${base.toString(16)}): pass it or a subarray of it`, '', 'EFAULT');
    }
  }

  /** IORING_OP_READ_FIXED: read into `buffer`, which is (a subarray of) registered buffer `bufIndex`. */
  readFixed(fd: number, buffer: Memory, position: number | bigint | null, bufIndex: number, options?: OpOptions): PreparedOp<number> {
    const fn = 'Ring.readFixed';
    const f = v.fd(fn, fd);
    const buf = v.memory(fn, 'buffer', buffer);
    const pos = v.position(fn, position);
    const idx = v.int(fn, 'bufIndex', bufIndex, 0, 0xffff);
    this.fixedBuffer(fn, buf, idx);
    const len = buf.byteLength;
    const op = new Op<number>('readFixed', (d, at) => encode_io_uring_prep_read_fixed(d, at, f, buf, len, pos, idx), buf, null);
    return withOptions(op, options, fn);
  }

  /** IORING_OP_WRITE_FIXED: write `buffer`, which is (a subarray of) registered buffer `bufIndex`. */
  writeFixed(fd: number, buffer: Memory, position: number | bigint | null, bufIndex: number, options?: OpOptions): PreparedOp<number> {
    const fn = 'Ring.writeFixed';
    const f = v.fd(fn, fd);
    const buf = v.memory(fn, 'buffer', buffer);
    const pos = v.position(fn, position);
    const idx = v.int(fn, 'bufIndex', bufIndex, 0, 0xffff);
    this.fixedBuffer(fn, buf, idx);
    const len = buf.byteLength;
    const op = new Op<number>('writeFixed', (d, at) => encode_io_uring_prep_write_fixed(d, at, f, buf, len, pos, idx), buf, null);
    return withOptions(op, options, fn);
  }

  /** fsync(2), or fdatasync(2) with `datasync: true`. */
  fsync(fd: number, options?: OpOptions & { datasync?: boolean }): PreparedOp<void> {
    const f = v.fd('Ring.fsync', fd);
    const flags = options?.datasync ? IORING_FSYNC_DATASYNC : 0;
    return withOptions(new Op<void>('fsync', (d, at) => encode_io_uring_prep_fsync(d, at, f, flags), null, toVoid), options, 'Ring.fsync');
  }

  /** fallocate(2): `mode` (FALLOC_FL_*, 0 to allocate), `offset`, `length`. */
  fallocate(fd: number, mode: number, offset: number | bigint, length: number | bigint, options?: OpOptions): PreparedOp<void> {
    const fn = 'Ring.fallocate';
    const f = v.fd(fn, fd);
    const m = v.int(fn, 'mode', mode, 0, 0x7fffffff);
    const off = v.position(fn, offset, 'offset');
    const len = v.position(fn, length, 'length');
    if (off === -1 || len === -1) v.refuse(fn, off === -1 ? 'offset' : 'length', 'range', '-1', 'offset and length must be >= 0', '', 'EINVAL');
    return withOptions(new Op<void>('fallocate', (d, at) => encode_io_uring_prep_fallocate(d, at, f, m, off, len), null, toVoid), options, fn);
  }

  /** openat(2): resolves with the new file descriptor. `flags`: Node's string flags (with O_CLOEXEC) or O_* bits. */
  openat(path: string, flags: string | number = 'r', mode = 0o666, options?: OpOptions & { dirfd?: number }): PreparedOp<number> {
    const fn = 'Ring.openat';
    const p = v.string(fn, 'path', path);
    const fl = openFlags(fn, flags);
    const md = v.int(fn, 'mode', mode, 0, 0o7777);
    const dfd = v.dirfd(fn, options?.dirfd ?? AT_FDCWD);
    const cpath = cString(p);
    const op = new Op<number>('openat', (d, at) => encode_io_uring_prep_openat(d, at, dfd, cpath, fl, md), cpath, null);
    op.where = { path: p };
    return withOptions(op, options, fn);
  }

  /** close(2) of a file descriptor. */
  closeFd(fd: number, options?: OpOptions): PreparedOp<void> {
    const f = v.fd('Ring.closeFd', fd);
    return withOptions(new Op<void>('closeFd', (d, at) => encode_io_uring_prep_close(d, at, f), null, toVoid), options, 'Ring.closeFd');
  }

  /** statx(2) of `path` (relative to `dirfd`; with `flags` AT_EMPTY_PATH and path '' the fd itself). */
  statx(path: string, options?: OpOptions & { dirfd?: number; flags?: number; mask?: number }): PreparedOp<StatxResult> {
    const fn = 'Ring.statx';
    const p = v.string(fn, 'path', path);
    const dfd = v.dirfd(fn, options?.dirfd ?? AT_FDCWD);
    const flags = options?.flags === undefined ? 0 : v.int(fn, 'flags', options.flags, 0, 0x7fffffff);
    const mask = options?.mask === undefined ? STATX_DEFAULT_MASK : v.u32(fn, 'mask', options.mask);
    const cpath = cString(p);
    const st = new Statx();
    const op = new Op<StatxResult>('statx', (d, at) => encode_io_uring_prep_statx(d, at, dfd, cpath, flags, mask, st), [cpath, st], () => new StatxResult(st));
    op.where = { path: p };
    return withOptions(op, options, fn);
  }

  /** unlinkat(2): a file, or with `directory: true` an empty directory (AT_REMOVEDIR). */
  unlink(path: string, options?: OpOptions & { dirfd?: number; directory?: boolean }): PreparedOp<void> {
    const fn = 'Ring.unlink';
    const p = v.string(fn, 'path', path);
    const dfd = v.dirfd(fn, options?.dirfd ?? AT_FDCWD);
    const flags = options?.directory ? AT_REMOVEDIR : 0;
    const cpath = cString(p);
    const op = new Op<void>('unlink', (d, at) => encode_io_uring_prep_unlinkat(d, at, dfd, cpath, flags), cpath, toVoid);
    op.where = { path: p };
    return withOptions(op, options, fn);
  }

  /** renameat2(2): `flags` RENAME_NOREPLACE (1), RENAME_EXCHANGE (2)... */
  rename(oldPath: string, newPath: string, options?: OpOptions & { olddirfd?: number; newdirfd?: number; flags?: number }): PreparedOp<void> {
    const fn = 'Ring.rename';
    const o = v.string(fn, 'oldPath', oldPath);
    const n = v.string(fn, 'newPath', newPath);
    const odfd = v.dirfd(fn, options?.olddirfd ?? AT_FDCWD, 'olddirfd');
    const ndfd = v.dirfd(fn, options?.newdirfd ?? AT_FDCWD, 'newdirfd');
    const flags = options?.flags === undefined ? 0 : v.u32(fn, 'flags', options.flags);
    const co = cString(o);
    const cn = cString(n);
    const op = new Op<void>('rename', (d, at) => encode_io_uring_prep_renameat(d, at, odfd, co, ndfd, cn, flags), [co, cn], toVoid);
    op.where = { path: o, dest: n };
    return withOptions(op, options, fn);
  }

  /** mkdirat(2). */
  mkdir(path: string, mode = 0o777, options?: OpOptions & { dirfd?: number }): PreparedOp<void> {
    const fn = 'Ring.mkdir';
    const p = v.string(fn, 'path', path);
    const md = v.int(fn, 'mode', mode, 0, 0o7777);
    const dfd = v.dirfd(fn, options?.dirfd ?? AT_FDCWD);
    const cpath = cString(p);
    const op = new Op<void>('mkdir', (d, at) => encode_io_uring_prep_mkdirat(d, at, dfd, cpath, md), cpath, toVoid);
    op.where = { path: p };
    return withOptions(op, options, fn);
  }

  /** socket(2): resolves with the new socket's fd. SOCK_CLOEXEC is added to `type` unless `cloexec: false`. */
  socket(domain: number, type: number, protocol = 0, options?: OpOptions & { cloexec?: boolean }): PreparedOp<number> {
    const fn = 'Ring.socket';
    const dm = v.int(fn, 'domain', domain, 0, 0x7fffffff);
    const t = v.int(fn, 'type', type, 0, 0x7fffffff) | (options?.cloexec === false ? 0 : SOCK_CLOEXEC);
    const pr = v.int(fn, 'protocol', protocol, 0, 0x7fffffff);
    return withOptions(new Op<number>('socket', (d, at) => encode_io_uring_prep_socket(d, at, dm, t, pr, 0), null, null), options, fn);
  }

  /** connect(2) to { host, port } (an IPv4 or IPv6 literal). */
  connect(fd: number, address: SocketAddress, options?: OpOptions): PreparedOp<void> {
    const fn = 'Ring.connect';
    const f = v.fd(fn, fd);
    const sa = encodeSockaddr(fn, address);
    const s = sockaddrStruct(sa);
    const len = sa.byteLength;
    const op = new Op<void>('connect', (d, at) => encode_io_uring_prep_connect(d, at, f, s, len), [sa, s], toVoid);
    op.where = { address: address.host ?? '127.0.0.1', port: address.port };
    return withOptions(op, options, fn);
  }

  /** bind(2) to { host, port } (IORING_OP_BIND). */
  bind(fd: number, address: SocketAddress, options?: OpOptions): PreparedOp<void> {
    const fn = 'Ring.bind';
    const f = v.fd(fn, fd);
    const sa = encodeSockaddr(fn, address);
    const s = sockaddrStruct(sa);
    const len = sa.byteLength;
    const op = new Op<void>('bind', (d, at) => encode_io_uring_prep_bind(d, at, f, s, len), [sa, s], toVoid);
    op.where = { address: address.host ?? '127.0.0.1', port: address.port };
    return withOptions(op, options, fn);
  }

  /** listen(2) (IORING_OP_LISTEN). */
  listen(fd: number, backlog = 511, options?: OpOptions): PreparedOp<void> {
    const fn = 'Ring.listen';
    const f = v.fd(fn, fd);
    const b = v.int(fn, 'backlog', backlog, 0, 0x7fffffff);
    return withOptions(new Op<void>('listen', (d, at) => encode_io_uring_prep_listen(d, at, f, b), null, toVoid), options, fn);
  }

  /** accept4(2): resolves with the accepted socket's fd (SOCK_CLOEXEC unless `flags` is given). */
  accept(fd: number, options?: OpOptions & { flags?: number }): PreparedOp<number> {
    const fn = 'Ring.accept';
    const f = v.fd(fn, fd);
    const flags = options?.flags === undefined ? SOCK_CLOEXEC : v.int(fn, 'flags', options.flags, 0, 0x7fffffff);
    return withOptions(new Op<number>('accept', (d, at) => encode_io_uring_prep_accept(d, at, f, null, null, flags), null, null), options, fn);
  }

  /** send(2) of all of `buffer`; resolves with the bytes sent. */
  send(fd: number, buffer: Memory, options?: OpOptions & { flags?: number }): PreparedOp<number> {
    const fn = 'Ring.send';
    const f = v.fd(fn, fd);
    const buf = v.memory(fn, 'buffer', buffer);
    const flags = options?.flags === undefined ? 0 : v.u32(fn, 'flags', options.flags);
    const len = buf.byteLength;
    const op = new Op<number>('send', (d, at) => encode_io_uring_prep_send(d, at, f, buf, len, flags), buf, null);
    op.retained = buf;
    return withOptions(op, options, fn);
  }

  /** recv(2) into `buffer`; resolves with the bytes received (0: the peer shut down). */
  recv(fd: number, buffer: Memory, options?: OpOptions & { flags?: number }): PreparedOp<number> {
    const fn = 'Ring.recv';
    const f = v.fd(fn, fd);
    const buf = v.memory(fn, 'buffer', buffer);
    const flags = options?.flags === undefined ? 0 : v.u32(fn, 'flags', options.flags);
    const len = buf.byteLength;
    const op = new Op<number>('recv', (d, at) => encode_io_uring_prep_recv(d, at, f, buf, len, flags), buf, null);
    op.retained = buf;
    return withOptions(op, options, fn);
  }

  /** sendmsg(2) of `buffers` (to `address` for an unconnected datagram socket); resolves with the bytes sent. */
  sendmsg(fd: number, buffers: Memory[], options?: OpOptions & { flags?: number; address?: SocketAddress }): PreparedOp<number> {
    const fn = 'Ring.sendmsg';
    const f = v.fd(fn, fd);
    const bufs = v.memoryList(fn, 'buffers', buffers).slice();
    const flags = options?.flags === undefined ? 0 : v.u32(fn, 'flags', options.flags);
    const name = options?.address ? encodeSockaddr(fn, options.address) : null;
    const iov = iovecs(bufs);
    const msg = msghdr(iov, bufs.length, name);
    const op = new Op<number>('sendmsg', (d, at) => encode_io_uring_prep_sendmsg(d, at, f, msg, flags), [msg, iov, bufs, name], null);
    op.retained = bufs;
    return withOptions(op, options, fn);
  }

  /** recvmsg(2) into `buffers`; resolves with the bytes received. */
  recvmsg(fd: number, buffers: Memory[], options?: OpOptions & { flags?: number }): PreparedOp<number> {
    const fn = 'Ring.recvmsg';
    const f = v.fd(fn, fd);
    const bufs = v.memoryList(fn, 'buffers', buffers).slice();
    const flags = options?.flags === undefined ? 0 : v.u32(fn, 'flags', options.flags);
    const iov = iovecs(bufs);
    const msg = msghdr(iov, bufs.length, null);
    const op = new Op<number>('recvmsg', (d, at) => encode_io_uring_prep_recvmsg(d, at, f, msg, flags), [msg, iov, bufs], null);
    op.retained = bufs;
    return withOptions(op, options, fn);
  }

  /** shutdown(2): `how` 0 (SHUT_RD), 1 (SHUT_WR) or 2 (SHUT_RDWR). */
  shutdown(fd: number, how: number, options?: OpOptions): PreparedOp<void> {
    const fn = 'Ring.shutdown';
    const f = v.fd(fn, fd);
    const h = v.int(fn, 'how', how, 0, 2);
    return withOptions(new Op<void>('shutdown', (d, at) => encode_io_uring_prep_shutdown(d, at, f, h), null, toVoid), options, fn);
  }

  /** A one-shot poll (IORING_OP_POLL_ADD) for `events` (POLLIN 1, POLLOUT 4...); resolves with the events that are ready. */
  poll(fd: number, events = 1, options?: OpOptions): PreparedOp<number> {
    const fn = 'Ring.poll';
    const f = v.fd(fn, fd);
    const e = v.int(fn, 'events', events, 0, 0xffff);
    return withOptions(new Op<number>('poll', (d, at) => encode_io_uring_prep_poll_add(d, at, f, e), null, null), options, fn);
  }

  /** splice(2) of up to `length` bytes from fdIn (at offIn, -1 for a pipe) to fdOut (at offOut); resolves with the bytes moved. */
  splice(fdIn: number, offIn: number | bigint | null, fdOut: number, offOut: number | bigint | null, length: number, options?: OpOptions & { flags?: number }): PreparedOp<number> {
    const fn = 'Ring.splice';
    const fi = v.fd(fn, fdIn, 'fdIn');
    const fo = v.fd(fn, fdOut, 'fdOut');
    const oi = v.position(fn, offIn, 'offIn');
    const oo = v.position(fn, offOut, 'offOut');
    const len = v.u32(fn, 'length', length);
    const flags = options?.flags === undefined ? 0 : v.u32(fn, 'flags', options.flags);
    return withOptions(new Op<number>('splice', (d, at) => encode_io_uring_prep_splice(d, at, fi, oi, fo, oo, len, flags), null, null), options, fn);
  }

  /**
   * IORING_OP_TIMEOUT: resolves after `ms` milliseconds (the kernel's -ETIME), or when `count`
   * other completions were posted first (count > 0). With `absolute`, `ms` is CLOCK_MONOTONIC time.
   */
  timeout(ms: number, options?: OpOptions & { count?: number; absolute?: boolean }): PreparedOp<void> {
    const fn = 'Ring.timeout';
    const t = v.milliseconds(fn, 'ms', ms);
    const count = options?.count === undefined ? 0 : v.u32(fn, 'count', options.count);
    const ts = timespec(t);
    const flags = options?.absolute ? IORING_TIMEOUT_ABS : 0;
    const op = new Op<void>('timeout', (d, at) => encode_io_uring_prep_timeout(d, at, ts, count, flags), ts, toVoid);
    op.okErrno = ETIME;
    return withOptions(op, options, fn);
  }
}
