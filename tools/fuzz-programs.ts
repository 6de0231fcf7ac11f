/**
 * `npm run fuzz:programs`: model-based fuzzing of whole programs (issue 14).
 * Random programs of up to --steps steps over a small world (1-3 rings with
 * various setup flags, pipes, a TCP pair on loopback, a file, buffers from
 * allocAligned and plain ArrayBuffers) make the checked C-name API calls a C
 * program makes, with user_data from {0, 1, 2}; after every step the
 * invariants of tools/program-fuzz/invariants.ts are checked against the model
 * (tools/program-fuzz/model.ts). Programs run in batches in child processes
 * (tools/program-fuzz/child.ts, with --expose-gc), --jobs at a time, each
 * batch with its own fast-check seed. Reported:
 *
 * - violations, with the program fast-check shrank them to and a replay command;
 * - crashes (a child killed by a signal) and hangs (no result within
 *   --timeout), with the program and step being run, and a replay command.
 *
 *   npm run fuzz:programs -- [--programs 1000] [--seed N] [--steps 50] [--per-child 100] [--jobs 2]
 *                            [--invariants memory,state,completion,error,refusal,leak] [--without op,op,...]
 *                            [--timeout seconds-per-child]
 *   npm run fuzz:programs -- --replay <file.json>       (a program a run saved)
 *
 * --invariants selects the kinds of violation that count (the others are
 * tallied only): memory (or one of memory:collected, memory:freeable,
 * memory:stray-write), state, completion, error, refusal, leak. --without
 * leaves step kinds out (names as in the printed programs, e.g. buf_ring_add;
 * 'refused' leaves out every call the package must refuse, 'reprep' a second
 * prep of an SQE, 'stale_seen' cqe_seen with a CQE other than the one at the
 * head, 'exit_in_flight' io_uring_queue_exit with requests in flight), to look
 * past a known bug. Exits 1 when anything was found; the full report is written
 * as JSON next to the saved programs, in the folder printed at the end.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { provision } from '../runtime/provision/provision.js';
import type { Finding } from './program-fuzz/child.js';
import { formatProgram, type StepJson } from './program-fuzz/program.js';
import { printUsageAndExit } from './usage.js';

const root = join(import.meta.dirname, '..');
const KINDS = ['memory', 'memory:collected', 'memory:freeable', 'memory:stray-write', 'state', 'completion', 'error', 'refusal', 'leak'];

const { values: opts } = parseArgs({
  options: {
    programs: { type: 'string', default: '1000' },
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
    steps: { type: 'string', default: '50' },
    'per-child': { type: 'string', default: '100' },
    jobs: { type: 'string', default: '2' },
    invariants: { type: 'string' },
    without: { type: 'string', default: '' },
    timeout: { type: 'string' },
    replay: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (opts.help) printUsageAndExit(import.meta.url);

function int(name: string, v: string | undefined): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) {
    process.stderr.write(`fuzz:programs: --${name} takes a positive integer, got ${v}\n`);
    process.exit(2);
  }
  return n;
}

const invariants = opts.invariants ? opts.invariants.split(',').filter(Boolean) : null;
for (const k of invariants ?? []) {
  if (!KINDS.includes(k)) {
    process.stderr.write(`fuzz:programs: unknown invariant ${k} (known: ${KINDS.join(', ')})\n`);
    process.exit(2);
  }
}

interface ChildOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  result: Record<string, unknown> | null;
  stderr: string;
}

function runChild(options: object, timeoutMs: number): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(root, 'tools/program-fuzz/child.ts'), JSON.stringify(options)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr = (stderr + d).slice(-(1 << 16));
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      resolve({ code, signal, timedOut, result: line ? (JSON.parse(line.slice(7)) as Record<string, unknown>) : null, stderr });
    });
  });
}

async function replay(file: string): Promise<void> {
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { world: unknown; steps: StepJson[] };
  const out = await runChild({ replay: [saved], invariants }, 120_000);
  const run = (out.result?.runs as { notes: string[]; failure: string | null; ignored: string[] }[] | undefined)?.[0];
  if (!run) {
    process.stdout.write(`replay: the child died (code ${out.code}, signal ${out.signal}${out.timedOut ? ', timed out' : ''})\n${out.stderr.slice(-4000)}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`${formatProgram(saved.world, saved.steps, run.notes)}\n`);
  for (const v of run.ignored) process.stdout.write(`  (not selected) ${v}\n`);
  process.stdout.write(run.failure ? `VIOLATION ${run.failure}\n` : 'no violation\n');
  process.exitCode = run.failure ? 1 : 0;
}

interface Report {
  kind: 'violation' | 'crash' | 'hang' | 'error';
  seed: number;
  message: string;
  program?: string;
  replay?: string;
}

async function campaign(): Promise<void> {
  const total = int('programs', opts.programs);
  const seed = int('seed', opts.seed);
  const steps = int('steps', opts.steps);
  const perChild = int('per-child', opts['per-child']);
  const jobs = int('jobs', opts.jobs);
  const without = opts.without.split(',').filter(Boolean);
  const install = provision({ log: (l) => process.stderr.write(l + '\n') });
  const dir = mkdtempSync(join(tmpdir(), 'liburing-ts-fuzz-programs-'));
  mkdirSync(dir, { recursive: true });
  const chunks = Array.from({ length: Math.ceil(total / perChild) }, (_, i) => ({
    index: i,
    seed: (seed + i * 7919) % 2 ** 31,
    programs: Math.min(perChild, total - i * perChild),
  }));
  process.stdout.write(
    `fuzz:programs: ${total} programs of up to ${steps} steps in ${chunks.length} children, ${jobs} at a time, base seed ${seed}, ` +
      `liburing ${install.version}${invariants ? `, invariants ${invariants.join(',')}` : ''}${without.length ? `, without ${without.join(',')}` : ''}\n`,
  );
  const reports: Report[] = [];
  const ops: Record<string, number> = {};
  const ignored: Record<string, number> = {};
  let programs = 0;
  let stepsRun = 0;
  let next = 0;
  let lastLine = performance.now();
  const t0 = performance.now();
  const save = (name: string, data: object) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(data, null, 1) + '\n');
    return `npm run fuzz:programs -- --replay ${relative(root, file).startsWith('..') ? file : relative(root, file)}${invariants ? ` --invariants ${invariants.join(',')}` : ''}`;
  };
  const worker = async () => {
    while (next < chunks.length) {
      const c = chunks[next++]!;
      const trace = join(dir, `${c.index}.trace`);
      const timeoutMs = int('timeout', opts.timeout ?? String(120 + 3 * c.programs)) * 1000;
      const out = await runChild({ seed: c.seed, programs: c.programs, steps, invariants, without, trace }, timeoutMs);
      const r = out.result as { programs: number; steps: number; ms: number; msToFind: number | null; ops: Record<string, number>; ignored: Record<string, number>; finding: Finding | null } | null;
      if (r) {
        // Programs generated (a failing batch stops at its failing program); steps include the runs of shrinking.
        programs += r.programs;
        stepsRun += r.steps;
        for (const [k, n] of Object.entries(r.ops)) ops[k] = (ops[k] ?? 0) + n;
        for (const [k, n] of Object.entries(r.ignored)) ignored[k] = (ignored[k] ?? 0) + n;
      }
      let report: Report | null = null;
      if (r?.finding) {
        const f = r.finding;
        report = {
          kind: 'violation', seed: c.seed, message: f.violation + (f.reproduced ? '' : ' (the shrunk program did not show it again when rerun: timing)'),
          program: formatProgram(f.world, f.steps, f.notes),
          replay: save(`violation-${c.seed}.json`, { world: f.world, steps: f.steps, violation: f.violation, seed: c.seed, program: f.program }),
        };
        report.message = `program ${f.program} of seed ${c.seed} (found ${((r.msToFind ?? 0) / 1000).toFixed(1)} s into its batch, shrunk ${f.shrinks} times in ${((r.ms - (r.msToFind ?? 0)) / 1000).toFixed(1)} s): ${report.message}`;
      } else if (!r || out.signal || out.code !== 0) {
        // The trace names the program and the step the child was in.
        const lines = (() => {
          try {
            return readFileSync(trace, 'utf8').split('\n').filter(Boolean);
          } catch {
            return [];
          }
        })();
        const head = lines[0] ? (JSON.parse(lines[0]) as { program: number; world: unknown }) : null;
        const stepsSoFar = lines.slice(1).filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as StepJson);
        const kind = out.timedOut ? 'hang' : out.signal ? 'crash' : 'error';
        report = {
          kind, seed: c.seed,
          message: `${out.timedOut ? `no result after ${timeoutMs / 1000} s` : out.signal ? `killed by ${out.signal}` : `exit code ${out.code}`}` +
            `${head ? ` in program ${head.program}, at its step ${stepsSoFar.length}` : ''}\n${out.stderr.trim().split('\n').slice(-12).join('\n')}`,
          program: head ? formatProgram(head.world, stepsSoFar) : undefined,
          replay: head ? save(`${kind}-${c.seed}.json`, { world: head.world, steps: stepsSoFar, seed: c.seed, program: head.program }) : undefined,
        };
      }
      if (report) {
        reports.push(report);
        process.stdout.write(`\n${report.kind.toUpperCase()}: ${report.message}\n${report.program ?? ''}\n  replay: ${report.replay ?? '(no program recorded)'}\n`);
      }
      if (performance.now() - lastLine > 10_000 || next === chunks.length) {
        lastLine = performance.now();
        const s = (performance.now() - t0) / 1000;
        process.stdout.write(`  ${programs} programs, ${stepsRun} steps, ${(programs / s).toFixed(1)} programs/s, ${s.toFixed(0)} s\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, chunks.length) }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const summary = {
    seed, programs, steps: stepsRun, seconds: Math.round(seconds), programsPerSecond: Number((programs / seconds).toFixed(1)),
    liburing: install.version, invariants: invariants ?? KINDS, without, findings: reports, stepsByOp: ops, ignoredByKind: ignored,
  };
  writeFileSync(join(dir, 'report.json'), JSON.stringify(summary, null, 1) + '\n');
  const count = (k: Report['kind']) => reports.filter((r) => r.kind === k).length;
  process.stdout.write(
    `\nfuzz:programs: ${programs} programs, ${stepsRun} steps, ${Math.round(seconds)} s (${summary.programsPerSecond} programs/s); ` +
      `${count('violation')} violations, ${count('crash')} crashes, ${count('hang')} hangs, ${count('error')} other errors.\n` +
      (Object.keys(ignored).length ? `violations of kinds not selected: ${JSON.stringify(ignored)}\n` : '') +
      `report and programs: ${dir}\n`,
  );
  process.exitCode = reports.length > 0 ? 1 : 0;
}

if (opts.replay) await replay(opts.replay);
else await campaign();
