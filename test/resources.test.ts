// Bounded resources: a million operations through Ring without memory growth or
// leaked file descriptors; a CQ smaller than the completions in flight loses
// none (IORING_FEAT_NODROP and the Ring's overflow flush).
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readdirSync } from 'node:fs';
import { setImmediate as immediate } from 'node:timers/promises';
import koffi from 'koffi';
import { describe, expect, test } from 'vitest';
import { IORING_FEAT_NODROP, Ring, RingClosedError } from '../index.js';
import { tempDir } from '../runtime/testing.js';
import { resultOf, runNode } from './support/child.js';

const MiB = 1 << 20;
const fdCount = () => readdirSync('/proc/self/fd').length;

/** The kernel's count of completions it dropped (struct io_uring_cq's *koverflow). */
function dropped(ring: Ring): number {
  return new Uint32Array(koffi.view(ring.uring.cq.koverflow, 4))[0]!;
}

describe('a million operations', () => {
  test('RSS grows by less than 20 MiB and the file descriptors come back to their count before the ring', async () => {
    const r = await runNode('test/support/resources-child.ts', ['1000000', '200000'], { nodeArgs: ['--expose-gc'], timeoutMs: 90_000 });
    expect({ code: r.code, signal: r.signal, stderr: r.stderr.slice(-2000) }).toMatchObject({ code: 0, signal: null });
    const res = resultOf<{
      ops: number; wrongResults: number; opsPerSecond: number; rssGrowth: number; rssPeakGrowth: number;
      pendingAtEnd: number; fdsBeforeRing: number; fdsWithRing: number; fdsAfterClose: number;
    }>(r);
    expect(res.ops).toBeGreaterThanOrEqual(1_000_000);
    expect(res.wrongResults).toBe(0);
    expect(res.pendingAtEnd).toBe(0);
    // Measured after a warm-up of 200k operations (V8 sizes its heap on the way), after forced collections.
    expect(res.rssGrowth).toBeLessThan(20 * MiB);
    // The peak is garbage the collector had not reached yet (7 to 36 MiB across runs on a loaded machine since the
    // inline helpers run in JavaScript): bounded, not growing; the leak measure is the growth after collections above.
    expect(res.rssPeakGrowth).toBeLessThan(64 * MiB);
    // The ring fd (and its eventfd) while it is open; none after close().
    expect(res.fdsWithRing).toBeGreaterThan(res.fdsBeforeRing);
    expect(res.fdsAfterClose).toBe(res.fdsBeforeRing);
    console.log(`1M operations: ${res.opsPerSecond} ops/s, RSS growth ${(res.rssGrowth / MiB).toFixed(1)} MiB (peak ${(res.rssPeakGrowth / MiB).toFixed(1)} MiB)`);
  }, 120_000);
});

describe('file descriptors', () => {
  test('200 rings created, used and closed (both modes): the fd count is back to where it was', async () => {
    const before = fdCount();
    for (let i = 0; i < 100; i++) {
      const rings = await Promise.all([Ring.create({ entries: 8 }), Ring.create({ entries: 8, deferTaskrun: false })]);
      for (const ring of rings) {
        await ring.nop();
        await ring.close();
      }
    }
    expect(fdCount()).toBe(before);
  });

  test('closing a ring with reads in flight rejects them with RingClosedError and leaves no fd behind', async () => {
    const dir = tempDir();
    const fifo = dir.file('fifo');
    execFileSync('mkfifo', [fifo]);
    const fd = openSync(fifo, 'r+');
    const before = fdCount();
    const ring = await Ring.create({ entries: 16 });
    // Reads of an empty FIFO: in flight until cancelled.
    const reads = Array.from({ length: 100 }, () => ring.read(fd, new Uint8Array(512), -1));
    await immediate();
    expect(ring.pending).toBe(100);
    await ring.close();
    const settled = await Promise.allSettled(reads);
    expect(settled.every((s) => s.status === 'rejected' && s.reason instanceof RingClosedError)).toBe(true);
    expect(ring.pending).toBe(0);
    expect(fdCount()).toBe(before);
    closeSync(fd);
    dir.remove();
  });
});

describe('a CQ smaller than the completions in flight loses none', () => {
  for (const deferTaskrun of [true, false]) {
    test(`10,000 reads through a ring of 8 SQEs and 8 CQEs, each with its own result (deferTaskrun: ${deferTaskrun})`, async () => {
      const ring = await Ring.create({ entries: 8, cqEntries: 8, deferTaskrun });
      const zero = openSync('/dev/zero', 'r');
      try {
        expect(ring.cqEntries).toBe(8);
        expect(ring.uring.features & IORING_FEAT_NODROP).toBe(IORING_FEAT_NODROP);
        // All issued in one turn: the Ring submits each time the SQ is full, without reaping, so the
        // kernel overflows the 8-entry CQ into its overflow list.
        const n = 10_000;
        const reads = Array.from({ length: n }, (_, i) => ring.read(zero, new Uint8Array(1 + (i % 4096)), 0));
        expect(ring.fast.cqOverflowPending()).toBe(true);
        const results = await Promise.all(reads);
        // Each read resolved with its own length: no completion lost, none given to another request.
        expect(results.filter((r, i) => r !== 1 + (i % 4096))).toEqual([]);
        expect(ring.pending).toBe(0);
        expect(ring.fast.cqOverflowPending()).toBe(false);
        expect(dropped(ring)).toBe(0);
      } finally {
        closeSync(zero);
        await ring.close();
      }
    });
  }

  for (const deferTaskrun of [true, false]) {
    test(`2000 timeouts expiring while nothing reaps, into a CQ of 16 entries, all complete (deferTaskrun: ${deferTaskrun})`, async () => {
      const ring = await Ring.create({ entries: 16, cqEntries: 16, deferTaskrun });
      try {
        const timers = Array.from({ length: 2000 }, () => ring.timeout(100));
        await immediate();
        // Block the event loop past their expiry: 2000 completions arrive at a 16-entry CQ at once.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400);
        const results = await Promise.allSettled(timers);
        expect(results.filter((r) => r.status !== 'fulfilled')).toEqual([]);
        expect(ring.pending).toBe(0);
        expect(dropped(ring)).toBe(0);
      } finally {
        await ring.close();
      }
    });
  }
});
