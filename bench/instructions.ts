/**
 * npm run bench:instructions: instructions per operation of part a's loops, counted by valgrind's
 * callgrind on the package as it ships. A count does not move with the machine's load, as
 * timings do on a small shared VM, so it shows what a change to a hot path did: run it before
 * and after. It is not a target of issue 11 (those are ratios against C, in npm run bench).
 *
 * Each mode runs twice under valgrind, for two numbers of batches of 32 after the same warm-up;
 * the difference of the two totals over the difference of the operations is the count per
 * operation, user space only (the kernel's work is not counted), startup and warm-up cancelled out.
 *
 *   npm run bench:instructions [-- MODE ...]    modes: checked fast ring read (default: all)
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildPackage } from './cold-start.js';
import { here, log } from './common.js';

const MODES: Record<string, string> = {
  checked: 'checked C-name API NOP (get_sqe + prep_nop + set_data64, its share of submit and reap)',
  fast: 'fast path NOP (getSqe + encoder + setUserData, its share of submit and reap)',
  ring: 'Ring NOP (ring.nop() in Promise.all of 32)',
  read: 'checked C-name API read of 4 KiB from /dev/zero (get_sqe + prep_read + set_data64, submit and reap), user space only',
};
const SHORT = 2000;
const LONG = 6000;

/** valgrind's total of instructions for one run of the probe. */
function count(mode: string, batches: number): number {
  const r = spawnSync(
    'valgrind',
    ['--tool=callgrind', '--callgrind-out-file=/dev/null', '--smc-check=all-non-file', process.execPath, '--no-concurrent-recompilation', '--single-threaded-gc', join(here, 'instructions-probe.mjs'), mode, String(batches)],
    { encoding: 'utf8' },
  );
  const collected = /Collected\s*:\s*(\d+)/.exec(r.stderr ?? '');
  if (r.status !== 0 || !collected) throw new Error(`valgrind on mode ${mode} failed (exit ${r.status}): ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' ')}`);
  return Number(collected[1]);
}

function main(): void {
  if (spawnSync('valgrind', ['--version']).status !== 0) {
    console.error('bench:instructions needs valgrind, which is not installed. On Debian: apt-get install valgrind');
    process.exit(2);
  }
  const asked = process.argv.slice(2);
  const unknown = asked.filter((m) => !(m in MODES));
  if (unknown.length) {
    console.error(`bench:instructions: unknown mode ${unknown.join(', ')}; the modes are ${Object.keys(MODES).join(', ')}`);
    process.exit(2);
  }
  // The probe imports the package from bench/build/dist, where this builds it as it ships.
  if (!buildPackage()) {
    console.error('bench:instructions: the package could not be built (see above)');
    process.exit(1);
  }
  for (const mode of asked.length ? asked : Object.keys(MODES)) {
    log(`counting ${mode} (two runs under valgrind, about a minute)...`);
    const perOp = (count(mode, LONG) - count(mode, SHORT)) / ((LONG - SHORT) * 32);
    console.log(`${mode.padEnd(9)}  ${perOp.toFixed(0).padStart(5)} instructions  ${MODES[mode]}`);
  }
}

main();
