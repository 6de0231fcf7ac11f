// The cases of issue 9, section 1, under forced garbage collection (a child process with
// --expose-gc, test/support/safety-gc-child.ts): a buffer only liburing-ts references survives
// collections while the kernel may still use it (a read in flight under a user_data another CQE
// carried, a tag CQE, a msg_ring CQE, an IOSQE_CQE_SKIP_SUCCESS read, provided buffers, a buffer
// ring's buffer), and is collected once let go (the control: a collection would have been seen).
import { expect, test } from 'vitest';
import { resultOf, runNode } from './support/child.js';

interface CaseResult {
  heldAlive: boolean;
  releasedCollected: boolean;
}

test('buffers the kernel may still use survive forced collections; let go, they are collected', async () => {
  const r = await runNode('test/support/safety-gc-child.ts', [], { nodeArgs: ['--expose-gc'], timeoutMs: 60_000 });
  expect({ code: r.code, signal: r.signal, stderr: r.stderr.slice(-2000) }).toMatchObject({ code: 0, signal: null });
  const results = resultOf<Record<string, CaseResult>>(r);
  const all = { heldAlive: true, releasedCollected: true };
  expect(results).toEqual({
    sameUserData: all,
    resourceTag: all,
    msgRing: all,
    skipSuccess: all,
    providedBuffers: all,
    bufRing: all,
    refusedAfterPrep: all,
  });
});
