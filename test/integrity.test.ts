// Data integrity through Ring: random blocks with checksums at random offsets,
// 64 writes in flight, fsync, read back (through the Ring and with node:fs) and
// compared byte for byte; and a writer killed with SIGKILL after fsync
// completions, whose fsynced blocks must all read back intact. `npm run soak`
// runs the same workload at a large size.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Ring } from '../index.js';
import { tempDir } from '../runtime/testing.js';
import { checkBlock } from './support/blocks.js';
import { root } from './support/child.js';
import { expectedBytes, runIntegrity } from './support/integrity.js';

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
    const file = dir.file('killed');
    const durable: [slot: number, offset: number, length: number, seq: number][] = [];
    let reports = 0;
    let finished = false;
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/support/integrity-kill-child.ts'), file, '20000', String(16 * 1024), '77'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    let pending = '';
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      pending += d;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (line === 'FINISHED') finished = true;
        if (!line.startsWith('DURABLE ')) continue;
        durable.push(...(JSON.parse(line.slice(8)) as typeof durable));
        // Killed in the middle of its writes, right after its sixth fsync completed.
        if (++reports === 6) child.kill('SIGKILL');
      }
    });
    const { signal } = await exited;
    clearTimeout(killer);
    try {
      expect(finished).toBe(false);
      expect(signal, stderr).toBe('SIGKILL');
      expect(reports).toBeGreaterThanOrEqual(6);
      expect(durable.length).toBeGreaterThanOrEqual(6 * 32);
      // Each durable block, read with node:fs and through a new Ring, is exactly what was written.
      const fd = openSync(file, 'r');
      const ring = await Ring.create({ entries: 64 });
      const bad: string[] = [];
      try {
        for (const [slot, offset, length, seq] of durable) {
          const want = Buffer.from(expectedBytes({ slot, length, seq }));
          const viaFs = Buffer.alloc(length);
          readSync(fd, viaFs, 0, length, offset);
          const viaRing = Buffer.alloc(length);
          const n = await ring.read(fd, viaRing, offset);
          if (!viaFs.equals(want)) bad.push(`slot ${slot} seq ${seq} (node:fs): ${(checkBlock(viaFs) as { reason?: string }).reason ?? 'other bytes'}`);
          if (n !== length || !viaRing.equals(want)) bad.push(`slot ${slot} seq ${seq} (Ring): ${n} bytes`);
        }
      } finally {
        await ring.close();
        closeSync(fd);
      }
      expect(bad).toEqual([]);
    } finally {
      dir.remove();
    }
  }, 60_000);
});
