/**
 * The memory operations' SQEs point to, built from their arguments: iovec
 * arrays, message headers, socket addresses, timespecs. Each operation holds
 * what it built until its final completion.
 */
import { iovec } from '../../generated/layout.js';
import { Iovec, KernelTimespec, Msghdr, Sockaddr } from '../../generated/structs.js';
import { OWNED } from '../struct.js';
import { addressOf, type Memory } from '../memory.js';

/** A __kernel_timespec of `ms` milliseconds. */
export function timespec(ms: number): KernelTimespec {
  const ts = new KernelTimespec();
  const sec = Math.floor(ms / 1000);
  ts.tv_sec = sec;
  ts.tv_nsec = Math.min(999_999_999, Math.round((ms - sec * 1000) * 1e6));
  return ts;
}

const U64 = BigUint64Array.BYTES_PER_ELEMENT;

/** An iovec array over `buffers`, as the Iovec struct the readv/writev encoders take. */
export function iovecs(buffers: Memory[]): Iovec {
  const iov = new Iovec(buffers.length);
  const b = iov.bytes;
  // Both iovec fields are 64-bit: write them as words, without a struct view per entry.
  const w = new BigUint64Array(b.buffer, b.byteOffset, (buffers.length * iovec.size) / U64);
  for (let i = 0; i < buffers.length; i++) {
    const at = (i * iovec.size) / U64;
    w[at + iovec.offset.iov_base / U64] = addressOf(buffers[i]!);
    w[at + iovec.offset.iov_len / U64] = BigInt(buffers[i]!.byteLength);
  }
  return iov;
}

/** A struct msghdr over `iov` (`count` entries) and the peer address `name` (control and flags stay 0). */
export function msghdr(iov: Iovec, count: number, name: Uint8Array | null): Msghdr {
  const m = new Msghdr();
  if (name) {
    m.msg_name = name;
    m.msg_namelen = name.byteLength;
  }
  m.msg_iov = iov;
  m.msg_iovlen = count;
  return m;
}

/** The Sockaddr struct the connect/bind encoders take, over sockaddr bytes the operation holds. */
export function sockaddrStruct(bytes: Uint8Array): Sockaddr {
  return Sockaddr.borrow(addressOf(bytes), OWNED);
}
