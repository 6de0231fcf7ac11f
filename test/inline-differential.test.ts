/**
 * Every inline helper the checked wrappers run in JavaScript (inline_<name>),
 * against liburing's own (unchecked_<name>, liburing-ffi), in the ring states
 * where they differ most: a full SQ, CQ heads and tails that wrap around the
 * ring, an empty CQ, an overflowed one, a buffer ring's 16-bit tail wrapping.
 * Each call runs twice from the same state (runBoth); the result and every
 * word and byte of the ring it can touch must be the same. The generated tests
 * add the same comparison from each entry's valid arguments, and the encoder
 * tests the SQE bytes of every prep helper and SQE setter.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import {
  IoUring, IoUringBufRing, IoUringCqe, IoUringRecvmsgOut, Msghdr, Cmsghdr, OutPointer, PointerArray, allocAligned,
  io_uring_get_sqe, io_uring_prep_nop, io_uring_sqe_set_data64, io_uring_submit, io_uring_cq_advance, io_uring_cq_ready,
  io_uring_get_probe, io_uring_free_probe, IORING_OP_LAST, addressOf,
} from '../index.js';
import * as u from '../generated/unsafe.js';
import { exitQuietly, newRing, runBoth } from '../runtime/testing.js';
import { inline } from '../runtime/index.js';

const rings: IoUring[] = [];
afterEach(() => {
  for (const r of rings.splice(0)) exitQuietly(r);
});

function ring(entries: number, flags = 0): IoUring {
  const r = newRing(entries, flags);
  rings.push(r);
  return r;
}

/** Compare the JavaScript helper with C's from the same state of `args`. */
function same(args: readonly unknown[], js: () => unknown, c: () => unknown): unknown {
  const { js: a, c: b } = runBoth(args, js, c);
  expect(a).toEqual(b);
  return a.result;
}

/** `n` NOPs with user_data 1..n, submitted: n completions wait in the CQ. */
function complete(r: IoUring, n: number, from = 1): void {
  for (let i = 0; i < n; i++) {
    const sqe = io_uring_get_sqe(r)!;
    io_uring_prep_nop(sqe);
    io_uring_sqe_set_data64(sqe, BigInt(from + i));
  }
  expect(io_uring_submit(r)).toBe(n);
}

/** Move the CQ head past `n` completions (so later ones wrap around the CQ). */
function cycle(r: IoUring, n: number): void {
  for (let left = n; left > 0; ) {
    const k = Math.min(left, 4);
    complete(r, k);
    io_uring_cq_advance(r, k);
    left -= k;
  }
}

describe('the submission queue', () => {
  test('get_sqe: vacant, at wrap-around and on a full ring (null)', () => {
    const r = ring(4);
    cycle(r, 6); // sqe_tail and the kernel's head are now past the end of the ring
    for (let i = 0; i < 4; i++) expect(same([r], () => u.inline_io_uring_get_sqe(r), () => u.unchecked_io_uring_get_sqe(r))).not.toBe(0n);
    // Full: C and JavaScript both give NULL and leave the tail alone.
    for (let i = 0; i < 4; i++) io_uring_get_sqe(r);
    expect(same([r], () => u.inline_io_uring_get_sqe(r), () => u.unchecked_io_uring_get_sqe(r))).toBe(0n);
  });

  test('sq_ready, sq_space_left and sqring_wait with SQEs handed out, flushed and free', () => {
    const r = ring(8);
    for (const handedOut of [0, 3, 8]) {
      cycle(r, 5);
      const left = new Array(handedOut).fill(0).map(() => io_uring_get_sqe(r)!);
      for (const s of left) io_uring_prep_nop(s);
      expect(same([r], () => u.inline_io_uring_sq_ready(r), () => u.unchecked_io_uring_sq_ready(r))).toBe(handedOut);
      expect(same([r], () => u.inline_io_uring_sq_space_left(r), () => u.unchecked_io_uring_sq_space_left(r))).toBe(8 - handedOut);
      expect(same([r], () => u.inline_io_uring_sqring_wait(r), () => u.unchecked_io_uring_sqring_wait(r))).toBe(0);
      io_uring_submit(r);
      io_uring_cq_advance(r, io_uring_cq_ready(r));
    }
  });
});

describe('the completion queue', () => {
  test('cq_ready, cq_advance and cqe_seen across wrap-around', () => {
    const r = ring(4); // 8 CQ entries
    cycle(r, 6);
    complete(r, 4); // CQEs in slots 6, 7, 0, 1
    expect(same([r], () => u.inline_io_uring_cq_ready(r), () => u.unchecked_io_uring_cq_ready(r))).toBe(4);
    for (const nr of [0, 1, 3]) same([r], () => u.inline_io_uring_cq_advance(r, nr), () => u.unchecked_io_uring_cq_advance(r, nr));
    const cqe = new OutPointer<IoUringCqe>();
    inline.peekCqe(r, cqe, IoUringCqe);
    same([r, cqe.value], () => u.inline_io_uring_cqe_seen(r, cqe.value!), () => u.unchecked_io_uring_cqe_seen(r, cqe.value!));
    same([r], () => u.inline_io_uring_cqe_seen(r, null), () => u.unchecked_io_uring_cqe_seen(r, null));
  });

  test('peek_batch_cqe across wrap-around: fewer than ready, all, more than ready, none', () => {
    const r = ring(4);
    cycle(r, 5);
    complete(r, 4);
    complete(r, 2, 5); // six CQEs from slot 5 on: 5, 6, 7, 0, 1, 2
    for (const count of [1, 6, 8]) {
      const a = new PointerArray<IoUringCqe>(8);
      expect(same([r, a], () => u.inline_io_uring_peek_batch_cqe(r, a, count), () => u.unchecked_io_uring_peek_batch_cqe(r, a, count))).toBe(Math.min(count, 6));
      u.inline_io_uring_peek_batch_cqe(r, a, count);
      expect(a.items.map((c) => c.user_data)).toEqual([1n, 2n, 3n, 4n, 5n, 6n].slice(0, Math.min(count, 6)));
    }
    io_uring_cq_advance(r, 6);
    const none = new PointerArray<IoUringCqe>(2);
    expect(same([r, none], () => u.inline_io_uring_peek_batch_cqe(r, none, 2), () => u.unchecked_io_uring_peek_batch_cqe(r, none, 2))).toBe(0);
  });

  test('peek_cqe and wait_cqe with a CQE ready; peek_cqe on an empty CQ (-EAGAIN)', () => {
    const r = ring(4);
    cycle(r, 7);
    complete(r, 2);
    for (let i = 0; i < 2; i++) {
      const out = new OutPointer<IoUringCqe>();
      expect(same([r, out], () => u.inline_io_uring_peek_cqe(r, out), () => u.unchecked_io_uring_peek_cqe(r, out))).toBe(0);
      expect(same([r, out], () => u.inline_io_uring_wait_cqe(r, out), () => u.unchecked_io_uring_wait_cqe(r, out))).toBe(0);
      u.inline_io_uring_peek_cqe(r, out);
      expect(same([out.value], () => u.inline_io_uring_cqe_get_data64(out.value!), () => u.unchecked_io_uring_cqe_get_data64(out.value!))).toBe(BigInt(i + 1));
      expect(same([out.value], () => u.inline_io_uring_cqe_get_data(out.value!), () => u.unchecked_io_uring_cqe_get_data(out.value!))).toBe(BigInt(i + 1));
      io_uring_cq_advance(r, 1);
    }
    const empty = new OutPointer<IoUringCqe>();
    expect(same([r, empty], () => u.inline_io_uring_peek_cqe(r, empty), () => u.unchecked_io_uring_peek_cqe(r, empty))).toBeLessThan(0);
  });

  test('cq_has_overflow on an overflowed CQ, and peek_batch_cqe there (liburing flushes the overflow)', () => {
    const r = ring(2); // 4 CQ entries
    for (let i = 0; i < 3; i++) complete(r, 2, 1 + 2 * i); // 6 completions for 4 slots
    expect(same([r], () => u.inline_io_uring_cq_has_overflow(r), () => u.unchecked_io_uring_cq_has_overflow(r))).toBe(true);
    expect(same([r], () => u.inline_io_uring_cq_ready(r), () => u.unchecked_io_uring_cq_ready(r))).toBe(4);
    io_uring_cq_advance(r, 4);
    // Nothing ready, an overflow waiting: both enter the kernel, which posts the two held back.
    const a = new PointerArray<IoUringCqe>(4);
    expect(u.inline_io_uring_peek_batch_cqe(r, a, 4)).toBe(2);
    expect(a.items.map((c) => c.user_data)).toEqual([5n, 6n]);
    expect(same([r], () => u.inline_io_uring_cq_has_overflow(r), () => u.unchecked_io_uring_cq_has_overflow(r))).toBe(false);
  });

  test('cq_eventfd_enabled and cq_eventfd_toggle, on and off', () => {
    const r = ring(4);
    for (const enabled of [false, false, true, true]) {
      expect(same([r], () => u.inline_io_uring_cq_eventfd_toggle(r, enabled), () => u.unchecked_io_uring_cq_eventfd_toggle(r, enabled))).toBe(0);
      expect(same([r], () => u.inline_io_uring_cq_eventfd_enabled(r), () => u.unchecked_io_uring_cq_eventfd_enabled(r))).toBe(enabled);
    }
  });

  test('cqe_nr of a CQE (1 on a ring without mixed CQE sizes)', () => {
    const r = ring(4);
    complete(r, 1);
    const out = new OutPointer<IoUringCqe>();
    inline.peekCqe(r, out, IoUringCqe);
    const cqe = out.value!;
    expect(inline.cqeNr(cqe)).toBe(1);
    if (!u.unchecked_io_uring_check_version(2, 13)) expect(same([cqe], () => u.inline_io_uring_cqe_nr(cqe), () => u.unchecked_io_uring_cqe_nr(cqe))).toBe(1);
  });
});

describe('buffer rings', () => {
  test('init, add, advance and cq_advance, across the 16-bit tail wrapping', () => {
    const r = ring(4);
    const mem = allocAligned(8 * 16);
    const br = IoUringBufRing.at(new DataView(mem.buffer, mem.byteOffset, mem.byteLength), 0, addressOf(mem), { alive: true, reason: '' });
    const buf = new Uint8Array(64);
    same([br], () => u.inline_io_uring_buf_ring_init(br), () => u.unchecked_io_uring_buf_ring_init(br));
    expect(same([], () => u.inline_io_uring_buf_ring_mask(8), () => u.unchecked_io_uring_buf_ring_mask(8))).toBe(7);
    expect(same([], () => u.inline_io_uring_buf_ring_mask(0), () => u.unchecked_io_uring_buf_ring_mask(0))).toBe(-1);
    for (const tail of [0, 5, 65533]) {
      new DataView(mem.buffer, mem.byteOffset).setUint16(14, tail, true);
      for (let off = 0; off < 3; off++) same([br], () => u.inline_io_uring_buf_ring_add(br, buf, 64, 100 + off, 7, off), () => u.unchecked_io_uring_buf_ring_add(br, buf, 64, 100 + off, 7, off));
      same([br], () => u.inline_io_uring_buf_ring_advance(br, 3), () => u.unchecked_io_uring_buf_ring_advance(br, 3));
      complete(r, 2);
      same([r, br], () => u.inline_io_uring_buf_ring_cq_advance(r, br, 2), () => u.unchecked_io_uring_buf_ring_cq_advance(r, br, 2));
      complete(r, 2);
      same([r, br], () => u.inline___io_uring_buf_ring_cq_advance(r, br, 2, 1), () => u.unchecked___io_uring_buf_ring_cq_advance(r, br, 2, 1));
      io_uring_cq_advance(r, io_uring_cq_ready(r));
    }
  });
});

describe('structs the kernel filled', () => {
  test('opcode_supported for every opcode of a probe, and past its last', () => {
    const p = io_uring_get_probe()!;
    try {
      for (let op = 0; op < IORING_OP_LAST + 8; op++) same([p], () => u.inline_io_uring_opcode_supported(p, op), () => u.unchecked_io_uring_opcode_supported(p, op));
    } finally {
      io_uring_free_probe(p);
    }
  });

  test('the recvmsg_* helpers over a multishot recvmsg buffer: name, control messages, payload', () => {
    // The layout a multishot recvmsg writes: io_uring_recvmsg_out, the name (namelen), the control area (controllen), the payload.
    const namelen = 16;
    const controllen = 48;
    const buf = new Uint8Array(16 + namelen + controllen + 100);
    const d = new DataView(buf.buffer);
    d.setUint32(0, namelen, true); // namelen
    d.setUint32(4, controllen, true); // controllen
    d.setUint32(8, 100, true); // payloadlen
    d.setBigUint64(16 + namelen, 20n, true); // first cmsg: cmsg_len 20 (aligned to 24)
    d.setBigUint64(16 + namelen + 24, 24n, true); // second cmsg: 24
    const msgh = new Msghdr();
    msgh.msg_namelen = namelen;
    msgh.msg_controllen = controllen;
    for (const len of [buf.byteLength, 16 + namelen + controllen, 20, -1]) {
      same([buf, msgh], () => u.inline_io_uring_recvmsg_validate(buf, len, msgh), () => u.unchecked_io_uring_recvmsg_validate(buf, len, msgh));
    }
    const o = IoUringRecvmsgOut.borrow(u.inline_io_uring_recvmsg_validate(buf, buf.byteLength, msgh), { alive: true, reason: '' });
    same([o], () => u.inline_io_uring_recvmsg_name(o), () => u.unchecked_io_uring_recvmsg_name(o));
    same([o, msgh], () => u.inline_io_uring_recvmsg_payload(o, msgh), () => u.unchecked_io_uring_recvmsg_payload(o, msgh));
    // Valid lengths only (the checked wrapper refuses others): liburing 2.9 and 2.15 disagree on shorter ones.
    for (const len of [buf.byteLength, 16 + namelen + controllen, 16 + namelen + controllen + 1]) {
      same([o, msgh], () => u.inline_io_uring_recvmsg_payload_length(o, len, msgh), () => u.unchecked_io_uring_recvmsg_payload_length(o, len, msgh));
    }
    let at = same([o, msgh], () => u.inline_io_uring_recvmsg_cmsg_firsthdr(o, msgh), () => u.unchecked_io_uring_recvmsg_cmsg_firsthdr(o, msgh)) as bigint;
    let n = 0;
    while (at !== 0n) {
      const cmsg = Cmsghdr.borrow(at, { alive: true, reason: '' });
      at = same([o, msgh, cmsg], () => u.inline_io_uring_recvmsg_cmsg_nexthdr(o, msgh, cmsg), () => u.unchecked_io_uring_recvmsg_cmsg_nexthdr(o, msgh, cmsg)) as bigint;
      n++;
    }
    expect(n).toBe(2);
  });
});

test('every inline helper in JavaScript is compared here', () => {
  const text = readFileSync(fileURLToPath(import.meta.url), 'utf8');
  const implemented = Object.keys(u).filter((k) => k.startsWith('inline_')).sort();
  expect(implemented.length).toBeGreaterThan(20);
  expect(implemented.filter((k) => !text.includes(`u.${k}(`))).toEqual([]);
});
