import * as z from 'zod';
import { defineRuleKind } from './kind.js';

/**
 * A `struct io_uring *` argument must be in the state the function needs:
 * live (initialized, not exited), or not yet initialized (the init
 * functions). Implicit: the model adds it from the parameter's `state`.
 */
export const ringState = defineRuleKind({
  kind: 'ringState',
  shape: z.object({ kind: z.literal('ringState'), state: z.enum(['live', 'uninitialized']) }).strict(),
  docs: { fields: "(a `struct io_uring *` parameter's `state`)", holds: 'the ring is live (or, for init functions, not initialized)', breaks: 'a new IoUring (live only)' },
  check: (rule, ctx) => `rt.check.ringIs(${ctx.value}, '${rule.state}')`,
  explain: (_rule, ctx) => `rt.check.explainRingState(${ctx.value})`,
  violation: (rule, ctx) => (rule.state === 'live' ? { args: { [ctx.value]: 'new IoUring()' } } : 'an initialized ring is the valid case of every other test'),
  describe: (rule) => (rule.state === 'live' ? 'a live ring (initialized, not exited)' : 'a ring not initialized yet'),
});
