/**
 * Part b: random 4 KiB reads of a 256 MiB file on tmpfs (/dev/shm), 64 in flight, one thread:
 * the Ring against Node's FileHandle.read, fio's io_uring and psync engines (when fio is installed)
 * and a C program with liburing that sets its ring up as the Ring does.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, statSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { Ring } from '../index.js';
import { IORING_SETUP_DEFER_TASKRUN, IORING_SETUP_SINGLE_ISSUER } from '../generated/constants.js';
import { readsFloor } from './bounds.js';
import { fmt, log, measure, median, notes, now, rateWithCpu, ROUNDS, rows, runC, SECONDS, spread, target, x, type CPrograms, type Run } from './common.js';

export const FILE = '/dev/shm/liburing-ts-bench.bin';
export const FILE_SIZE = 256 * 1024 * 1024;
const BLOCKS = FILE_SIZE / 4096;
const DEPTH = 64;

export function ensureFile(): void {
  if (existsSync(FILE) && statSync(FILE).size === FILE_SIZE) return;
  const fd = openSync(FILE, 'w');
  const chunk = Buffer.alloc(1 << 20);
  for (let i = 0; i < FILE_SIZE / chunk.length; i++) {
    for (let j = 0; j < chunk.length; j += 4096) chunk.writeUInt32LE(i * 256 + j / 4096, j);
    writeSync(fd, chunk);
  }
  closeSync(fd);
}

let seed = 12345;
function randomBlock(): number {
  // xorshift32: cheaper than Math.random and the same in every variant.
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return ((seed >>> 0) % BLOCKS) * 4096;
}

async function readsFs(seconds: number): Promise<number> {
  const fh = await open(FILE, 'r');
  let done = 0;
  const end = now() + seconds;
  const t0 = now();
  await Promise.all(Array.from({ length: DEPTH }, async () => {
    const buf = Buffer.allocUnsafeSlow(4096);
    while (now() < end) {
      const { bytesRead } = await fh.read(buf, 0, 4096, randomBlock());
      if (bytesRead !== 4096) throw new Error(`short read ${bytesRead}`);
      done++;
    }
  }));
  const t = now();
  await fh.close();
  return done / (t - t0);
}

async function readsRing(seconds: number): Promise<number> {
  const ring = await Ring.create({ entries: 128 });
  const fd = openSync(FILE, 'r');
  let done = 0;
  const end = now() + seconds;
  const t0 = now();
  await Promise.all(Array.from({ length: DEPTH }, async () => {
    const buf = Buffer.allocUnsafeSlow(4096);
    while (now() < end) {
      const n = await ring.read(fd, buf, randomBlock());
      if (n !== 4096) throw new Error(`short read ${n}`);
      done++;
    }
  }));
  const t = now();
  closeSync(fd);
  await ring.close();
  return done / (t - t0);
}

/** The fio to run (FIO=/path/to/fio to choose another). */
const FIO = process.env.FIO ?? 'fio';

function fioVersion(): string | null {
  const r = spawnSync(FIO, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function fio(engine: 'io_uring' | 'psync', seconds: number): number {
  const out = execFileSync(FIO, [
    '--name=randread', `--filename=${FILE}`, '--rw=randread', '--bs=4k', `--size=${FILE_SIZE}`, `--ioengine=${engine}`,
    `--iodepth=${engine === 'psync' ? 1 : DEPTH}`, `--runtime=${Math.max(1, Math.round(seconds))}`, '--time_based', '--thread', '--numjobs=1',
    '--norandommap', '--randrepeat=0', '--invalidate=0', '--output-format=json',
  ], { encoding: 'utf8' });
  const json = JSON.parse(out.slice(out.indexOf('{'))) as { jobs: { read: { iops: number } }[] };
  return json.jobs[0]!.read.iops;
}

export async function partB(c: CPrograms | null): Promise<void> {
  log('b. random 4 KiB reads, 64 in flight...');
  ensureFile();
  const fioV = fioVersion();
  const r: Record<string, number[]> = { fs: [], fioUring: [], fioPsync: [] };
  // Warm-up: the JIT, the page cache of the file, and each program once.
  await readsFs(0.3);
  await readsRing(0.3);
  await readsFloor(0.3);
  if (fioV) fio('io_uring', 1);
  const setup = String(IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SINGLE_ISSUER);
  if (c) runC(c.randread, [FILE, String(DEPTH), '0.3', setup]);
  // Each round measures everything back to back; every ratio is the median of the per-round ratios.
  const per: Record<string, number[]> = { fs: [], fioUring: [], fioPsync: [], c: [] };
  const runs: Record<string, Run[]> = { ring: [], c: [], floor: [] };
  for (let i = 0; i < ROUNDS; i++) {
    const fsRate = await readsFs(SECONDS);
    const ring = await measure(() => readsRing(SECONDS));
    const ringRate = ring.rate;
    r.fs!.push(fsRate);
    runs.ring!.push(ring);
    per.fs!.push(ringRate / fsRate);
    if (fioV) {
      r.fioUring!.push(fio('io_uring', SECONDS));
      per.fioUring!.push(ringRate / r.fioUring!.at(-1)!);
      r.fioPsync!.push(fio('psync', SECONDS));
      per.fioPsync!.push(ringRate / r.fioPsync!.at(-1)!);
    }
    // The C program sets up its ring as the Ring does (DEFER_TASKRUN | SINGLE_ISSUER).
    if (c) {
      const cRun = runC(c.randread, [FILE, String(DEPTH), String(SECONDS), setup]);
      runs.c!.push(cRun);
      per.c!.push(ringRate / cRun.rate);
    }
    // What the Promises of 64 async loops cost per operation alone, with no I/O.
    runs.floor!.push(await measure(() => readsFloor(SECONDS)));
  }
  const add = (what: string, key: string | null) =>
    rows.push({
      part: 'b',
      what,
      value: key === null ? 'not run' : runs[key] ? rateWithCpu(runs[key]!) : fmt(median(r[key]!)),
      ratio: key === null ? '' : `Ring = ${x(median(per[key]!))} of it (rounds ${spread(per[key]!)})`,
    });
  add('Node fs.promises FileHandle.read (64 async loops)', 'fs');
  rows.push({ part: 'b', what: 'Ring (ring.read, 64 async loops)', value: rateWithCpu(runs.ring!), ratio: '' });
  if (fioV) {
    add(`fio ${fioV} io_uring engine, iodepth 64`, 'fioUring');
    add(`fio ${fioV} psync engine (one read at a time)`, 'fioPsync');
  } else {
    add('fio io_uring engine: fio is not installed (apt-get install fio)', null);
    add('fio psync engine: fio is not installed', null);
    notes.push('fio is not installed, so its rows were not measured; on Debian: apt-get install fio. The bench installs nothing itself.');
  }
  if (c) add('C, liburing (submit_and_wait, DEFER_TASKRUN)', 'c');
  // No bound is derived here as in part a: the kernel may run these reads on io-wq threads, in
  // parallel with the thread that submits them, so C's kernel time per read is not time a Ring must add.
  rows.push({ part: 'b', what: 'floor: 64 async loops awaiting Promises that do nothing (settled in a microtask, no I/O)', value: rateWithCpu(runs.floor!), ratio: '' });
  target({ text: 'b: Ring random reads vs fio io_uring engine', goal: 1.2, kind: 'min', unit: 'x', rounds: per.fioUring! });
  target({ text: 'b: Ring random reads vs C liburing, same ring setup', goal: 1.0, kind: 'min', unit: 'x', rounds: per.c! });
}
