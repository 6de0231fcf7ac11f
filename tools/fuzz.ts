/**
 * `npm run fuzz`: a long fuzz campaign over every checked wrapper. It runs the
 * generated property tests (generated/tests/*.test.ts, the test with valid and
 * hostile arguments drawn by runtime/fuzz.ts's FuzzWorld) at scale, each file
 * in child processes (tools/fuzz-child.ts) with its own fast-check seed, two
 * (or --jobs) at a time, and reports:
 *
 * - calls made, per file and in total;
 * - crashes: a child that died by a signal (SIGSEGV, SIGABRT, ...), with the
 *   call that killed it (function, arguments, run number, seed) and the
 *   command that replays it;
 * - property failures: a call that threw something other than the typed
 *   errors (fast-check's counterexample and seed);
 * - hangs: a child that did not finish within --timeout.
 *
 *   npm run fuzz -- [--calls 1000000] [--jobs 2] [--per-child 10000] [--seed N] [--filter REGEX] [--timeout 600]
 *   npm run fuzz -- --file generated/tests/<name>.test.ts --runs N --seed S     (replay one child)
 *
 * Exits 1 when anything was found. The full report is written as JSON to the
 * path printed at the end.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { provision } from '../runtime/provision/provision.js';
import { printUsageAndExit } from './usage.js';

const root = join(import.meta.dirname, '..');

const { values: opts } = parseArgs({
  options: {
    calls: { type: 'string', default: '1000000' },
    jobs: { type: 'string', default: String(Math.max(1, Math.min(availableParallelism(), 2))) },
    'per-child': { type: 'string', default: '10000' },
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
    filter: { type: 'string' },
    timeout: { type: 'string', default: '600' },
    file: { type: 'string' },
    runs: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (opts.help) printUsageAndExit(import.meta.url);

interface Chunk {
  file: string;
  runs: number;
  seed: number;
}

interface Outcome extends Chunk {
  kind: 'ok' | 'crash' | 'failure' | 'hang' | 'error';
  calls: number;
  ms: number;
  signal?: string | null;
  code?: number | null;
  /** The call being made when the child died (from its trace file). */
  lastCall?: string;
  message?: string;
  replay?: string;
}

function int(name: string, v: string | undefined): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) {
    process.stderr.write(`fuzz: --${name} takes a positive integer, got ${v}\n`);
    process.exit(2);
  }
  return n;
}

function propertyFiles(filter: RegExp | null): string[] {
  const dir = join(root, 'generated', 'tests');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(dir, f))
    .filter((f) => /valid and hostile/.test(readFileSync(f, 'utf8')))
    .filter((f) => !filter || filter.test(f))
    .map((f) => relative(root, f))
    .sort();
}

function replayCommand(c: Chunk, runs = c.runs): string {
  return `npm run fuzz -- --file ${c.file} --runs ${runs} --seed ${c.seed}`;
}

/** Run one chunk in a child process. */
function runChunk(c: Chunk, traceDir: string, index: number, timeoutMs: number): Promise<Outcome> {
  const trace = join(traceDir, `${index}.trace`);
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'tools/fuzz-child.ts'), c.file, String(c.runs), String(c.seed), trace], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (stderr.length > 1 << 20) stderr = stderr.slice(-(1 << 19));
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Math.round(performance.now() - t0);
      let lastCall: string | undefined;
      try {
        lastCall = readFileSync(trace, 'utf8').split('\0')[0]!.trim();
      } catch {
        lastCall = undefined;
      }
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      const result = line ? (JSON.parse(line.slice(7)) as { calls: number; failure: string | null }) : null;
      const callNo = Number(/\| call (\d+) of/.exec(lastCall ?? '')?.[1] ?? 0);
      if (timedOut) {
        resolve({ ...c, kind: 'hang', calls: callNo, ms, signal, code, lastCall, message: `no result after ${timeoutMs / 1000} s`, replay: replayCommand(c, callNo || c.runs) });
      } else if (signal) {
        resolve({ ...c, kind: 'crash', calls: callNo, ms, signal, code, lastCall, message: stderr.trim().split('\n').slice(-15).join('\n'), replay: replayCommand(c, callNo || c.runs) });
      } else if (result && result.failure) {
        resolve({ ...c, kind: 'failure', calls: result.calls, ms, code, lastCall, message: result.failure, replay: replayCommand(c) });
      } else if (result && code === 0) {
        resolve({ ...c, kind: 'ok', calls: result.calls, ms, code });
      } else {
        resolve({ ...c, kind: 'error', calls: result?.calls ?? callNo, ms, code, lastCall, message: stderr.trim().split('\n').slice(-20).join('\n') || `exit code ${code}`, replay: replayCommand(c) });
      }
    });
  });
}

async function main(): Promise<void> {
  const jobs = int('jobs', opts.jobs);
  const timeoutMs = int('timeout', opts.timeout) * 1000;
  const seed = int('seed', opts.seed);
  // liburing first (it may be fetched), so children find it.
  const install = provision({ log: (l) => process.stderr.write(l + '\n') });

  let chunks: Chunk[];
  if (opts.file) {
    chunks = [{ file: opts.file, runs: int('runs', opts.runs ?? '1000'), seed }];
  } else {
    const files = propertyFiles(opts.filter ? new RegExp(opts.filter) : null);
    if (files.length === 0) throw new Error('no generated property tests found (run npm run generate)');
    const target = int('calls', opts.calls);
    const perChild = int('per-child', opts['per-child']);
    const perFile = Math.ceil(target / files.length);
    chunks = [];
    // Interleave the files, so that every file is fuzzed early on.
    for (let start = 0; start < perFile; start += perChild) {
      files.forEach((file, i) => chunks.push({ file, runs: Math.min(perChild, perFile - start), seed: (seed + i * 7919 + start) % 2 ** 31 }));
    }
  }

  const traceDir = mkdtempSync(join(tmpdir(), 'liburing-ts-fuzz-'));
  const started = new Date();
  process.stdout.write(
    `fuzz: ${chunks.length} child processes over ${new Set(chunks.map((c) => c.file)).size} wrappers, ${chunks.reduce((n, c) => n + c.runs, 0)} calls planned, ` +
      `${jobs} at a time, base seed ${seed}, liburing ${install.version}\n`,
  );
  const outcomes: Outcome[] = [];
  let next = 0;
  let calls = 0;
  let lastReport = performance.now();
  const t0 = performance.now();
  const worker = async () => {
    while (next < chunks.length) {
      const i = next++;
      const o = await runChunk(chunks[i]!, traceDir, i, timeoutMs);
      outcomes.push(o);
      calls += o.calls;
      if (o.kind !== 'ok') {
        process.stdout.write(`\n${o.kind.toUpperCase()}: ${o.file} (seed ${o.seed})${o.signal ? ` killed by ${o.signal}` : ''}\n  ${(o.lastCall ?? '').replace(/\n/g, '\n  ')}\n  replay: ${o.replay}\n`);
      }
      if (performance.now() - lastReport > 10_000 || outcomes.length === chunks.length) {
        lastReport = performance.now();
        const s = (performance.now() - t0) / 1000;
        process.stdout.write(`  ${outcomes.length}/${chunks.length} children, ${calls} calls, ${Math.round(calls / s)} calls/s, ${s.toFixed(0)} s\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, chunks.length) }, worker));
  rmSync(traceDir, { recursive: true, force: true });

  const seconds = (performance.now() - t0) / 1000;
  const bad = outcomes.filter((o) => o.kind !== 'ok');
  const byKind = (k: Outcome['kind']) => outcomes.filter((o) => o.kind === k).length;
  const perFile = new Map<string, number>();
  for (const o of outcomes) perFile.set(o.file, (perFile.get(o.file) ?? 0) + o.calls);
  const report = {
    started: started.toISOString(),
    seconds: Math.round(seconds),
    seed,
    liburing: install.version,
    wrappers: perFile.size,
    children: outcomes.length,
    calls,
    crashes: byKind('crash'),
    failures: byKind('failure'),
    hangs: byKind('hang'),
    errors: byKind('error'),
    findings: bad,
    callsPerWrapper: Object.fromEntries([...perFile].sort()),
  };
  const out = join(tmpdir(), `liburing-ts-fuzz-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
  process.stdout.write(
    `\nfuzz: ${calls} calls to ${perFile.size} wrappers in ${outcomes.length} child processes, ${Math.round(seconds)} s (${Math.round(calls / seconds)} calls/s); ` +
      `${report.crashes} crashes, ${report.failures} property failures, ${report.hangs} hangs, ${report.errors} other errors.\n` +
      `report: ${out}\n`,
  );
  process.exitCode = bad.length > 0 ? 1 : 0;
}

await main();
