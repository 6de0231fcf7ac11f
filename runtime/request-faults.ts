/**
 * What a request may get wrong about its ring, checked before C: the SQEs a
 * submit is about to hand to the kernel (a NULL buffer without buffer
 * selection, buffer selection an opcode does not support or from a group the
 * ring does not have, a fixed file index past the registered table), the
 * flags io_uring_sqe_set_flags is about to give an SQE, and a fixed-buffer
 * read or write against the ring's registered buffers. What the ring has
 * registered comes from runtime/registrations.ts. Rule expressions call these
 * through runtime/derived.ts; each returns what is wrong in words, or null.
 */
import { addressOf, type Memory } from './memory.js';
import type { Struct } from './struct.js';
import { RING, SQE } from './ring-abi.js';
import { ringState, type RingLike } from './holds/state.js';
import { bufferTable, fileTableSize, hasBufferGroup, ringOfSqe } from './registrations.js';
import {
  IOSQE_BUFFER_SELECT, IOSQE_FIXED_FILE, IoringOp,
  IORING_OP_ACCEPT, IORING_OP_BIND, IORING_OP_CONNECT, IORING_OP_FADVISE, IORING_OP_FALLOCATE, IORING_OP_FGETXATTR, IORING_OP_FIXED_FD_INSTALL,
  IORING_OP_FSETXATTR, IORING_OP_FSYNC, IORING_OP_FTRUNCATE, IORING_OP_LISTEN, IORING_OP_MSG_RING, IORING_OP_NOP, IORING_OP_POLL_ADD, IORING_OP_READ,
  IORING_OP_READ_FIXED, IORING_OP_READ_MULTISHOT, IORING_OP_READV, IORING_OP_RECV, IORING_OP_RECVMSG, IORING_OP_SEND, IORING_OP_SEND_ZC,
  IORING_OP_SENDMSG, IORING_OP_SENDMSG_ZC, IORING_OP_SHUTDOWN, IORING_OP_SPLICE, IORING_OP_SYNC_FILE_RANGE, IORING_OP_TEE, IORING_OP_URING_CMD,
  IORING_OP_WRITE, IORING_OP_WRITE_FIXED, IORING_OP_WRITEV,
} from '../generated/constants.js';

/**
 * Opcodes whose requests may select a provided buffer (IOSQE_BUFFER_SELECT):
 * the kernel's io_issue_defs[op].buffer_select. Probed on Linux 6.18: every
 * other opcode completes with -EOPNOTSUPP (io_init_req()). Older kernels have
 * fewer (IORING_OP_SEND from 6.10): the kernel refuses those itself.
 */
const BUFFER_SELECT_OPS: ReadonlySet<number> = new Set([
  IORING_OP_READV, IORING_OP_RECVMSG, IORING_OP_READ, IORING_OP_SEND, IORING_OP_RECV, IORING_OP_URING_CMD, IORING_OP_READ_MULTISHOT,
]);

/**
 * Opcodes whose sqe->fd is a file the request needs (io_issue_defs[op].needs_file,
 * kernel io_uring/opdef.c): with IOSQE_FIXED_FILE it is an index into the
 * registered file table, and an index past the table completes with -EBADF
 * (io_file_get_fixed(); observed on Linux 6.18, with and without a table).
 */
const FILE_OPS: ReadonlySet<number> = new Set([
  IORING_OP_READV, IORING_OP_WRITEV, IORING_OP_FSYNC, IORING_OP_READ_FIXED, IORING_OP_WRITE_FIXED, IORING_OP_POLL_ADD,
  IORING_OP_SYNC_FILE_RANGE, IORING_OP_SENDMSG, IORING_OP_RECVMSG, IORING_OP_ACCEPT, IORING_OP_CONNECT, IORING_OP_FALLOCATE,
  IORING_OP_READ, IORING_OP_WRITE, IORING_OP_FADVISE, IORING_OP_SEND, IORING_OP_RECV, IORING_OP_SPLICE, IORING_OP_TEE,
  IORING_OP_SHUTDOWN, IORING_OP_MSG_RING, IORING_OP_FSETXATTR, IORING_OP_FGETXATTR, IORING_OP_URING_CMD, IORING_OP_SEND_ZC,
  IORING_OP_SENDMSG_ZC, IORING_OP_READ_MULTISHOT, IORING_OP_FIXED_FD_INSTALL, IORING_OP_FTRUNCATE, IORING_OP_BIND, IORING_OP_LISTEN,
]);

/** Opcodes whose wrappers take a NULL buffer for IOSQE_BUFFER_SELECT: without it the kernel completes them with -EFAULT. */
const NULL_BUFFER_OPS: ReadonlySet<number> = new Set([IORING_OP_READ, IORING_OP_RECV, IORING_OP_SEND]);
/** NULL_BUFFER_OPS by opcode byte, for the submit's scan of every pending SQE. */
const NULL_BUFFER_OP: Uint8Array = new Uint8Array(256);
for (const op of NULL_BUFFER_OPS) NULL_BUFFER_OP[op] = 1;

/** What an SQE about to be submitted may get wrong, checked by the submit functions' rules. */
const SQE_FAULTS = ['null-buffer', 'buffer-select-op', 'buffer-select-vectors', 'buffer-group', 'fixed-file'] as const;
export type SqeFault = (typeof SQE_FAULTS)[number];

interface SqeFields {
  opcode: number;
  flags: number;
  fd: number;
  addr: bigint;
  len: number;
  bufGroup: number;
  userData: bigint;
}

function sqeFields(d: DataView, at: number): SqeFields {
  return {
    opcode: d.getUint8(at + SQE.opcode),
    flags: d.getUint8(at + SQE.flags),
    fd: d.getInt32(at + SQE.fd, true),
    addr: d.getBigUint64(at + SQE.addr, true),
    len: d.getUint32(at + SQE.len, true),
    bufGroup: d.getUint16(at + SQE.bufIndex, true),
    userData: d.getBigUint64(at + SQE.userData, true),
  };
}

function opName(op: number): string {
  const name = (Object.keys(IoringOp) as (keyof typeof IoringOp)[]).find((k) => IoringOp[k] === op && k !== 'IORING_OP_LAST');
  return name ?? `opcode ${op}`;
}

/** What is wrong with one SQE as to `fault`, in words ending with what the kernel would do; null when nothing. */
function faultOf(ring: RingLike | null, s: SqeFields, fault: SqeFault): string | null {
  const select = (s.flags & IOSQE_BUFFER_SELECT) !== 0;
  switch (fault) {
    case 'null-buffer':
      if (NULL_BUFFER_OPS.has(s.opcode) && s.addr === 0n && s.len > 0 && !select) {
        return `${opName(s.opcode)} with no buffer (NULL) for ${s.len} bytes and without IOSQE_BUFFER_SELECT: the kernel would complete it with -EFAULT`;
      }
      return null;
    case 'buffer-select-op':
      if (select && !BUFFER_SELECT_OPS.has(s.opcode)) return `${opName(s.opcode)} with IOSQE_BUFFER_SELECT, which it does not support: the kernel would complete it with -EOPNOTSUPP`;
      return null;
    case 'buffer-select-vectors':
      if (select && s.opcode === IORING_OP_READV && s.len !== 1) return `IORING_OP_READV with IOSQE_BUFFER_SELECT and ${s.len} iovecs instead of one: the kernel would complete it with -EINVAL`;
      return null;
    case 'buffer-group':
      if (ring && select && BUFFER_SELECT_OPS.has(s.opcode) && hasBufferGroup(ring, s.bufGroup) === false) {
        return `${opName(s.opcode)} selecting a buffer from group ${s.bufGroup}, which this ring has neither registered (a buffer ring) nor been given buffers for (io_uring_prep_provide_buffers): the kernel would complete it with -ENOBUFS`;
      }
      return null;
    case 'fixed-file': {
      const size = ring ? fileTableSize(ring) : null;
      if (size !== null && s.flags & IOSQE_FIXED_FILE && FILE_OPS.has(s.opcode) && s.fd >>> 0 >= size) {
        return `${opName(s.opcode)} with IOSQE_FIXED_FILE and file index ${s.fd}, and ${size === 0 ? 'this ring has no registered files' : `this ring's registered file table has ${size} slots`}: the kernel would complete it with -EBADF`;
      }
      return null;
    }
  }
}

/**
 * The first SQE got from `ring` and not yet submitted (from its sqe_head to
 * its sqe_tail, the ones the next submit hands to the kernel) that has
 * `fault`, described; null when none has.
 */
export function pendingSqeFault(ring: RingLike, fault: SqeFault): string | null {
  return firstPendingFault(ring, [fault]);
}

/**
 * Whether no SQE got from `ring` and not yet submitted has any of the faults: the five
 * pendingSqeFault rules at once, in one pass over the SQEs (the submit family's guard; the
 * zod schema still asks each rule, for its message).
 */
export function noPendingSqeFault(ring: RingLike): boolean {
  return firstPendingFault(ring, SQE_FAULTS) === null;
}

function firstPendingFault(ring: RingLike, faults: readonly SqeFault[]): string | null {
  const s = ringState(ring);
  if (!s.ringView || !s.sqes) return null;
  const head = s.ringView.getUint32(RING.sqeHead, true);
  const tail = s.ringView.getUint32(RING.sqeTail, true);
  const d = s.sqes.view;
  // Every fault needs a flag the SQE lacks, or (a NULL buffer) an opcode that takes one and an addr
  // of 0: most SQEs are ruled out by their flags byte and, for the opcodes that take a buffer, addr.
  const nullBuffer = faults.includes('null-buffer');
  let flags = 0;
  for (const f of faults) if (f !== 'null-buffer') flags |= f === 'fixed-file' ? IOSQE_FIXED_FILE : IOSQE_BUFFER_SELECT;
  for (let i = head; i !== tail; i = (i + 1) >>> 0) {
    const slot = i & s.sqMask;
    const at = slot * s.sqeSize;
    const maybeNullBuffer = nullBuffer && NULL_BUFFER_OP[d.getUint8(at + SQE.opcode)] && d.getUint32(at + SQE.addr, true) === 0 && d.getUint32(at + SQE.addr + 4, true) === 0;
    if (!maybeNullBuffer && (d.getUint8(at + SQE.flags) & flags) === 0) continue;
    const f = sqeFields(d, at);
    for (const fault of faults) {
      const wrong = faultOf(ring, f, fault);
      if (wrong) return `the SQE in slot ${slot} (user_data ${f.userData}) is ${wrong}`;
    }
  }
  return null;
}

/**
 * The same for one SQE about to get `flags` (io_uring_sqe_set_flags), once a
 * prep helper has set its opcode. An SQE still IORING_OP_NOP may not be
 * prepared yet (C lets flags come first): the submit checks it.
 */
export function sqeFlagsFault(sqe: Struct, flags: number, fault: SqeFault): string | null {
  const b = sqe.bytes;
  const f = sqeFields(new DataView(b.buffer, b.byteOffset, b.byteLength), 0);
  if (f.opcode === IORING_OP_NOP) return null;
  f.flags = flags & 0xff;
  const wrong = faultOf(ringOfSqe(sqe), f, fault);
  return wrong ? `this SQE would be ${wrong}` : null;
}

/**
 * For io_uring_prep_read_fixed and _write_fixed: whether buffer `index` is
 * registered with the SQE's ring ('index'), and whether [buf, buf + nbytes)
 * lies inside it ('range'), described when not; null when it is, or when the
 * ring's buffers are unknown. The kernel completes either with -EFAULT
 * (io_import_fixed(); observed on Linux 6.18).
 */
export function fixedBufferFault(sqe: Struct, buf: Memory, nbytes: number, index: number, fault: 'index' | 'range'): string | null {
  const ring = ringOfSqe(sqe);
  const table = ring ? bufferTable(ring) : null;
  if (!table) return null;
  const slot = table[index];
  if (fault === 'index') {
    if (index >= table.length) return table.length === 0 ? `buffer index ${index}, and the ring has no registered buffers` : `buffer index ${index}, and the ring has ${table.length} registered buffers (0 to ${table.length - 1})`;
    if (!slot) return `buffer index ${index}, an empty slot of the ring's registered buffers`;
    return null;
  }
  if (!slot) return null; // the index rule's business
  const start = addressOf(buf);
  const end = start + BigInt(nbytes);
  if (start >= slot.address && end <= slot.address + slot.length) return null;
  return `[0x${start.toString(16)}, 0x${end.toString(16)}) while registered buffer ${index} is [0x${slot.address.toString(16)}, 0x${(slot.address + slot.length).toString(16)})`;
}
