import * as z from 'zod';
import { defineRuleKind } from './kind.js';

export const fd = defineRuleKind({
  kind: 'fd',
  shape: z.object({ kind: z.literal('fd'), allowAtFdcwd: z.boolean().optional() }).strict(),
  docs: { fields: '`{allowAtFdcwd?}`', holds: 'value >= 0 (or AT_FDCWD)', breaks: '-1' },
  check: (rule, ctx) => (rule.allowAtFdcwd ? `${ctx.value} >= 0 || ${ctx.value} === ${ctx.constant('AT_FDCWD').value} /* AT_FDCWD */` : `${ctx.value} >= 0`),
  explain: (_rule, ctx) => `rt.rules.explainFd(${ctx.value})`,
  violation: (_rule, ctx) => ({ args: { [ctx.value]: '-1' } }),
  describe: (rule) => (rule.allowAtFdcwd ? 'a file descriptor or AT_FDCWD' : 'a file descriptor'),
  fuzz: () => 'fc.constantFrom(...world.fds)',
});
