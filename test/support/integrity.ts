/**
 * The data-integrity workload of test/integrity.test.ts and `npm run soak`:
 * self-describing blocks (blocks.ts) of random lengths written at random
 * offsets through a Ring with a fixed number of writes in flight, fsync,
 * then every block read back (through the Ring, and again with node:fs) and
 * compared byte for byte with what was written.
 *
 * The file is divided into slots of `slotSize` bytes; a block lies inside one
 * slot, at a random offset in it, so no two writes overlap, and a slot never
 * has two writes in flight at once (so the last block written to a slot is the
 * one that must be there). With `overwrite` false every slot is written at
 * most once, so a block, once durable, is never touched again (for the kill
 * test).
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { Ring } from '../../index.js';
import { HEADER, checkBlock, makeBlock, prng } from './blocks.js';

export interface DurableBlock {
  slot: number;
  offset: number;
  length: number;
  seq: number;
  crc: number;
}

export interface IntegrityOptions {
  ring: Ring;
  /** An open file descriptor, read-write. */
  fd: number;
  slots: number;
  /** Bytes per slot: the largest block. */
  slotSize: number;
  /** How many blocks to write (or until `stop()` says so). */
  writes: number;
  /** Writes (and later reads) in flight at once. */
  inflight: number;
  seed: number;
  /** Whether a slot may be written again (default true). */
  overwrite?: boolean;
  /** Issue an fsync after every this many completed writes, while other writes stay in flight (0: only at the end). */
  fsyncEvery?: number;
  /** Called when an fsync completes, with the blocks whose writes had completed before it was issued (each block once). */
  onDurable?: (blocks: DurableBlock[]) => void;
  /** Stop issuing writes when this returns true (checked before each write). */
  stop?: () => boolean;
  /** Skip the read-back (the kill test's child never gets there). */
  noVerify?: boolean;
}

export interface IntegrityResult {
  writes: number;
  bytesWritten: number;
  fsyncs: number;
  blocksVerified: number;
  bytesVerified: number;
  mismatches: number;
  firstMismatches: string[];
  maxInflight: number;
  ms: number;
}

/** The bytes block `b` must hold. */
export function expectedBytes(b: Pick<DurableBlock, 'length' | 'seq' | 'slot'>): Uint8Array {
  const out = new Uint8Array(b.length);
  makeBlock(out, b.seq, b.slot);
  return out;
}

export async function runIntegrity(o: IntegrityOptions): Promise<IntegrityResult> {
  const t0 = performance.now();
  const rnd = prng(o.seed);
  const overwrite = o.overwrite ?? true;
  const latest: (DurableBlock | undefined)[] = new Array(o.slots);
  const busy = new Uint8Array(o.slots);
  let unused = o.slots;
  const completedSinceSync: DurableBlock[] = [];
  const result: IntegrityResult = { writes: 0, bytesWritten: 0, fsyncs: 0, blocksVerified: 0, bytesVerified: 0, mismatches: 0, firstMismatches: [], maxInflight: 0, ms: 0 };
  let inflight = 0;
  let seq = 0;
  let failure: unknown = null;
  const fsyncs: Promise<void>[] = [];
  let wake: (() => void) | null = null;
  const settled = () => {
    inflight--;
    const w = wake;
    wake = null;
    w?.();
  };

  const fsyncNow = () => {
    const covered = completedSinceSync.splice(0);
    result.fsyncs++;
    fsyncs.push(
      o.ring.fsync(o.fd).then(() => {
        o.onDurable?.(covered);
      }),
    );
  };

  /** A slot for the next block: random, not busy (and never written before, without overwrite). */
  const pickSlot = (): number => {
    let s = rnd() % o.slots;
    for (let i = 0; i < o.slots; i++, s = (s + 1) % o.slots) {
      if (busy[s]) continue;
      if (!overwrite && latest[s]) continue;
      return s;
    }
    return -1;
  };

  for (let i = 0; i < o.writes && !failure; i++) {
    if (o.stop?.()) break;
    if (!overwrite && unused === 0) break;
    while (inflight >= o.inflight) await new Promise<void>((r) => (wake = r));
    const slot = pickSlot();
    if (slot < 0) break;
    // A random length (at least the header and one byte) and a random offset in the slot.
    const length = HEADER + 1 + (rnd() % (o.slotSize - HEADER));
    const within = rnd() % (o.slotSize - length + 1);
    const offset = slot * o.slotSize + within;
    const buf = new Uint8Array(length);
    const block: DurableBlock = { slot, offset, length, seq: ++seq, crc: makeBlock(buf, seq, slot).crc };
    if (!latest[slot]) unused--;
    latest[slot] = block;
    busy[slot] = 1;
    inflight++;
    result.maxInflight = Math.max(result.maxInflight, inflight);
    o.ring.write(o.fd, buf, offset).then(
      (n) => {
        busy[slot] = 0;
        if (n !== length) failure ??= new Error(`short write: ${n} of ${length} bytes at ${offset}`);
        result.writes++;
        result.bytesWritten += n;
        completedSinceSync.push(block);
        if (o.fsyncEvery && completedSinceSync.length >= o.fsyncEvery) fsyncNow();
        settled();
      },
      (e) => {
        failure ??= e;
        settled();
      },
    );
  }
  while (inflight > 0) await new Promise<void>((r) => (wake = r));
  if (failure) throw failure;
  fsyncNow();
  await Promise.all(fsyncs);
  if (!o.noVerify) await verify(o, latest, result);
  result.ms = performance.now() - t0;
  return result;
}

/** Read every slot's last block back through the Ring (o.inflight at a time), and again with node:fs; compare with what was written. */
async function verify(o: IntegrityOptions, latest: (DurableBlock | undefined)[], result: IntegrityResult): Promise<void> {
  const blocks = latest.filter((b): b is DurableBlock => b !== undefined);
  const mismatch = (b: DurableBlock, how: string) => {
    result.mismatches++;
    if (result.firstMismatches.length < 10) result.firstMismatches.push(`slot ${b.slot} (seq ${b.seq}, ${b.length} bytes at ${b.offset}): ${how}`);
  };
  let next = 0;
  const worker = async () => {
    while (next < blocks.length) {
      const b = blocks[next++]!;
      const want = expectedBytes(b);
      const got = new Uint8Array(b.length);
      const n = await o.ring.read(o.fd, got, b.offset);
      if (n !== b.length) mismatch(b, `Ring read ${n} bytes`);
      else if (!Buffer.from(got.buffer, got.byteOffset, n).equals(Buffer.from(want.buffer))) mismatch(b, 'Ring read other bytes');
      else {
        result.blocksVerified++;
        result.bytesVerified += n;
      }
      // An independent path: what node:fs (pread) reads there.
      const again = Buffer.alloc(b.length);
      const m = readSync(o.fd, again, 0, b.length, b.offset);
      if (m !== b.length || !again.equals(Buffer.from(want.buffer))) mismatch(b, 'node:fs read other bytes');
    }
  };
  await Promise.all(Array.from({ length: o.inflight }, worker));
}

export interface KillOptions {
  /** The file the child writes (created or truncated). */
  file: string;
  slots: number;
  slotSize: number;
  seed: number;
  /** Send SIGKILL right after this many fsync completions were reported. */
  killAfter: number;
  /** Kill anyway after this long (a child that stopped reporting). */
  timeoutMs?: number;
}

export interface KillResult {
  signal: NodeJS.Signals | null;
  finished: boolean;
  reports: number;
  durableBlocks: number;
  bytesVerified: number;
  /** Durable blocks that did not read back intact, described. */
  bad: string[];
  stderr: string;
}

/**
 * Run test/support/integrity-kill-child.ts, kill it with SIGKILL right after its
 * `killAfter`-th fsync completion (while its next writes are in flight), then
 * read every block its completed fsyncs covered, with node:fs and through a new
 * Ring, and compare it with what was written.
 */
export async function runKillTest(o: KillOptions): Promise<KillResult> {
  const root = join(import.meta.dirname, '..', '..');
  const durable: [slot: number, offset: number, length: number, seq: number][] = [];
  let reports = 0;
  let finished = false;
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/support/integrity-kill-child.ts'), o.file, String(o.slots), String(o.slotSize), String(o.seed)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
  let pending = '';
  const killer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 30_000);
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    pending += d;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (line === 'FINISHED') finished = true;
      if (!line.startsWith('DURABLE ')) continue;
      durable.push(...(JSON.parse(line.slice(8)) as typeof durable));
      if (++reports === o.killAfter) child.kill('SIGKILL');
    }
  });
  const signal = await exited;
  clearTimeout(killer);
  const bad: string[] = [];
  let bytesVerified = 0;
  const fd = openSync(o.file, 'r');
  const ring = await Ring.create({ entries: 64 });
  try {
    let next = 0;
    const worker = async () => {
      while (next < durable.length) {
        const [slot, offset, length, seq] = durable[next++]!;
        const want = Buffer.from(expectedBytes({ slot, length, seq }));
        const viaFs = Buffer.alloc(length);
        readSync(fd, viaFs, 0, length, offset);
        const viaRing = Buffer.alloc(length);
        const n = await ring.read(fd, viaRing, offset);
        const okFs = viaFs.equals(want);
        const okRing = n === length && viaRing.equals(want);
        if (!okFs && bad.length < 20) bad.push(`slot ${slot} seq ${seq} (node:fs): ${(checkBlock(viaFs) as { reason?: string }).reason ?? 'other bytes'}`);
        if (!okRing && bad.length < 20) bad.push(`slot ${slot} seq ${seq} (Ring): ${n} bytes, ${(checkBlock(viaRing.subarray(0, n)) as { reason?: string }).reason ?? 'other bytes'}`);
        if (okFs && okRing) bytesVerified += length;
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
  } finally {
    await ring.close();
    closeSync(fd);
  }
  return { signal, finished, reports, durableBlocks: durable.length, bytesVerified, bad, stderr: stderr.slice(-2000) };
}
