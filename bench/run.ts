/**
 * npm run bench: every figure is a ratio of two things measured side by side in this run, on
 * this machine, in alternating rounds after a warm-up; each ratio is the median of the per-round
 * ratios, printed with their spread. Prints a table, says which targets of issue 11 were met
 * (with a 10% margin, and never when the machine was busy at the start), writes bench/results.md.
 *
 *   a. NOPs in batches of 32 (bench/nops.ts): C liburing, the checked C-name API, the fast path, Ring Promises,
 *      and the bounds of bench/bounds.ts: what any JavaScript can reach in those loops.
 *   b. Random 4 KiB reads on tmpfs, 64 in flight (bench/reads.ts): the Ring against fio and C.
 *   c. Validation: ns per valid call that the checks add (bench/validation.ts).
 *   d. Copying a 256 MiB file (bench/copy.ts): examples/cp.ts against fs.copyFile and streams.
 *   e. A cold `import 'liburing-ts'` to its first io_uring_queue_init, against `node -e 0` (bench/cold-start.ts).
 *
 * Options: --quick (shorter runs), --only a,b,c,d,e. Environment: FIO (the fio binary), CC (the C compiler).
 * Nothing is installed: without fio (Debian: apt-get install fio) its rows say so.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { liburingVersion } from '../index.js';
import { liburing } from '../runtime/library.js';
import { buildC, here, loadAverage, MARGIN, MAX_LOAD, notes, only, quick, ROUNDS, rows, SECONDS, targets, verdict, type Target } from './common.js';
import { NOP_ROUNDS, NOP_SECONDS, partA } from './nops.js';
import { FILE, partB } from './reads.js';
import { partC } from './validation.js';
import { partD } from './copy.js';
import { partE } from './cold-start.js';

function machine(load: string): string[] {
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
    `Load average at start: ${load}`,
  ];
}

function describe(t: Target): string {
  if (t.value === null || Number.isNaN(t.value)) return `${t.text}: target ${t.kind === 'min' ? '>=' : '<='} ${t.goal}${t.unit}`;
  const v = t.unit === 'x' ? `${t.value.toFixed(2)}x` : `${t.value.toFixed(0)}${t.unit}`;
  const goal = `${t.kind === 'min' ? '>=' : '<='} ${t.goal}${t.unit}, with the margin ${t.kind === 'min' ? '>=' : '<='} ${(t.goal * (t.kind === 'min' ? 1 + MARGIN : 1 - MARGIN)).toFixed(t.unit === 'x' ? 2 : 0)}${t.unit}`;
  const rounds = t.rounds.map((r) => r.toFixed(t.unit === 'x' ? 2 : 0)).join(', ');
  return `${t.text}: ${v} (target ${goal}; rounds ${rounds})`;
}

async function main(): Promise<void> {
  const loadLine = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const load = loadAverage();
  const info = machine(loadLine);
  process.stderr.write(info.join('\n') + '\n');
  const c = only.has('a') || only.has('b') ? buildC() : null;
  try {
    if (only.has('a')) await partA(c);
    if (only.has('b')) await partB(c);
    if (only.has('c')) partC();
    if (only.has('d')) await partD();
    if (only.has('e')) partE();
  } finally {
    rmSync(FILE, { force: true });
  }
  if (load > MAX_LOAD) {
    notes.push(
      `The load average was ${load} at the start (above ${MAX_LOAD}): other work shared the CPUs, so no target is reported as met. ` +
        'Rerun on a quiet machine (`cat /proc/loadavg` under 1; stop other jobs): `npm run bench`.',
    );
  }

  const w = [4, Math.max(...rows.map((r) => r.what.length)), Math.max(...rows.map((r) => r.value.length)), Math.max(...rows.map((r) => r.ratio.length))];
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(w[i]!)).join('  ');
  const table = [line(['part', 'what', 'measured', 'ratio']), line(w.map((n) => '-'.repeat(n))), ...rows.map((r) => line([r.part, r.what, r.value, r.ratio]))];
  const verdicts = targets.map((t) => ({ v: verdict(t, load), text: describe(t) }));
  console.log('\n' + table.join('\n') + '\n');
  console.log('Targets (met: the median clears the target by 10%):\n' + verdicts.map((v) => `  ${v.v.padEnd(13)} ${v.text}`).join('\n'));
  for (const n of notes) console.log('Note: ' + n);

  const md = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts). Every ratio compares two things measured side by side in the same run,',
    'after a warm-up, in alternating rounds; it is the median of the per-round ratios, with their spread (min to max).',
    'A target is **met** when that median clears it by 10%; none is reported met when the load average at the start was above 1.',
    'Parts a and b give each variant\'s CPU time per operation, user and kernel: the whole process\'s, from getrusage,',
    'every thread included (the kernel\'s io-wq workers too), so in part b it can exceed the elapsed time.',
    'The bound rows (bench/bounds.ts) measure what the shape of a loop allows any JavaScript: part a\'s fast-path loop',
    'inlined by hand, and its Ring loop around Promises that do nothing, plus the kernel time C spends per NOP.',
    quick
      ? 'This was a `--quick` run: short measurements, few rounds.'
      : `Part a: ${NOP_ROUNDS} rounds of ${NOP_SECONDS} s per variant; parts b and c: ${ROUNDS} rounds of ${SECONDS} s; part e: 21 cold processes of each kind.`,
    '',
    ...info.map((l) => `- ${l}`),
    '',
    '| part | what | measured | ratio |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.part} | ${r.what.replace(/\|/g, '\\|')} | ${r.value} | ${r.ratio} |`),
    '',
    '## Targets (issue 11)',
    '',
    ...verdicts.map((v) => `- **${v.v}** ${v.text}`),
    ...(notes.length ? ['', '## Notes', '', ...notes.map((n) => `- ${n}`)] : []),
    '',
  ].join('\n');
  writeFileSync(join(here, 'results.md'), md);
  console.log(`\nWritten to ${join('bench', 'results.md')}`);
}

await main();
