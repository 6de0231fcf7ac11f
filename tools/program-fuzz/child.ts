/**
 * One process of `npm run fuzz:programs` (tools/fuzz-programs.ts), run with
 * --expose-gc. Either runs a batch of random programs with one fast-check seed
 * (fc.check over programArb, shrinking the first failing program), or replays
 * programs given as JSON. Prints one `RESULT <json>` line.
 *
 *   node --expose-gc --import tsx tools/program-fuzz/child.ts '<json options>'
 *
 * Options: { seed, programs, steps, invariants: string[] | null, without: string[], trace: path }
 *      or: { replay: [{ world, steps }, ...], invariants }
 *
 * Before every step the step is appended to the trace file (which starts
 * afresh with each program, with its world), so that when the process dies or
 * hangs the parent can say in which program and step, and replay it.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import fc from 'fast-check';
import { programArb, runJsonProgram, runProgram, type ProgramRun, type StepJson } from './program.js';
import type { WorldSpec } from './world.js';

interface BatchOptions {
  seed: number;
  programs: number;
  steps: number;
  invariants: string[] | null;
  without: string[];
  trace: string;
}
interface ReplayOptions {
  replay: { world: WorldSpec; steps: StepJson[] }[];
  invariants: string[] | null;
}

export interface Finding {
  seed: number;
  /** The failing program's number in the batch (before shrinking). */
  program: number;
  shrinks: number;
  world: WorldSpec;
  steps: StepJson[];
  notes: string[];
  violation: string;
  /** Whether running the shrunk program again gave a violation too (timing can make one disappear). */
  reproduced: boolean;
}

const options = JSON.parse(process.argv[2] ?? '{}') as BatchOptions | ReplayOptions;
const selected = options.invariants ? new Set(options.invariants) : null;

function tally(run: ProgramRun, ops: Record<string, number>, ignored: Record<string, number>): void {
  for (const l of run.log) {
    const op = (l.step as { op: string }).op;
    ops[op] = (ops[op] ?? 0) + 1;
  }
  for (const v of run.ignored) ignored[v.kind] = (ignored[v.kind] ?? 0) + 1;
}

async function batch(o: BatchOptions): Promise<void> {
  const t0 = performance.now();
  const without = new Set(o.without);
  const ops: Record<string, number> = {};
  const ignored: Record<string, number> = {};
  let programs = 0;
  let steps = 0;
  let traceFd = -1;
  let msToFind: number | null = null;
  const property = fc.asyncProperty(programArb(o.steps, without), async ([world, cmds]) => {
    programs++;
    if (traceFd >= 0) closeSync(traceFd);
    traceFd = openSync(o.trace, 'w');
    writeSync(traceFd, `${JSON.stringify({ seed: o.seed, program: programs, world })}\n`);
    const run: ProgramRun = { log: [], ignored: [], failure: null };
    try {
      await runProgram(world, cmds, { selected, maxSteps: o.steps, exclude: without, traceFd }, run);
    } catch (e) {
      msToFind ??= Math.round(performance.now() - t0);
      throw e;
    } finally {
      steps += run.log.length;
      tally(run, ops, ignored);
    }
  });
  const details = await fc.check(property, { seed: o.seed, numRuns: o.programs });
  let finding: Finding | null = null;
  if (details.failed && details.counterexample) {
    const [world, cmds] = details.counterexample[0];
    const run: ProgramRun = { log: [], ignored: [], failure: null };
    try {
      await runProgram(world, cmds, { selected, maxSteps: o.steps, exclude: without }, run);
    } catch {
      // recorded in run.failure
    }
    const original = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    finding = {
      seed: o.seed,
      program: details.numRuns,
      shrinks: details.numShrinks,
      world,
      steps: run.log.map((l) => l.step as StepJson),
      notes: run.log.map((l) => l.note),
      violation: run.failure?.message ?? original,
      reproduced: run.failure !== null,
    };
  }
  if (traceFd >= 0) writeSync(traceFd, 'finished\n');
  const result = { programs: details.numRuns, programsRun: programs, steps, ms: Math.round(performance.now() - t0), msToFind, ops, ignored, finding };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

async function replay(o: ReplayOptions): Promise<void> {
  const runs = [];
  for (const p of o.replay) {
    const run = await runJsonProgram(p.world, p.steps, selected);
    runs.push({ notes: run.log.map((l) => l.note), stepsRun: run.log.length, failure: run.failure?.message ?? null, ignored: run.ignored.map((v) => v.message) });
  }
  process.stdout.write(`RESULT ${JSON.stringify({ runs })}\n`);
}

if ('replay' in options) await replay(options);
else await batch(options);
