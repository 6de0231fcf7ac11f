import * as z from 'zod';
import { defineRuleKind } from './kind.js';

export const powerOfTwo = defineRuleKind({
  kind: 'powerOfTwo',
  shape: z.object({ kind: z.literal('powerOfTwo') }).strict(),
  docs: { fields: '', holds: 'value is a power of two', breaks: '3' },
  check: (_rule, ctx) => `rt.rules.isPowerOfTwo(${ctx.value})`,
  explain: (_rule, ctx) => `rt.rules.explainPowerOfTwo(${ctx.value})`,
  violation: (_rule, ctx) => ({ args: { [ctx.value]: '3' } }),
  describe: () => 'a power of two',
  fuzz: (_rule, ctx) => ((ctx.bits ?? 64) < 64 ? 'fc.integer({ min: 0, max: 15 }).map((e) => 2 ** e)' : null),
});
