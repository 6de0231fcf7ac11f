// The short run of the program fuzzer (issue 14; npm run fuzz:programs runs it at scale): 200 random programs of
// up to 50 steps with a fixed seed, in a child process with --expose-gc, every invariant selected. After every step
// the buffers of requests that cannot have completed must be alive and not freeable, idle buffers must not change,
// each ring's head and tail words must be what the model counted, and every completion consumed must match a request
// the model has in flight; at the end every certain completion must have come and nothing may be left behind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import type { Finding } from '../tools/program-fuzz/child.js';
import { formatProgram } from '../tools/program-fuzz/program.js';
import { resultOf, runNode } from './support/child.js';

const dir = mkdtempSync(join(tmpdir(), 'liburing-ts-fuzz-programs-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface BatchResult {
  programs: number;
  steps: number;
  ops: Record<string, number>;
  ignored: Record<string, number>;
  finding: Finding | null;
}

/** Every kind of step the fuzzer has: the short run must have made each of them at least once. */
const OPS = [
  'get_sqe', 'prep_read', 'prep_write', 'prep_read_file', 'prep_nop', 'prep_poll', 'prep_cancel', 'prep_msg_ring', 'prep_recv_select',
  'set_data', 'set_flags', 'set_buf_group', 'submit', 'wait', 'peek', 'seen', 'cq_advance', 'write_channel', 'close_channel',
  'drop_buf', 'gc', 'free_aligned', 'register_buffers', 'unregister_buffers', 'register_files', 'unregister_files', 'setup_buf_ring',
  'buf_ring_add', 'free_buf_ring',
  'queue_exit', 'after_exit', 'fast_prep', 'fast_submit', 'fast_reap', 'ring_op', 'ring_abort', 'ring_settle', 'ring_close',
];

test('200 random programs (seed 14): no invariant violated, no crash, no hang', async () => {
  const options = { seed: 14, programs: 200, steps: 50, invariants: null, without: [], trace: join(dir, 'trace') };
  const r = await runNode('tools/program-fuzz/child.ts', [JSON.stringify(options)], { nodeArgs: ['--expose-gc'], timeoutMs: 110_000 });
  expect({ code: r.code, signal: r.signal }).toEqual({ code: 0, signal: null });
  const res = resultOf<BatchResult>(r);
  if (res.finding) {
    const f = res.finding;
    throw new Error(`program ${f.program} (seed 14) violated an invariant: ${f.violation}\n${formatProgram(f.world, f.steps, f.notes)}`);
  }
  expect(res.programs).toBe(200);
  expect(res.ignored).toEqual({});
  // Programs are long enough to have requests in flight: on average more than 10 steps ran.
  expect(res.steps).toBeGreaterThan(2000);
  expect(OPS.filter((op) => !res.ops[op])).toEqual([]);
}, 120_000);
