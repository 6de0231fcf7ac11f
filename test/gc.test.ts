// GC safety: thousands of reads and writes in flight through Ring, with buffers
// that nothing but the Ring references, while collections are forced (major and
// minor, node --expose-gc in a child process): every buffer of a request in
// flight stays alive, every block read or written is intact, no stray write
// lands in other memory, and the process does not crash.
import { describe, expect, test } from 'vitest';
import { resultOf, runNode } from './support/child.js';

interface GcResult {
  deferred: boolean;
  readsIssued: number;
  readsAliveAfterGc: number;
  readsCompleted: number;
  readsVerified: number;
  readsCollectedBeforeCheck: number;
  readsCorrupted: number;
  duplicateSeqs: number;
  writesIssued: number;
  writesPendingAtGc: number;
  writesPendingAliveAfterGc: number;
  writesCompleted: number;
  pipeBlocksDrained: number;
  pipeBlocksCorrupted: number;
  fileBlocksWritten: number;
  fileBlocksCorrupted: number;
  fileReadsVerified: number;
  fileReadsCorrupted: number;
  fileReadsCollectedBeforeCheck: number;
  bytesVerified: number;
  sentinelsCorrupted: number;
  churnCorrupted: number;
  churnBuffers: number;
  gcs: number;
  minorGcs: number;
  errors: string[];
}

async function run(pipeOps: number, fileBlocks: number, deferTaskrun: boolean): Promise<GcResult> {
  const r = await runNode('test/support/gc-child.ts', [String(pipeOps), String(fileBlocks), deferTaskrun ? '1' : '0'], {
    nodeArgs: ['--expose-gc'],
    timeoutMs: 60_000,
  });
  // Zero crashes: the child exits on its own, with no signal.
  expect({ code: r.code, signal: r.signal, stderr: r.stderr.slice(-2000) }).toMatchObject({ code: 0, signal: null });
  return resultOf<GcResult>(r);
}

function expectSafe(r: GcResult, pipeOps: number, fileBlocks: number): void {
  expect(r.errors).toEqual([]);
  // While in flight, the Ring alone kept every buffer alive through forced collections.
  expect(r.readsIssued).toBe(pipeOps);
  expect(r.readsAliveAfterGc).toBe(pipeOps);
  // At least all but the 16 writes that fit in the FIFO (64 KiB) were still waiting at that point.
  expect(r.writesPendingAtGc).toBeGreaterThanOrEqual(pipeOps - 16);
  expect(r.writesPendingAliveAfterGc).toBe(r.writesPendingAtGc);
  // Every request completed, and every byte checked is right.
  expect(r.readsCompleted).toBe(pipeOps);
  expect(r.writesCompleted).toBe(pipeOps);
  expect(r.readsCorrupted).toBe(0);
  expect(r.duplicateSeqs).toBe(0);
  expect(r.pipeBlocksCorrupted).toBe(0);
  expect(r.pipeBlocksDrained).toBe(pipeOps);
  expect(r.fileBlocksWritten).toBe(fileBlocks);
  expect(r.fileBlocksCorrupted).toBe(0);
  expect(r.fileReadsCorrupted).toBe(0);
  // A buffer may be collected after its completion and before the check: then it is not counted.
  // How many are depends on when the collector runs, so only a floor is asserted: many are checked.
  expect(r.readsVerified + r.readsCollectedBeforeCheck).toBe(pipeOps);
  expect(r.readsVerified).toBeGreaterThan(pipeOps / 8);
  expect(r.fileReadsVerified + r.fileReadsCollectedBeforeCheck).toBe(fileBlocks);
  // The child keeps every eighth file read's buffer until its check: at least those are checked.
  expect(r.fileReadsVerified).toBeGreaterThanOrEqual(fileBlocks / 8);
  // No stray write from the kernel into memory it was not given.
  expect(r.sentinelsCorrupted).toBe(0);
  expect(r.churnCorrupted).toBe(0);
  expect(r.churnBuffers).toBeGreaterThan(0);
  expect(r.gcs + r.minorGcs).toBeGreaterThan(10);
  expect(r.bytesVerified).toBe(4096 * (r.readsVerified + r.pipeBlocksDrained + fileBlocks + r.fileReadsVerified));
}

describe('GC safety through Ring', () => {
  test('deferred task-run ring (the default): 2000 FIFO reads, 2000 FIFO writes, 4096 file writes and reads', async () => {
    const r = await run(2000, 4096, true);
    expect(r.deferred).toBe(true);
    expectSafe(r, 2000, 4096);
  }, 90_000);

  test('classic ring (deferTaskrun: false): 1000 FIFO reads, 1000 FIFO writes, 2048 file writes and reads', async () => {
    const r = await run(1000, 2048, false);
    expect(r.deferred).toBe(false);
    expectSafe(r, 1000, 2048);
  }, 90_000);
});
