/**
 * The child of test/resources.test.ts's bounded-resources test, run with
 * --expose-gc in a fresh process so that its RSS is its own: `ops` operations
 * through one Ring (nops, reads and writes with fresh buffers, file opens and
 * closes through the Ring), with RSS measured after a warm-up and at the end,
 * and the open file descriptors counted before the Ring and after close().
 *
 *   node --expose-gc --import tsx test/support/resources-child.ts <ops> <warmup>
 *
 * Prints `RESULT <json>`.
 */
import { closeSync, mkdtempSync, openSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Ring } from '../../index.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const [ops, warmup] = process.argv.slice(2).map(Number) as [number, number];

// tsx (the loader this child runs under) opens its cache folder, os.tmpdir()/tsx-<uid>, while it
// writes compiled modules in the background: such an fd may be open at one count and closed at the next.
// It is not the Ring's, so it is not counted.
const loaderCache = join(tmpdir(), 'tsx-');
const fdCount = () =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return !readlinkSync(`/proc/self/fd/${fd}`).startsWith(loaderCache);
    } catch {
      return true; // the fd readdirSync itself had open, closed by now
    }
  }).length;
const dir = mkdtempSync(join(tmpdir(), 'liburing-ts-res-'));
const dataPath = join(dir, 'data');
writeFileSync(dataPath, Buffer.alloc(1 << 20, 0x42));
const devZero = openSync('/dev/zero', 'r');
const devNull = openSync('/dev/null', 'w');
const data = openSync(dataPath, 'r');

const fdsBeforeRing = fdCount();
const ring = await Ring.create({ entries: 256 });
const fdsWithRing = fdCount();

const BATCH = 1024;
let done = 0;
let wrongResults = 0;
const small = new Uint8Array(64);

/** One batch of BATCH operations, all in flight together. */
async function batch(b: number): Promise<void> {
  const ps: Promise<unknown>[] = [];
  for (let j = 0; j < BATCH; j++) {
    switch (j & 3) {
      case 0:
        ps.push(ring.nop());
        break;
      case 1:
        ps.push(ring.read(devZero, small, 0).then((n) => void (n === 64 || wrongResults++)));
        break;
      case 2: {
        // A fresh buffer per read: what the Ring holds until the completion must be let go after it.
        const len = 1 + ((b * 31 + j) & 4095);
        ps.push(ring.read(data, new Uint8Array(len), (j * 4096) & 0xfffff).then((n) => void (n === len || wrongResults++)));
        break;
      }
      default:
        ps.push(ring.write(devNull, new Uint8Array(128), 0).then((n) => void (n === 128 || wrongResults++)));
    }
  }
  if (b % 64 === 0) {
    // Files opened and closed through the Ring: fds must not pile up.
    ps.push(ring.open(dataPath, 'r').then((fd) => ring.closeFd(fd)));
  }
  await Promise.all(ps);
  done += BATCH;
}

async function settle(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc!();
    await sleep(5);
  }
  return process.memoryUsage().rss;
}

const t0 = performance.now();
let b = 0;
while (done < warmup) await batch(b++);
const rssAfterWarmup = await settle();
const counted = done;
const samples: number[] = [];
const t1 = performance.now();
while (done - counted < ops) {
  await batch(b++);
  if (b % 100 === 0) samples.push(process.memoryUsage().rss - rssAfterWarmup);
}
const t2 = performance.now();
const rssAtEnd = await settle();
const pendingAtEnd = ring.pending;
await ring.close();
const fdsAfterClose = fdCount();
closeSync(devZero);
closeSync(devNull);
closeSync(data);
rmSync(dir, { recursive: true, force: true });

process.stdout.write(
  `RESULT ${JSON.stringify({
    ops: done - counted,
    warmupOps: counted,
    wrongResults,
    opsPerSecond: Math.round(((done - counted) / (t2 - t1)) * 1000),
    totalMs: Math.round(performance.now() - t0),
    rssAfterWarmup,
    rssAtEnd,
    rssGrowth: rssAtEnd - rssAfterWarmup,
    rssPeakGrowth: Math.max(0, ...samples),
    pendingAtEnd,
    deferred: ring.deferred,
    fdsBeforeRing,
    fdsWithRing,
    fdsAfterClose,
  })}\n`,
);
