/**
 * liburing.h's inline helpers that read structs the kernel filled in: a
 * probe's opcodes, and the layout of a multishot recvmsg buffer
 * (io_uring_recvmsg_out, then the name, the control messages, the payload).
 * Pointers are computed as C computes them, as addresses (0n for NULL); the
 * wrappers turn them into views exactly as they do C's results. Building
 * blocks of the schema's `js` implementations; see ring-primitives.ts.
 */
import { IO_URING_OP_SUPPORTED } from '../generated/constants.js';
import { cmsghdr, io_uring_probe, io_uring_probe_op, io_uring_recvmsg_out, msghdr } from '../generated/layout.js';
import { addressOf, type Memory } from './memory.js';
import { structView, viewOfAddress, type Struct } from './struct.js';

const OUT_SIZE = BigInt(io_uring_recvmsg_out.size);
const CMSG_SIZE = BigInt(cmsghdr.size);
/** CMSG_ALIGN: control messages are aligned to sizeof(size_t). */
const CMSG_ALIGN = BigInt(cmsghdr.align);

function namelen(msgh: Struct): bigint {
  return BigInt(structView(msgh).getUint32(msghdr.offset.msg_namelen, true));
}

function controllen(msgh: Struct): bigint {
  return structView(msgh).getBigUint64(msghdr.offset.msg_controllen, true);
}

function align(len: bigint): bigint {
  return (len + CMSG_ALIGN - 1n) & ~(CMSG_ALIGN - 1n);
}

/** cmsg_len of the control message at `address` (C reads it wherever the pointer points). */
function cmsgLen(address: bigint): bigint {
  return viewOfAddress(address + BigInt(cmsghdr.offset.cmsg_len), 8).getBigUint64(0, true);
}

/** io_uring_opcode_supported: 1 when the probe marks op IO_URING_OP_SUPPORTED, 0 when not or op is past last_op. */
export function opcodeSupported(p: Struct, op: number): number {
  const d = structView(p);
  if (op < 0 || op > d.getUint8(io_uring_probe.offset.last_op)) return 0;
  const at = io_uring_probe.offset.ops + op * io_uring_probe_op.size + io_uring_probe_op.offset.flags;
  const flags = at + 2 <= d.byteLength ? d.getUint16(at, true) : viewOfAddress(p.address + BigInt(at), 2).getUint16(0, true);
  return flags & IO_URING_OP_SUPPORTED ? 1 : 0;
}

/** io_uring_recvmsg_validate: buf's address when it holds the header, name and control areas msgh promises, else 0n. */
export function recvmsgValidate(buf: Memory, bufLen: number, msgh: Struct): bigint {
  if (bufLen < 0) return 0n;
  const len = BigInt(bufLen);
  if (len < OUT_SIZE) return 0n;
  const name = namelen(msgh);
  if (name > len - OUT_SIZE) return 0n;
  if (controllen(msgh) > len - OUT_SIZE - name) return 0n;
  return addressOf(buf);
}

/** io_uring_recvmsg_name: the name area, right after the header. */
export function recvmsgName(o: Struct): bigint {
  return o.address + OUT_SIZE;
}

/** io_uring_recvmsg_cmsg_firsthdr: the first control message, or 0n when the control area is too short for one. */
export function recvmsgCmsgFirsthdr(o: Struct, msgh: Struct): bigint {
  if (BigInt(structView(o).getUint32(io_uring_recvmsg_out.offset.controllen, true)) < CMSG_SIZE) return 0n;
  return recvmsgName(o) + namelen(msgh);
}

/** io_uring_recvmsg_cmsg_nexthdr: the control message after `cmsg`, or 0n past the end of the control area. */
export function recvmsgCmsgNexthdr(o: Struct, msgh: Struct, cmsg: Struct): bigint {
  const len = structView(cmsg).getBigUint64(cmsghdr.offset.cmsg_len, true);
  if (len < CMSG_SIZE) return 0n;
  const end = recvmsgCmsgFirsthdr(o, msgh) + BigInt(structView(o).getUint32(io_uring_recvmsg_out.offset.controllen, true));
  const next = cmsg.address + align(len);
  if (next + CMSG_SIZE > end) return 0n;
  if (next + align(cmsgLen(next)) > end) return 0n;
  return next;
}

/** io_uring_recvmsg_payload: the payload, after the name and control areas. */
export function recvmsgPayload(o: Struct, msgh: Struct): bigint {
  return recvmsgName(o) + namelen(msgh) + controllen(msgh);
}

/** io_uring_recvmsg_payload_length: the payload's bytes within buf_len, as C's unsigned int. */
export function recvmsgPayloadLength(o: Struct, bufLen: number, msgh: Struct): number {
  if (bufLen < 0) return 0;
  const start = recvmsgPayload(o, msgh);
  const end = o.address + BigInt(bufLen);
  if (start >= end) return 0;
  return Number(BigInt.asUintN(32, end - start));
}
