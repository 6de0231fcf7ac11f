// Data integrity through Ring: random blocks with checksums at random offsets,
// 64 writes in flight, fsync, read back (through the Ring and with node:fs) and
// compared byte for byte; and a writer killed with SIGKILL after fsync
// completions, whose fsynced blocks must all read back intact. `npm run soak`
// runs the same workload at a large size.
import { closeSync, openSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { Ring } from '../index.js';
import { tempDir } from '../runtime/testing.js';
import { runIntegrity, runKillTest } from './support/integrity.js';

describe('data integrity through Ring', () => {
  test('2048 random blocks (21 B to 32 KiB) at random offsets, 64 in flight, fsync, read back: zero mismatches', async () => {
    const dir = tempDir();
    const fd = openSync(dir.file('data'), 'w+');
    const ring = await Ring.create({ entries: 128 });
    try {
      const r = await runIntegrity({ ring, fd, slots: 1024, slotSize: 32 * 1024, writes: 2048, inflight: 64, seed: 20261126, fsyncEvery: 256 });
      expect(r.firstMismatches).toEqual([]);
      expect(r.mismatches).toBe(0);
      expect(r.writes).toBe(2048);
      expect(r.maxInflight).toBe(64);
      // fsyncs while writes were in flight, and the final one.
      expect(r.fsyncs).toBe(2048 / 256 + 1);
      // Every slot written (some several times) holds its last block, checked twice (Ring and node:fs).
      expect(r.blocksVerified).toBeGreaterThan(800);
      expect(r.blocksVerified).toBeLessThanOrEqual(1024);
      expect(r.bytesVerified).toBeGreaterThan(800 * 1024);
    } finally {
      await ring.close();
      closeSync(fd);
      dir.remove();
    }
  }, 60_000);

  test('a writer killed with SIGKILL after fsync completions: every block whose fsync completed reads back intact', async () => {
    const dir = tempDir();
    try {
      // The child writes 64 blocks at a time, each slot once, with an fsync after every 32 completed writes.
      const r = await runKillTest({ file: dir.file('killed'), slots: 20000, slotSize: 16 * 1024, seed: 77, killAfter: 6 });
      expect(r.finished).toBe(false);
      expect(r.signal, r.stderr).toBe('SIGKILL');
      expect(r.reports).toBeGreaterThanOrEqual(6);
      expect(r.durableBlocks).toBeGreaterThanOrEqual(6 * 32);
      // Each durable block, read with node:fs and through a new Ring, is exactly what was written.
      expect(r.bad).toEqual([]);
      expect(r.bytesVerified).toBeGreaterThan(r.durableBlocks * 20);
    } finally {
      dir.remove();
    }
  }, 60_000);
});
