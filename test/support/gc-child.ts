/**
 * The child of test/gc.test.ts, run with --expose-gc: thousands of reads and
 * writes in flight through Ring, with buffers nothing but the Ring references,
 * while the garbage collector is forced again and again. Prints
 * `RESULT <json>` with what it counted; the test asserts on it.
 *
 *   node --expose-gc --import tsx test/support/gc-child.ts <pipeOps> <fileBlocks> <deferTaskrun 0|1>
 *
 * 1. FIFO reads: `pipeOps` reads of 4096 bytes wait on an empty FIFO (so they are
 *    really in flight in the kernel) with unreferenced buffers; after forced
 *    collections every buffer must still be alive (WeakRef), then another
 *    process writes self-describing blocks and every block read must be intact.
 * 2. FIFO writes: `pipeOps` writes of self-describing blocks from unreferenced
 *    buffers, most of them waiting for room in the FIFO; after forced
 *    collections every pending buffer must be alive, then another process
 *    drains the FIFO and every block it got must be intact.
 * 3. A regular file: `fileBlocks` writes then reads of 4 KiB blocks at random
 *    offsets, all issued at once with collections forced while they run;
 *    the file read back with node:fs and the blocks read through the Ring
 *    must be intact.
 * Sentinel buffers (and buffers allocated while the kernel writes) are checked
 * at the end for stray writes.
 */
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as immediate, setTimeout as sleep } from 'node:timers/promises';
import { Ring } from '../../index.js';
import { checkBlock, makeBlock, prng } from './blocks.js';

const gc = (globalThis as { gc?: (options?: { type: 'major' | 'minor'; execution: 'sync' }) => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const BLOCK = 4096; // PIPE_BUF: a write of it to a pipe is atomic, and fills one pipe page
const [pipeOps, fileBlocks, deferArg] = process.argv.slice(2).map(Number) as [number, number, number];
const dir = mkdtempSync(join(tmpdir(), 'liburing-ts-gc-'));
const ring = Ring.createSync({ entries: 256, deferTaskrun: deferArg === 1 });

const counts = {
  deferred: ring.deferred,
  readsIssued: 0,
  readsAliveAfterGc: 0,
  readsCompleted: 0,
  readsVerified: 0,
  readsCollectedBeforeCheck: 0,
  readsCorrupted: 0,
  duplicateSeqs: 0,
  writesIssued: 0,
  writesPendingAtGc: 0,
  writesPendingAliveAfterGc: 0,
  writesCompleted: 0,
  pipeBlocksDrained: 0,
  pipeBlocksCorrupted: 0,
  fileBlocksWritten: 0,
  fileBlocksCorrupted: 0,
  fileReadsVerified: 0,
  fileReadsCorrupted: 0,
  fileReadsCollectedBeforeCheck: 0,
  bytesVerified: 0,
  sentinelsCorrupted: 0,
  churnCorrupted: 0,
  gcs: 0,
  minorGcs: 0,
  errors: [] as string[],
};

/** A full collection. */
function collect(): void {
  gc!({ type: 'major', execution: 'sync' });
  counts.gcs++;
}

/**
 * What the timers do while completions arrive: a scavenge of the young generation (where buffers
 * dropped right after their operation started live, and where their memory is freed first) every
 * tick, a full collection every 8th.
 */
let ticks = 0;
function tick(churnBuffers: number): void {
  if (++ticks % 8 === 0) collect();
  else {
    gc!({ type: 'minor', execution: 'sync' });
    counts.minorGcs++;
  }
  allocChurn(churnBuffers);
}

/** Full collections, with turns of the event loop between them so WeakRefs are cleared. */
async function collectHard(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    collect();
    await sleep(1);
  }
}

// Sentinels: memory the kernel must never write to.
const SENTINEL = 0x5a;
const sentinels = Array.from({ length: 256 }, () => new Uint8Array(BLOCK).fill(SENTINEL));
// Buffers allocated while completions arrive: the likeliest victims of a write into freed memory.
const CHURN = 0xa5;
const churn: Uint8Array[] = [];
function allocChurn(n: number): void {
  for (let i = 0; i < n; i++) churn.push(new Uint8Array(BLOCK).fill(CHURN));
}

function fifo(name: string): { path: string; fd: number } {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  // O_RDWR: this process is a reader and a writer, so opening never blocks and reads wait for data.
  return { path, fd: openSync(path, 'r+') };
}

/** Run node code in another process (with argv[1] = the FIFO path), resolving when it exits. */
function helper(code: string, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['-e', code, path], { stdio: ['ignore', 'inherit', 'inherit'] });
    p.on('error', reject);
    p.on('close', (c, s) => (c === 0 ? resolve() : reject(new Error(`helper exited with ${c ?? s}`))));
  });
}

/** Code for a process that writes `n` self-describing 4096-byte blocks (seq 1..n) into the FIFO. */
function feederCode(n: number): string {
  // The block format of blocks.ts, inlined (plain JavaScript for node -e).
  return `
    const fs = require('node:fs');
    const { makeBlock } = ${blocksModuleSource()};
    const fd = fs.openSync(process.argv[1], 'w');
    for (let seq = 1; seq <= ${n}; seq++) {
      const b = new Uint8Array(${BLOCK});
      makeBlock(b, seq, 0);
      fs.writeSync(fd, b);
    }
    fs.closeSync(fd);`;
}

function blocksModuleSource(): string {
  // A small CommonJS rendition of blocks.ts's makeBlock for the helper process.
  return `(() => {
    const T = new Uint32Array(256);
    for (let n = 0; n < 256; n++) { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; T[n] = c >>> 0; }
    const crc32 = (b) => { let c = 0xffffffff; for (let i = 0; i < b.length; i++) c = T[(c ^ b[i]) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
    const prng = (s) => { let a = s >>> 0; return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return (t ^ (t >>> 14)) >>> 0; }; };
    const fill = (out, seq) => { const next = prng(seq ^ 0x9e3779b9); const dv = new DataView(out.buffer, out.byteOffset, out.byteLength); let i = 0; for (let w = 0; w < out.length >>> 2; w++, i += 4) dv.setUint32(i, next(), true); for (; i < out.length; i++) out[i] = next() & 0xff; };
    const makeBlock = (out, seq, slot) => { const p = out.subarray(20); fill(p, seq); const dv = new DataView(out.buffer, out.byteOffset, 20); dv.setUint32(0, 0x4c524e47, true); dv.setUint32(4, seq, true); dv.setUint32(8, out.length, true); dv.setUint32(12, slot, true); dv.setUint32(16, crc32(p), true); };
    return { makeBlock };
  })()`;
}

async function pipeReads(): Promise<void> {
  const { path, fd } = fifo('reads');
  const refs: WeakRef<Uint8Array>[] = [];
  const done: Promise<void>[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < pipeOps; i++) {
    const buf = new Uint8Array(BLOCK); // referenced by the Ring only
    const ref = new WeakRef(buf);
    refs.push(ref);
    counts.readsIssued++;
    done.push(
      ring.read(fd, buf, -1).then((n) => {
        counts.readsCompleted++;
        const b = ref.deref();
        if (!b) {
          counts.readsCollectedBeforeCheck++; // let go after its completion, as it should be
          return;
        }
        const c = checkBlock(b.subarray(0, n), true);
        if (!c.ok || n !== BLOCK) {
          counts.readsCorrupted++;
          if (counts.errors.length < 10) counts.errors.push(`pipe read: ${c.ok ? `${n} bytes` : c.reason}`);
          return;
        }
        if (seen.has(c.info.seq)) counts.duplicateSeqs++;
        seen.add(c.info.seq);
        counts.readsVerified++;
        counts.bytesVerified += n;
      }),
    );
    if (i % 256 === 255) collect();
  }
  await immediate(); // the Ring submits at the end of the turn
  await collectHard();
  counts.readsAliveAfterGc = refs.filter((r) => r.deref() !== undefined).length;
  const feeding = helper(feederCode(pipeOps), path);
  const gcTimer = setInterval(() => tick(16), 3);
  await Promise.all(done);
  clearInterval(gcTimer);
  await feeding;
  closeSync(fd);
}

async function pipeWrites(): Promise<void> {
  const { path, fd } = fifo('writes');
  const refs: { ref: WeakRef<Uint8Array>; done: boolean }[] = [];
  const done: Promise<void>[] = [];
  for (let i = 0; i < pipeOps; i++) {
    const buf = new Uint8Array(BLOCK);
    makeBlock(buf, i + 1, 0);
    const entry = { ref: new WeakRef(buf), done: false };
    refs.push(entry);
    counts.writesIssued++;
    done.push(
      ring.write(fd, buf, -1).then((n) => {
        entry.done = true;
        counts.writesCompleted++;
        if (n !== BLOCK && counts.errors.length < 10) counts.errors.push(`pipe write of ${n} bytes`);
      }),
    );
    if (i % 256 === 255) collect();
  }
  await immediate();
  await collectHard();
  const pending = refs.filter((e) => !e.done);
  counts.writesPendingAtGc = pending.length;
  counts.writesPendingAliveAfterGc = pending.filter((e) => e.ref.deref() !== undefined).length;
  // Another process drains the FIFO into a file while collections go on here.
  const out = join(dir, 'drained');
  const draining = helper(
    `const fs = require('node:fs'); const i = fs.openSync(process.argv[1], 'r'); const o = fs.openSync(${JSON.stringify(out)}, 'w');
     const b = Buffer.alloc(65536); let left = ${pipeOps * BLOCK};
     while (left > 0) { const n = fs.readSync(i, b, 0, Math.min(b.length, left)); if (n === 0) break; fs.writeSync(o, b, 0, n); left -= n; }
     fs.closeSync(o);`,
    path,
  );
  const gcTimer = setInterval(() => tick(16), 3);
  await Promise.all(done);
  await draining;
  clearInterval(gcTimer);
  closeSync(fd);
  const data = readFileSync(out);
  const seen = new Set<number>();
  for (let off = 0; off + BLOCK <= data.length; off += BLOCK) {
    const c = checkBlock(new Uint8Array(data.buffer, data.byteOffset + off, BLOCK), true);
    if (!c.ok || seen.has(c.info.seq)) {
      counts.pipeBlocksCorrupted++;
      if (counts.errors.length < 10) counts.errors.push(`drained block at ${off}: ${c.ok ? `duplicate seq ${c.info.seq}` : c.reason}`);
      continue;
    }
    seen.add(c.info.seq);
    counts.pipeBlocksDrained++;
    counts.bytesVerified += BLOCK;
  }
}

async function regularFile(): Promise<void> {
  const path = join(dir, 'file');
  const fd = openSync(path, 'w+');
  // Slot i of the file gets block seq i+1; the order of the writes is random.
  const order = Array.from({ length: fileBlocks }, (_, i) => i);
  const rnd = prng(12345);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rnd() % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const writes: Promise<number>[] = [];
  for (let k = 0; k < order.length; k++) {
    const slot = order[k]!;
    const buf = new Uint8Array(BLOCK);
    makeBlock(buf, slot + 1, slot);
    writes.push(ring.write(fd, buf, slot * BLOCK));
    if (k % 256 === 255) collect();
  }
  const gcTimer = setInterval(() => tick(8), 3);
  const wrote = await Promise.all(writes);
  counts.fileBlocksWritten = wrote.filter((n) => n === BLOCK).length;
  // node:fs reads it back: what the kernel got from the Ring's buffers.
  const data = readFileSync(path);
  for (let slot = 0; slot < fileBlocks; slot++) {
    const c = checkBlock(new Uint8Array(data.buffer, data.byteOffset + slot * BLOCK, BLOCK), true);
    if (!c.ok || c.info.seq !== slot + 1 || c.info.slot !== slot) {
      counts.fileBlocksCorrupted++;
      if (counts.errors.length < 10) counts.errors.push(`file slot ${slot}: ${c.ok ? `holds seq ${c.info.seq}` : c.reason}`);
    } else {
      counts.bytesVerified += BLOCK;
    }
  }
  // Reads through the Ring, into unreferenced buffers; every eighth is also kept by the test until its
  // check, so that an eighth of the blocks are always checked, however the collector's timing falls
  // (under load a collection may land between the completion and the check of the others).
  const reads: Promise<void>[] = [];
  for (let k = 0; k < order.length; k++) {
    const slot = order[k]!;
    const buf = new Uint8Array(BLOCK);
    const ref = new WeakRef(buf);
    const kept = k % 8 === 0 ? buf : undefined;
    reads.push(
      ring.read(fd, buf, slot * BLOCK).then((n) => {
        const b = kept ?? ref.deref();
        if (!b) {
          counts.fileReadsCollectedBeforeCheck++;
          return;
        }
        const c = checkBlock(b.subarray(0, n), true);
        if (!c.ok || c.info.slot !== slot || n !== BLOCK) {
          counts.fileReadsCorrupted++;
          if (counts.errors.length < 10) counts.errors.push(`file read of slot ${slot}: ${c.ok ? `got slot ${c.info.slot}` : c.reason}`);
        } else {
          counts.fileReadsVerified++;
          counts.bytesVerified += n;
        }
      }),
    );
    if (k % 256 === 255) collect();
  }
  await Promise.all(reads);
  clearInterval(gcTimer);
  closeSync(fd);
}

try {
  await pipeReads();
  await pipeWrites();
  await regularFile();
  await collectHard();
  for (const s of sentinels) if (s.some((b) => b !== SENTINEL)) counts.sentinelsCorrupted++;
  for (const c of churn) if (c.some((b) => b !== CHURN)) counts.churnCorrupted++;
  await ring.close();
} catch (e) {
  counts.errors.push(`threw: ${(e as Error)?.stack ?? e}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(`RESULT ${JSON.stringify({ ...counts, churnBuffers: churn.length })}\n`);
