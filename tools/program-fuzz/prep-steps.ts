/**
 * The preps a fuzzed program makes, each valid, slightly wrong in a way the
 * package must refuse (nbytes past the buffer, fd -1, freed memory), or wrong
 * in a way only the kernel sees (the wrong end of a pipe): reads and writes
 * on channels, file reads (plain and read_fixed), nop, poll (single and
 * multishot), async cancel, msg_ring, and a recv that takes its buffer from a
 * buffer ring.
 */
import { IORING_ASYNC_CANCEL_ALL, IOSQE_FIXED_FILE, POLLIN } from '../../generated/constants.js';
import { Iovec, type IoUringSqe } from '../../generated/structs.js';
import { io_uring_prep_cancel64 } from '../../generated/functions/io_uring_prep_cancel64.js';
import { io_uring_prep_msg_ring } from '../../generated/functions/io_uring_prep_msg_ring.js';
import { io_uring_prep_nop } from '../../generated/functions/io_uring_prep_nop.js';
import { io_uring_prep_poll_add } from '../../generated/functions/io_uring_prep_poll_add.js';
import { io_uring_prep_poll_multishot } from '../../generated/functions/io_uring_prep_poll_multishot.js';
import { io_uring_prep_read } from '../../generated/functions/io_uring_prep_read.js';
import { io_uring_prep_read_fixed } from '../../generated/functions/io_uring_prep_read_fixed.js';
import { io_uring_prep_readv } from '../../generated/functions/io_uring_prep_readv.js';
import { io_uring_prep_recv } from '../../generated/functions/io_uring_prep_recv.js';
import { io_uring_prep_send } from '../../generated/functions/io_uring_prep_send.js';
import { io_uring_prep_write } from '../../generated/functions/io_uring_prep_write.js';
import { io_uring_sqe_set_flags } from '../../generated/functions/io_uring_sqe_set_flags.js';
import { CHUNK, exactly, failure, type Model, type Template } from './model.js';
import { PrepStep } from './sqe-steps.js';
import type { World } from './world.js';

function bufOk(m: Model, b: number): boolean {
  return !m.bufs[b]!.dropped;
}

/** A read (pipe) or recv (socket) of one chunk from a channel into a buffer. */
export class PrepRead extends PrepStep {
  readonly op = 'prep_read';
  override applies(m: Model): boolean {
    // Not generated: a readv whose iovec points at freed memory is accepted (the package checks the iovec array,
    // not what it points to; the freed range stays reserved, so the kernel writes into zero pages). Reported, open.
    if (this.p.vec && m.bufs[this.buf(m)]!.freed && m.channels[this.chan(m)]!.kind === 'pipe') return false;
    return bufOk(m, this.buf(m)) && super.applies(m);
  }
  private chan(m: Model): number {
    return (this.p.chan as number) % m.channels.length;
  }
  private buf(m: Model): number {
    return (this.p.buf as number) % m.bufs.length;
  }
  protected override waitsOn(m: Model): number | null {
    return this.p.wrong === 'none' ? this.chan(m) : null;
  }
  protected override refused(m: Model): boolean {
    return this.p.wrong === 'len' || this.p.wrong === 'fd' || m.bufs[this.buf(m)]!.freed;
  }
  protected override writesRwFlags(): number | undefined {
    return undefined;
  }
  protected template(m: Model): Template {
    const c = this.chan(m);
    const b = this.buf(m);
    if (this.p.wrong === 'badfd') return { what: `read(wrong end of channel ${c})`, bufs: [b], now: [failure] };
    const stream = m.channels[c]!.kind === 'socket';
    return { what: `${stream ? 'recv' : 'read'}(channel ${c} -> buffer ${b})`, bufs: [b], channel: { id: c, takes: true, stream } };
  }
  protected call(m: Model, w: World, sqe: IoUringSqe): void {
    const c = this.chan(m);
    const ch = w.channels[c]!;
    const buf = w.bufs[this.buf(m)]!.ref!;
    const fd = this.p.wrong === 'fd' ? -1 : this.p.wrong === 'badfd' ? (ch.kind === 'pipe' ? w.writeOnlyFd : w.fileFd) : ch.readFd;
    const len = this.p.wrong === 'len' ? buf.byteLength + 1 : CHUNK;
    // On the socket, the wrong descriptor is the file: a recv there fails with ENOTSOCK.
    if (ch.kind === 'socket') io_uring_prep_recv(sqe, fd, buf, len, 0);
    else if (this.p.vec) {
      const iov = Iovec.array(1);
      iov.iov_base = buf;
      iov.iov_len = len;
      io_uring_prep_readv(sqe, fd, iov, this.p.wrong === 'len' ? 2 : 1, 0);
    } else io_uring_prep_read(sqe, fd, buf, len, 0);
  }
}

/** A write (pipe) or send (socket) of one chunk from a buffer into a channel. */
export class PrepWrite extends PrepStep {
  readonly op = 'prep_write';
  override applies(m: Model): boolean {
    return bufOk(m, this.buf(m)) && super.applies(m);
  }
  private chan(m: Model): number {
    return (this.p.chan as number) % m.channels.length;
  }
  private buf(m: Model): number {
    return (this.p.buf as number) % m.bufs.length;
  }
  protected override refused(m: Model): boolean {
    return this.p.wrong === 'len' || this.p.wrong === 'fd' || m.bufs[this.buf(m)]!.freed;
  }
  protected template(m: Model): Template {
    const c = this.chan(m);
    const b = this.buf(m);
    if (this.p.wrong === 'badfd' || m.channels[c]!.writeClosed) return { what: `write(closed or wrong end of channel ${c})`, bufs: [b], now: [failure] };
    // If the write end is closed before this is submitted, the engine makes it a failure.
    return { what: `write(buffer ${b} -> channel ${c})`, bufs: [b], now: [exactly(CHUNK)], successRes: CHUNK, feeds: c };
  }
  protected call(m: Model, w: World, sqe: IoUringSqe): void {
    const ch = w.channels[this.chan(m)]!;
    const buf = w.bufs[this.buf(m)]!.ref!;
    // A closed write end's number names a read-only file from then on (World.closeChannelWrite), so the kernel sees EBADF.
    const fd = this.p.wrong === 'fd' ? -1 : this.p.wrong === 'badfd' ? (ch.kind === 'pipe' ? ch.readFd : w.fileFd) : ch.writeFd;
    const len = this.p.wrong === 'len' ? buf.byteLength + 1 : CHUNK;
    if (ch.kind === 'socket') io_uring_prep_send(sqe, fd, buf, len, 0);
    else io_uring_prep_write(sqe, fd, buf, len, 0);
  }
}

/**
 * A read of the test file (completes at once): plain, into a registered buffer (read_fixed), or through the
 * registered file table (fd = its index, IOSQE_FIXED_FILE set on the SQE by this step).
 */
export class PrepReadFile extends PrepStep {
  readonly op = 'prep_read_file';
  protected override setsFixedFile(): boolean {
    return !!this.p.table;
  }
  private buf(m: Model): number {
    const r = m.rings[this.p.ring as number]!;
    if (this.p.fixed && r.registered) return r.registered[(this.p.buf as number) % r.registered.length]!;
    return (this.p.buf as number) % m.bufs.length;
  }
  override applies(m: Model): boolean {
    const r = m.rings[this.p.ring as number];
    if (this.p.fixed && !r?.registered) return false;
    return !!r && bufOk(m, this.buf(m)) && super.applies(m);
  }
  protected override refused(m: Model): boolean {
    return m.bufs[this.buf(m)]!.freed;
  }
  protected template(m: Model): Template {
    const b = this.buf(m);
    const res = Math.max(0, Math.min(CHUNK, m.fileSize - (this.p.off as number)));
    const how = this.p.table ? ' through the registered file table' : '';
    const t: Template = { what: `read${this.p.fixed ? '_fixed' : ''}(file @${this.p.off}${how} -> buffer ${b})`, bufs: [b], now: [exactly(res)], successRes: CHUNK };
    if (this.p.fixed) t.fixed = m.rings[this.p.ring as number]!.registered!.indexOf(b);
    if (this.p.table) t.fixedFile = 0;
    return t;
  }
  protected call(m: Model, w: World, sqe: IoUringSqe): void {
    const b = this.buf(m);
    const buf = w.bufs[b]!.ref!;
    const off = this.p.off as number;
    const fd = this.p.table ? 0 : w.fileFd; // index 0 of the table is the test file (RegisterFiles)
    if (this.p.fixed) io_uring_prep_read_fixed(sqe, fd, buf, CHUNK, off, m.rings[this.p.ring as number]!.registered!.indexOf(b));
    else io_uring_prep_read(sqe, fd, buf, CHUNK, off);
    if (this.p.table) io_uring_sqe_set_flags(sqe, this.sqeOf(m)!.flags | IOSQE_FIXED_FILE);
  }
}

export class PrepNop extends PrepStep {
  readonly op = 'prep_nop';
  protected template(): Template {
    return { what: 'nop', bufs: [], now: [exactly(0)], successRes: 0 };
  }
  protected call(_m: Model, _w: World, sqe: IoUringSqe): void {
    io_uring_prep_nop(sqe);
  }
}

/** poll_add or poll_multishot for POLLIN on a channel's read end. */
export class PrepPoll extends PrepStep {
  readonly op = 'prep_poll';
  protected override toleratesBufIndex(): boolean {
    return false;
  }
  private chan(m: Model): number {
    return (this.p.chan as number) % m.channels.length;
  }
  protected override waitsOn(m: Model): number | null {
    return this.p.multi ? null : this.chan(m);
  }
  protected override multishot(): boolean {
    return !!this.p.multi;
  }
  protected override writesRwFlags(): number {
    return POLLIN;
  }
  protected template(m: Model): Template {
    const c = this.chan(m);
    if (this.p.multi) return { what: `poll_multishot(channel ${c})`, bufs: [], multishot: true, rejectsBufIndex: true };
    return { what: `poll(channel ${c})`, bufs: [], channel: { id: c, takes: false }, rejectsBufIndex: true };
  }
  protected call(m: Model, w: World, sqe: IoUringSqe): void {
    const fd = w.channels[this.chan(m)]!.readFd;
    if (this.p.multi) io_uring_prep_poll_multishot(sqe, fd, POLLIN);
    else io_uring_prep_poll_add(sqe, fd, POLLIN);
  }
}

/** Cancel this ring's requests with user_data u (one, or all). */
export class PrepCancel extends PrepStep {
  readonly op = 'prep_cancel';
  protected override toleratesBufIndex(): boolean {
    return false;
  }
  protected override writesRwFlags(): number {
    return this.p.all ? IORING_ASYNC_CANCEL_ALL : 0;
  }
  protected template(): Template {
    return { what: `cancel(user_data ${this.p.u}${this.p.all ? ', all' : ''})`, bufs: [], cancel: { u: BigInt(this.p.u as number), all: !!this.p.all }, rejectsBufIndex: true };
  }
  protected call(_m: Model, _w: World, sqe: IoUringSqe): void {
    io_uring_prep_cancel64(sqe, this.p.u as number, this.p.all ? IORING_ASYNC_CANCEL_ALL : 0);
  }
}

/** msg_ring: a completion with user_data u and res len on another ring (or this one). */
export class PrepMsgRing extends PrepStep {
  readonly op = 'prep_msg_ring';
  protected override toleratesBufIndex(): boolean {
    return false;
  }
  private target(m: Model): number {
    return (this.p.target as number) % m.rings.length;
  }
  override applies(m: Model): boolean {
    return !!m.rings[this.target(m)]?.live && super.applies(m);
  }
  protected override writesRwFlags(): number {
    return 0;
  }
  protected template(m: Model): Template {
    const t = this.target(m);
    return { what: `msg_ring(-> ring ${t}, user_data ${this.p.u})`, bufs: [], message: { ring: t, u: BigInt(this.p.u as number), len: this.p.len as number }, successRes: 0, rejectsBufIndex: true };
  }
  protected call(m: Model, w: World, sqe: IoUringSqe): void {
    io_uring_prep_msg_ring(sqe, w.rings[this.target(m)]!.uring.ring_fd, this.p.len as number, this.p.u as number, 0);
  }
}

/** A recv on the socket channel with no buffer: it needs IOSQE_BUFFER_SELECT and a buffer ring. */
export class PrepRecvSelect extends PrepStep {
  readonly op = 'prep_recv_select';
  private chan(m: Model): number {
    return m.channels.findIndex((c) => c.kind === 'socket');
  }
  override applies(m: Model): boolean {
    return this.chan(m) >= 0 && super.applies(m);
  }
  protected override waitsOn(m: Model): number | null {
    return this.chan(m);
  }
  protected override selectable(): boolean {
    return true;
  }
  protected override writesRwFlags(): number {
    return 0;
  }
  protected template(m: Model): Template {
    const c = this.chan(m);
    return { what: `recv(channel ${c} -> a buffer from the ring)`, bufs: [], channel: { id: c, takes: true, stream: true }, selectable: true };
  }
  protected call(m: Model, w: World, sqe: IoUringSqe): void {
    io_uring_prep_recv(sqe, w.channels[this.chan(m)]!.readFd, null, CHUNK, 0);
  }
}

