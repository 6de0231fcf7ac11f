/**
 * What every part of the bench shares: the options, the statistics (medians and spreads of
 * per-round ratios), the table rows and the targets with their margin, and the C programs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { provision } from '../runtime/provision/provision.js';

export const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
export const quick = argv.includes('--quick');
const onlyArg = argv.indexOf('--only');
export const only = new Set((onlyArg >= 0 ? argv[onlyArg + 1]! : 'a,b,c,d,e').split(','));
/** Seconds per measurement and rounds per variant, for parts b and c. */
export const SECONDS = quick ? 0.4 : 1.0;
export const ROUNDS = quick ? 1 : 5;
/** A target is met only when the median clears it by this much: these machines are noisy. */
export const MARGIN = 0.1;
/** Above this 1-minute load average at the start, no target is reported as met. */
export const MAX_LOAD = 1;

export interface Row {
  part: string;
  what: string;
  value: string;
  ratio: string;
}
export const rows: Row[] = [];
export const notes: string[] = [];

export interface Target {
  text: string;
  /** null: not measured. */
  value: number | null;
  goal: number;
  /** 'min': the value must reach the goal (a speed ratio); 'max': stay under it (a cost). */
  kind: 'min' | 'max';
  unit: string;
  /** The per-round values the median came from. */
  rounds: number[];
}
export const targets: Target[] = [];

export const fmt = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M/s` : n >= 1e3 ? `${(n / 1e3).toFixed(0)} k/s` : `${n.toFixed(0)} /s`);
export const x = (r: number) => `${r.toFixed(2)}x`;
export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
/** The spread of per-round values: "min to max". */
export const spread = (xs: number[], digits = 2) => (xs.length ? `${Math.min(...xs).toFixed(digits)} to ${Math.max(...xs).toFixed(digits)}` : 'n/a');
export const now = () => Number(process.hrtime.bigint()) / 1e9;
export const log = (s: string) => process.stderr.write(s + '\n');

/** Record a target: the median of `rounds` against `goal`. */
export function target(t: Omit<Target, 'value'> & { value?: number | null }): void {
  targets.push({ ...t, value: t.value === undefined ? (t.rounds.length ? median(t.rounds) : null) : t.value });
}

/** The verdict of a target: met with the margin, met without it, missed, or not measured. */
export function verdict(t: Target, load: number): string {
  if (t.value === null || Number.isNaN(t.value)) return 'NOT MEASURED';
  const withMargin = t.kind === 'min' ? t.value >= t.goal * (1 + MARGIN) : t.value <= t.goal * (1 - MARGIN);
  const reached = t.kind === 'min' ? t.value >= t.goal : t.value <= t.goal;
  if (!reached) return 'MISSED';
  if (load > MAX_LOAD) return 'UNVERIFIED';
  return withMargin ? 'met' : 'MARGIN MISSED';
}

export function loadAverage(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

// ---- the C programs ---------------------------------------------------------------------

export interface CPrograms {
  nop: string;
  randread: string;
}

export function buildC(): CPrograms | null {
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
    const args = ['-O2', ...(install.include ? ['-I', install.include] : []), join(here, 'c', `${name}.c`), '-o', exe, lib, `-Wl,-rpath,${libDir}`];
    const r = spawnSync(cc, args, { encoding: 'utf8' });
    if (r.status !== 0) {
      notes.push(`The C programs could not be built (${cc} ${args.join(' ')}): ${(r.stderr || r.error?.message || '').trim().split('\n')[0]}`);
      return null;
    }
    built[name] = exe;
  }
  return { nop: built.nop!, randread: built.randread! };
}

/** One measurement: operations per second, and the CPU time per operation spent in user space and in the kernel. */
export interface Run {
  rate: number;
  userNs: number;
  kernelNs: number;
}

/** Run a C program of bench/c, which prints its rate and its CPU time per operation. */
export function runC(exe: string, args: string[]): Run {
  const [rate, userNs, kernelNs] = execFileSync(exe, args, { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
  return { rate: rate!, userNs: userNs!, kernelNs: kernelNs! };
}

/**
 * Run a JavaScript variant that returns its operations per second, with this process's CPU time
 * (user and kernel) around it, per operation. The variant's own setup and teardown are counted in.
 * The CPU time is the whole process's, as getrusage gives it to the C programs: every thread's,
 * the kernel's io-wq workers and V8's helper threads included, so it can exceed the elapsed time.
 */
export async function measure(variant: () => number | Promise<number>): Promise<Run> {
  const before = process.resourceUsage();
  const t0 = now();
  const rate = await variant();
  const ops = rate * (now() - t0);
  const after = process.resourceUsage();
  return { rate, userNs: ((after.userCPUTime - before.userCPUTime) * 1000) / ops, kernelNs: ((after.systemCPUTime - before.systemCPUTime) * 1000) / ops };
}

/** "3.24 M/s (user 250 + kernel 52 ns/op)": the median rate and the median CPU times per operation. */
export function rateWithCpu(runs: Run[]): string {
  const ns = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
  return `${fmt(median(runs.map((r) => r.rate)))} (user ${ns(median(runs.map((r) => r.userNs)))} + kernel ${ns(median(runs.map((r) => r.kernelNs)))} ns/op)`;
}
