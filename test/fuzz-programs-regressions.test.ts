// Regression tests from the program fuzzer (issue 14): each program its findings shrank to (test/support/
// fuzz-regressions.ts) runs in a child process with --expose-gc, every invariant checked after every step: memory a
// request may still use stays alive and freeAligned refuses it, the kernel writes into no buffer no request may
// write into, every completion matches a request, each ring's head and tail words are as counted, and nothing is
// left after the rings exit. Each must run to its last step with no violation.
import { beforeAll, describe, expect, test } from 'vitest';
import { formatProgram } from '../tools/program-fuzz/program.js';
import { REGRESSIONS } from './support/fuzz-regressions.js';
import { resultOf, runNode } from './support/child.js';

interface Run {
  notes: string[];
  stepsRun: number;
  failure: string | null;
  ignored: string[];
}

let runs: Run[] = [];

beforeAll(async () => {
  const replay = REGRESSIONS.flatMap((r) => Array.from({ length: r.repeat ?? 1 }, () => ({ world: r.world, steps: r.steps })));
  const child = await runNode('tools/program-fuzz/child.ts', [JSON.stringify({ replay, invariants: null })], { nodeArgs: ['--expose-gc'], timeoutMs: 110_000 });
  expect({ code: child.code, signal: child.signal, stderr: child.stderr.slice(-2000) }).toMatchObject({ code: 0, signal: null });
  runs = resultOf<{ runs: Run[] }>(child).runs;
}, 120_000);

describe('programs the fuzzer found bugs with', () => {
  let next = 0;
  for (const r of REGRESSIONS) {
    const first = next;
    next += r.repeat ?? 1;
    test(r.name, () => {
      const mine = runs.slice(first, first + (r.repeat ?? 1));
      expect(mine.length).toBe(r.repeat ?? 1);
      for (const run of mine) {
        if (run.failure) throw new Error(`${run.failure}\n(found by ${r.found})\n${formatProgram(r.world, r.steps, run.notes)}`);
        expect(run.stepsRun).toBe(r.steps.length);
        expect(run.ignored).toEqual([]);
      }
    });
  }
});
