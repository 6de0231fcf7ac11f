/**
 * npm run bench: every figure is a ratio of two things measured side by side in this run, on
 * this machine. Prints a table, says which targets were met or missed, and writes bench/results.md.
 *
 *   a. NOPs in batches of 32: C with liburing; the checked wrappers (one FFI call per get_sqe and
 *      per prep); the fast path (SQEs and CQEs in JavaScript, one FFI call per batch); Ring Promises.
 *   b. Random 4 KiB reads of a 256 MiB file on tmpfs (/dev/shm), 64 in flight, one thread:
 *      Node's fs.promises FileHandle.read, the Ring, fio's io_uring and psync engines (when fio is
 *      installed), and a C program with liburing.
 *   c. Validation: ns per valid call through a checked wrapper against its unchecked twin.
 *   d. Copying a 256 MiB file: examples/cp.ts against fs.copyFile and against streams.
 *
 * Options: --quick (shorter runs), --only a,b,c,d. Environment: FIO (the fio binary), CC (the C compiler).
 * Nothing is installed: without fio (Debian: apt-get install fio) its rows say so.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, openSync, closeSync, readFileSync, rmSync, statSync, writeSync, writeFileSync } from 'node:fs';
import { copyFile, open } from 'node:fs/promises';
import { cpus, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import {
  IoUring, IoUringCqe, IoUringSqe, PointerArray, Ring, io_uring_queue_init, io_uring_queue_exit, io_uring_get_sqe, io_uring_prep_nop, io_uring_prep_read,
  io_uring_submit, io_uring_peek_batch_cqe, io_uring_cq_advance, io_uring_sqe_set_data64, io_uring_cq_ready, liburingVersion,
} from '../index.js';
import {
  unchecked_io_uring_prep_nop, unchecked_io_uring_prep_read, unchecked_io_uring_sqe_set_data64, unchecked_io_uring_cq_ready,
} from '../generated/unsafe.js';
import { FastRing } from '../runtime/fast/index.js';
import { liburing } from '../runtime/library.js';
import { provision } from '../runtime/provision/provision.js';
import { encode_io_uring_prep_nop } from '../generated/functions/io_uring_prep_nop.js';
import { copyFile as ringCopy } from '../examples/cp.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.indexOf('--only');
const only = new Set((onlyArg >= 0 ? args[onlyArg + 1]! : 'a,b,c,d').split(','));
const SECONDS = quick ? 0.4 : 1.0;
const ROUNDS = quick ? 1 : 3;

interface Row {
  part: string;
  what: string;
  value: string;
  ratio: string;
}
const rows: Row[] = [];
const targets: { text: string; met: boolean | null }[] = [];
const notes: string[] = [];

const fmt = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M/s` : n >= 1e3 ? `${(n / 1e3).toFixed(0)} k/s` : `${n.toFixed(0)} /s`);
const x = (r: number) => `${r.toFixed(2)}x`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const now = () => Number(process.hrtime.bigint()) / 1e9;
const log = (s: string) => process.stderr.write(s + '\n');

function target(text: string, met: boolean | null): void {
  targets.push({ text, met });
}

// ---- the C programs ---------------------------------------------------------------------

function buildC(): { nop: string; randread: string } | null {
  // The loaded liburing, with its headers (fetched now if only the libraries were provisioned).
  const install = provision({ log, headers: true });
  const lib = install.liburing ?? install.ffi.replace('liburing-ffi.so.2', 'liburing.so.2');
  const libDir = dirname(lib);
  const out = join(here, 'build');
  mkdirSync(out, { recursive: true });
  const cc = process.env.CC ?? 'cc';
  const built: Record<string, string> = {};
  for (const name of ['nop', 'randread']) {
    const exe = join(out, name);
    const argv = ['-O2', ...(install.include ? ['-I', install.include] : []), join(here, 'c', `${name}.c`), '-o', exe, lib, `-Wl,-rpath,${libDir}`];
    const r = spawnSync(cc, argv, { encoding: 'utf8' });
    if (r.status !== 0) {
      notes.push(`The C programs could not be built (${cc} ${argv.join(' ')}): ${(r.stderr || r.error?.message || '').trim().split('\n')[0]}`);
      return null;
    }
    built[name] = exe;
  }
  return { nop: built.nop!, randread: built.randread! };
}

function runC(exe: string, argv: string[]): number {
  return Number(execFileSync(exe, argv, { encoding: 'utf8' }).trim());
}

// ---- a. NOPs in batches of 32 --------------------------------------------------------------

function nopChecked(seconds: number): number {
  const ring = new IoUring();
  io_uring_queue_init(64, ring, 0);
  const cqes = new PointerArray<IoUringCqe>(64);
  let done = 0;
  const t0 = now();
  let t = t0;
  while (t - t0 < seconds) {
    for (let k = 0; k < 200; k++) {
      for (let i = 0; i < 32; i++) io_uring_prep_nop(io_uring_get_sqe(ring)!);
      io_uring_submit(ring);
      const n = io_uring_peek_batch_cqe(ring, cqes, 64);
      io_uring_cq_advance(ring, n);
      done += n;
    }
    t = now();
  }
  io_uring_queue_exit(ring);
  return done / (t - t0);
}

function nopFast(seconds: number): number {
  const ring = new IoUring();
  io_uring_queue_init(64, ring, 0);
  const f = new FastRing(ring, { interop: false });
  const sqes = f.sqes;
  let done = 0;
  let sum = 0;
  const t0 = now();
  let t = t0;
  while (t - t0 < seconds) {
    for (let k = 0; k < 1000; k++) {
      for (let i = 0; i < 32; i++) {
        const at = f.getSqe();
        encode_io_uring_prep_nop(sqes, at);
        f.setUserData(at, i);
      }
      f.submit();
      // io_uring_for_each_cqe + io_uring_cq_advance, reading each CQE as the C program does.
      const n = f.cqReady();
      for (let h = f.cqHead(), j = 0; j < n; j++, h++) {
        const at = f.cqeOffset(h);
        sum += f.res(at) + f.userData(at);
      }
      f.advance(n);
      done += n;
    }
    t = now();
  }
  io_uring_queue_exit(ring);
  if (sum !== (done / 32) * 496) throw new Error('fast path: unexpected CQE contents');
  return done / (t - t0);
}

async function nopRing(seconds: number): Promise<number> {
  const ring = await Ring.create({ entries: 64 });
  let done = 0;
  const t0 = now();
  let t = t0;
  const batch: Promise<void>[] = new Array(32);
  while (t - t0 < seconds) {
    for (let k = 0; k < 100; k++) {
      for (let i = 0; i < 32; i++) batch[i] = ring.nop();
      await Promise.all(batch);
      done += 32;
    }
    t = now();
  }
  await ring.close();
  return done / (t - t0);
}

async function partA(c: { nop: string } | null): Promise<void> {
  log('a. NOPs in batches of 32...');
  const r: Record<string, number[]> = { c: [], checked: [], fast: [], ring: [] };
  // Warm up the JIT on each JavaScript variant.
  nopChecked(0.2);
  nopFast(0.2);
  await nopRing(0.2);
  // Short alternating runs: C and the fast path back to back, so both see the same machine load.
  const fastRatios: number[] = [];
  const rounds = quick ? 3 : 12;
  const secs = quick ? 0.2 : 0.25;
  for (let i = 0; i < rounds; i++) {
    if (c) r.c!.push(runC(c.nop, [String(secs)]));
    r.fast!.push(nopFast(secs));
    if (c) fastRatios.push(r.fast!.at(-1)! / r.c!.at(-1)!);
    r.checked!.push(nopChecked(secs / 2));
    r.ring!.push(await nopRing(secs / 2));
  }
  const C = c ? median(r.c!) : NaN;
  // Ratios: the median of each round's variant / that round's C.
  const vsC = (xs: number[]) => median(xs.map((v, i) => v / r.c![i]!));
  const add = (what: string, key: string) => rows.push({ part: 'a', what, value: fmt(median(r[key]!)), ratio: c ? x(vsC(r[key]!)) + ' of C' : '(no C)' });
  if (c) rows.push({ part: 'a', what: 'C, liburing (get_sqe + prep_nop + set_data64, submit per 32)', value: fmt(C), ratio: '1.00x of C' });
  add('checked wrappers (FFI per get_sqe and prep)', 'checked');
  add('fast path (JS SQEs/CQEs, 1 FFI call per batch)', 'fast');
  add('Ring Promises (Promise.all of 32 ring.nop())', 'ring');
  const ratio = c ? median(fastRatios) : NaN;
  target(`a: fast path >= 0.8x C on NOPs (median of ${fastRatios.length} back-to-back pairs: ${c ? x(ratio) : 'n/a'}; pairs ${fastRatios.map((q) => q.toFixed(2)).join(', ')})`, c ? ratio >= 0.8 : null);
}

// ---- b. random 4 KiB reads ------------------------------------------------------------------

const FILE = '/dev/shm/liburing-ts-bench.bin';
const FILE_SIZE = 256 * 1024 * 1024;
const BLOCKS = FILE_SIZE / 4096;
const DEPTH = 64;

function ensureFile(): void {
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

async function partB(c: { randread: string } | null): Promise<void> {
  log('b. random 4 KiB reads, 64 in flight...');
  ensureFile();
  const fioV = fioVersion();
  const r: Record<string, number[]> = { fs: [], ring: [], fioUring: [], fioPsync: [], c: [] };
  await readsFs(0.2);
  await readsRing(0.2);
  // Each round measures everything back to back; every ratio is the median of the per-round ratios.
  const per: Record<string, number[]> = { fs: [], fioUring: [], fioPsync: [], c: [] };
  for (let i = 0; i < ROUNDS; i++) {
    const fsRate = await readsFs(SECONDS);
    const ringRate = await readsRing(SECONDS);
    r.fs!.push(fsRate);
    r.ring!.push(ringRate);
    per.fs!.push(ringRate / fsRate);
    if (fioV) {
      r.fioUring!.push(fio('io_uring', SECONDS));
      per.fioUring!.push(ringRate / r.fioUring!.at(-1)!);
      r.fioPsync!.push(fio('psync', SECONDS));
      per.fioPsync!.push(ringRate / r.fioPsync!.at(-1)!);
    }
    // The C program sets up its ring as the Ring does (DEFER_TASKRUN | SINGLE_ISSUER).
    if (c) {
      r.c!.push(runC(c.randread, [FILE, String(DEPTH), String(SECONDS), String((1 << 12) | (1 << 13))]));
      per.c!.push(ringRate / r.c!.at(-1)!);
    }
  }
  const add = (what: string, key: string | null) =>
    rows.push({
      part: 'b',
      what,
      value: key === null ? 'not run' : fmt(median(r[key]!)),
      ratio: key === null ? '' : `Ring = ${x(median(per[key]!))} of it`,
    });
  add('Node fs.promises FileHandle.read (64 async loops)', 'fs');
  rows.push({ part: 'b', what: 'Ring (ring.read, 64 async loops)', value: fmt(median(r.ring!)), ratio: '' });
  if (fioV) {
    add(`fio ${fioV} io_uring engine, iodepth 64`, 'fioUring');
    add(`fio ${fioV} psync engine (one read at a time)`, 'fioPsync');
  } else {
    add('fio io_uring engine: fio is not installed (apt-get install fio)', null);
    add('fio psync engine: fio is not installed', null);
    notes.push('fio is not installed, so its rows were not measured; on Debian: apt-get install fio. The bench installs nothing itself.');
  }
  if (c) add('C, liburing (submit_and_wait, DEFER_TASKRUN)', 'c');
  const rf = median(per.fs!);
  const ri = fioV ? median(per.fioUring!) : NaN;
  const list = (xs: number[]) => xs.map((q) => q.toFixed(2)).join(', ');
  target(`b: Ring >= 5x fs.promises (median of per-round ratios ${x(rf)}; rounds ${list(per.fs!)})`, rf >= 5);
  target(
    `b: Ring >= 1x fio io_uring engine (${fioV ? `median of per-round ratios ${x(ri)}; rounds ${list(per.fioUring!)}` : 'n/a: fio is not installed'})`,
    fioV ? ri >= 1 : null,
  );
}

// ---- c. validation cost ----------------------------------------------------------------------

function perCall(fn: () => void, n: number): number {
  for (let i = 0; i < 10_000; i++) fn();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - t0) / n;
}

function partC(): void {
  log('c. validation cost...');
  const ring = new IoUring();
  io_uring_queue_init(8, ring, 0);
  // An SQE struct of our own, not one of the ring's: the checked preps then do their checks and the
  // C call, without the completion bookkeeping (which only applies to SQEs a submit will send).
  const sqe = new IoUringSqe();
  const buf = new Uint8Array(4096);
  const n = quick ? 200_000 : 1_000_000;
  const cases: [string, () => void, () => void][] = [
    ['io_uring_prep_nop(sqe)', () => io_uring_prep_nop(sqe), () => unchecked_io_uring_prep_nop(sqe)],
    ['io_uring_sqe_set_data64(sqe, 42n)', () => io_uring_sqe_set_data64(sqe, 42n), () => unchecked_io_uring_sqe_set_data64(sqe, 42n)],
    ['io_uring_cq_ready(ring)', () => void io_uring_cq_ready(ring), () => void unchecked_io_uring_cq_ready(ring)],
    ['io_uring_prep_read(sqe, fd, buf, 4096, 0)', () => io_uring_prep_read(sqe, 0, buf, 4096, 0), () => unchecked_io_uring_prep_read(sqe, 0, buf, 4096, 0)],
  ];
  let worst = 0;
  for (const [name, checked, unchecked] of cases) {
    const samples: number[] = [];
    const u: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      u.push(perCall(unchecked, n));
      samples.push(perCall(checked, n));
    }
    const ch = median(samples);
    const un = median(u);
    const cost = ch - un;
    worst = Math.max(worst, cost);
    rows.push({ part: 'c', what: name, value: `${ch.toFixed(0)} ns checked, ${un.toFixed(0)} ns unchecked`, ratio: `validation ${cost.toFixed(0)} ns/call` });
  }
  io_uring_queue_exit(ring);
  target(`c: validation < 100 ns per valid call (worst measured ${worst.toFixed(0)} ns)`, worst < 100);
}

// ---- d. copying a 256 MiB file -------------------------------------------------------------------

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t0 = now();
  await f();
  return now() - t0;
}

async function partD(): Promise<void> {
  log('d. copying a 256 MiB file...');
  ensureFile();
  const dst = '/dev/shm/liburing-ts-bench-copy.bin';
  const r: Record<string, number[]> = { cp: [], copyFile: [], streams: [] };
  const ring = await Ring.create({ entries: 128 });
  try {
    for (let i = 0; i < Math.max(2, ROUNDS); i++) {
      rmSync(dst, { force: true });
      r.cp!.push(await timed(() => ringCopy(ring, FILE, dst, 32, 128 * 1024)));
      if (i === 0 && !readFileSync(dst).equals(readFileSync(FILE))) throw new Error('examples/cp.ts produced a different file');
      rmSync(dst, { force: true });
      r.copyFile!.push(await timed(() => copyFile(FILE, dst)));
      rmSync(dst, { force: true });
      r.streams!.push(await timed(() => pipeline(createReadStream(FILE, { highWaterMark: 128 * 1024 }), createWriteStream(dst))));
    }
  } finally {
    rmSync(dst, { force: true });
    await ring.close();
  }
  const mbps = (s: number) => `${(FILE_SIZE / 2 ** 20 / s).toFixed(0)} MiB/s (${(s * 1000).toFixed(0)} ms)`;
  const cp = median(r.cp!);
  rows.push({ part: 'd', what: 'examples/cp.ts (Ring, 32 linked read+write pairs of 128 KiB)', value: mbps(cp), ratio: '' });
  rows.push({ part: 'd', what: 'fs.copyFile (copy_file_range in the kernel)', value: mbps(median(r.copyFile!)), ratio: `cp = ${x(median(r.copyFile!) / cp)} its speed` });
  rows.push({ part: 'd', what: 'fs streams (pipeline, 128 KiB chunks)', value: mbps(median(r.streams!)), ratio: `cp = ${x(median(r.streams!) / cp)} its speed` });
}

// ---- main ---------------------------------------------------------------------------------------

function machine(): string[] {
  const cpu = cpus();
  let kernelDisabled = 'unknown';
  try {
    kernelDisabled = readFileSync('/proc/sys/kernel/io_uring_disabled', 'utf8').trim();
  } catch {
    // older kernels
  }
  return [
    `CPU: ${cpu[0]?.model ?? 'unknown'} (${cpu.length} logical cores), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
    `Kernel: Linux ${release()} (io_uring_disabled=${kernelDisabled})`,
    `liburing: ${liburingVersion()} (${liburing().install.origin})`,
    `Node: ${process.version}`,
    `Date: ${new Date().toISOString()}`,
    `Load average at start: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
  ];
}

async function main(): Promise<void> {
  const info = machine();
  log(info.join('\n'));
  const c = only.has('a') || only.has('b') ? buildC() : null;
  try {
    if (only.has('a')) await partA(c);
    if (only.has('b')) await partB(c);
    if (only.has('c')) partC();
    if (only.has('d')) await partD();
  } finally {
    rmSync(FILE, { force: true });
  }

  const w = [4, Math.max(...rows.map((r) => r.what.length)), Math.max(...rows.map((r) => r.value.length)), Math.max(...rows.map((r) => r.ratio.length))];
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(w[i]!)).join('  ');
  const table = [line(['part', 'what', 'measured', 'ratio']), line(w.map((n) => '-'.repeat(n))), ...rows.map((r) => line([r.part, r.what, r.value, r.ratio]))];
  const verdicts = targets.map((t) => `${t.met === null ? 'NOT MEASURED' : t.met ? 'met   ' : 'MISSED'}  ${t.text}`);
  console.log('\n' + table.join('\n') + '\n');
  console.log('Targets:\n' + verdicts.map((v) => '  ' + v).join('\n'));
  for (const n of notes) console.log('Note: ' + n);

  const md = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts). Every ratio compares two things measured side by side in the same run.',
    quick
      ? 'This was a `--quick` run: short measurements, few rounds.'
      : `Part a: medians of 12 back-to-back rounds of 0.25 s (C, then each JavaScript variant); parts b and c: medians of ${ROUNDS} rounds of ${SECONDS} s; ratios are medians of the per-round ratios.`,
    '',
    ...info.map((l) => `- ${l}`),
    '',
    '| part | what | measured | ratio |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.part} | ${r.what} | ${r.value} | ${r.ratio} |`),
    '',
    '## Targets',
    '',
    ...verdicts.map((v) => `- ${v.replace(/^(met|MISSED|NOT MEASURED)\s*/, (m) => `**${m.trim()}** `)}`),
    ...(notes.length ? ['', '## Notes', '', ...notes.map((n) => `- ${n}`)] : []),
    '',
  ].join('\n');
  writeFileSync(join(here, 'results.md'), md);
  console.log(`\nWritten to ${join('bench', 'results.md')}`);
}

await main();
