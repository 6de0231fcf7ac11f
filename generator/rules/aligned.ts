import * as z from 'zod';
import { defineRuleKind } from './kind.js';

export const pageAligned = defineRuleKind({
  kind: 'pageAligned',
  shape: z.object({ kind: z.literal('pageAligned') }).strict(),
  docs: { fields: '', holds: "the memory's address is a multiple of the page size", breaks: '`subarray(1)`' },
  check: (_rule, ctx) => `rt.rules.isAligned(${ctx.value}, rt.pageSize())`,
  explain: (_rule, ctx) => `rt.rules.explainAligned(${ctx.value}, rt.pageSize(), 'page')`,
  violation: (_rule, ctx) => ({ args: { [ctx.value]: `(args[${ctx.index}] as Uint8Array).subarray(1)` } }),
  describe: () => 'page-aligned',
});

export const aligned = defineRuleKind({
  kind: 'aligned',
  shape: z.object({ kind: z.literal('aligned'), alignment: z.number().int().positive() }).strict(),
  docs: { fields: '`{alignment}`', holds: 'the address is a multiple of alignment', breaks: '`subarray(1)`' },
  check: (rule, ctx) => `rt.rules.isAligned(${ctx.value}, ${rule.alignment})`,
  explain: (rule, ctx) => `rt.rules.explainAligned(${ctx.value}, ${rule.alignment}, '${rule.alignment}-byte')`,
  violation: (_rule, ctx) => ({ args: { [ctx.value]: `(args[${ctx.index}] as Uint8Array).subarray(1)` } }),
  describe: (rule) => `aligned to ${rule.alignment} bytes`,
});
