// The randomized model of issue 9, section 1: thousands of reads on pipes with user_data drawn from
// {0, 1, 2}, mixed with NOPs (checked and fast-path) under the same user_data, the pipes written in
// random order one message at a time. After every CQE consumed: a read whose data has not arrived
// still has its buffer in use (freeAligned refuses it); a buffer let go is freed at once (so an
// early release would also let the kernel write into unmapped memory). At the end, every hold is
// released by the completions, and the holds of reads still waiting by io_uring_queue_exit.
import { expect, test } from 'vitest';
import { allocAligned, freeAligned, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit } from '../index.js';
import { FastRing } from '../runtime/fast/index.js';
import { encode_io_uring_prep_nop } from '../generated/functions/io_uring_prep_nop.js';
import { holdsOf } from '../runtime/index.js';
import { newRing } from '../runtime/testing.js';
import { prng } from './support/blocks.js';
import { closePipes, feed, inUse, nextCqe, peekCqe, pipes, prepRead, type CqeCopy } from './support/safety.js';

const SEED = Number(process.env.SAFETY_MODEL_SEED ?? 20260309);
const READS = Number(process.env.SAFETY_MODEL_READS ?? 3000);
const PIPES = 8;
const MAX_READS_IN_FLIGHT = 40;
const MSG = 8;
const TAG = [0x6d, 0x6f, 0x64, 0x6c]; // 'modl'

interface Read {
  pipe: number;
  buf: Uint8Array;
}

test(`${READS} reads with user_data in {0, 1, 2}: no buffer let go before its read completed, all let go at the end (seed ${SEED})`, () => {
  const rand = prng(SEED);
  const pick = (n: number) => rand() % n;
  const ring = newRing(64);
  const fast = new FastRing(ring);
  const ps = pipes(PIPES);
  const waitingOn = ps.map(() => 0); // reads issued on each pipe minus messages written to it
  let live: Read[] = []; // reads whose buffer is not freed yet
  const seenPayload = new Set<number>();
  let issued = 0;
  let inFlightReads = 0;
  let cqes = 0;
  let nops = 0;
  let messages = 0;
  let heldChecks = 0;

  const payloadOf = (id: number) => {
    const b = new Uint8Array(MSG);
    new DataView(b.buffer).setUint32(0, id + 1, true);
    b.set(TAG, 4);
    return b;
  };

  /**
   * After each consumed CQE: a buffer the books let go must hold its read's message (the read is done);
   * it is freed at once. A buffer still held is counted.
   */
  function check(): void {
    const still: Read[] = [];
    for (const r of live) {
      if (inUse(r.buf)) {
        still.push(r);
        heldChecks++;
        continue;
      }
      expect(Array.from(r.buf.subarray(4, 8))).toEqual(TAG); // an early release shows as a buffer still empty
      const id = new DataView(r.buf.buffer, r.buf.byteOffset).getUint32(0, true) - 1;
      expect(seenPayload.has(id)).toBe(false);
      seenPayload.add(id);
      freeAligned(r.buf);
    }
    live = still;
  }

  function consumed(c: CqeCopy | null): boolean {
    if (!c) return false;
    expect(c.user_data).toBeLessThan(3n);
    expect([0, MSG]).toContain(c.res);
    if (c.res === MSG) inFlightReads--;
    cqes++;
    check();
    return true;
  }

  const reap = () => {
    while (consumed(peekCqe(ring)));
  };

  while (issued < READS || inFlightReads > 0) {
    // Issue a batch: reads on random pipes, and NOPs (checked or fast-path) under the same user_data values.
    const batch = issued < READS ? 1 + pick(16) : 0;
    for (let i = 0; i < batch && issued < READS && inFlightReads < MAX_READS_IN_FLIGHT; i++) {
      const u = BigInt(pick(3));
      const kind = pick(10);
      if (kind === 0) {
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_data64(sqe, u);
        nops++;
      } else if (kind === 1) {
        const at = fast.getSqe();
        encode_io_uring_prep_nop(fast.sqes, at);
        fast.setUserData(at, Number(u));
        nops++;
      } else {
        const p = pick(PIPES);
        const r: Read = { pipe: p, buf: allocAligned(MSG) };
        prepRead(ring, ps[p]!.r, r.buf, MSG, u);
        live.push(r);
        waitingOn[p]!++;
        issued++;
        inFlightReads++;
      }
    }
    if (pick(2) === 0) io_uring_submit(ring);
    else fast.submit();
    reap();
    // Write to random pipes with waiting reads, one message at a time; which read of a pipe gets it is the kernel's choice.
    const writes = 1 + pick(12);
    for (let i = 0; i < writes; i++) {
      const candidates = waitingOn.map((n, p) => (n > 0 ? p : -1)).filter((p) => p >= 0);
      if (!candidates.length) break;
      const p = candidates[pick(candidates.length)]!;
      waitingOn[p]!--;
      feed(ps[p]!, payloadOf(messages++));
      reap();
    }
    // Everything issued and written: wait for the rest of the completions.
    if (issued >= READS && waitingOn.every((n) => n === 0)) while (inFlightReads > 0) consumed(nextCqe(ring));
  }
  reap();
  check();
  expect(live).toEqual([]);
  expect(seenPayload.size).toBe(READS);
  expect(holdsOf(ring)).toMatchObject({ pendingSlots: 0, heldRequests: 0, lost: false });
  console.log(`model: ${READS} reads, ${nops} NOPs, ${cqes} CQEs; ${heldChecks} checks found a waiting read's buffer held`);

  // Reads still waiting when the ring exits: io_uring_queue_exit lets their memory go.
  const last = Array.from({ length: 24 }, (_, i) => {
    const buf = allocAligned(MSG);
    prepRead(ring, ps[i % PIPES]!.r, buf, MSG, BigInt(i % 3));
    return buf;
  });
  io_uring_submit(ring);
  expect(last.every(inUse)).toBe(true);
  io_uring_queue_exit(ring);
  expect(last.some(inUse)).toBe(false);
  for (const b of last) freeAligned(b);
  closePipes(ps);
});
