import * as z from 'zod';
import { ArgExpression } from '../../schema/language/basics.js';
import { defineRuleKind, q, withConstants } from './kind.js';

export const zeroFilled = defineRuleKind({
  kind: 'zeroFilled',
  shape: z.object({
    kind: z.literal('zeroFilled'),
    /** How many leading bytes must be zero (an expression); all of them when absent. */
    length: ArgExpression.optional(),
  }).strict(),
  docs: { fields: '`{length?}`', holds: 'the first `length` bytes are 0', breaks: 'sets byte 0' },
  check: (rule, ctx) => (rule.length ? `rt.isZeroFilled(${ctx.value}, byteLength(${withConstants(rule.length, ctx)}))` : `rt.isZeroFilled(${ctx.value})`),
  explain: (rule, ctx) => (rule.length ? `rt.rules.explainZeroFilled(${ctx.value}, byteLength(${withConstants(rule.length, ctx)}))` : `rt.rules.explainZeroFilled(${ctx.value})`),
  violation: (_rule, ctx) => ({ before: `new Uint8Array((args[${ctx.index}] as Uint8Array).buffer, (args[${ctx.index}] as Uint8Array).byteOffset, 1)[0] = 1;` }),
  describe: (rule) => (rule.length ? `zeroed over its first ${rule.length} bytes` : 'zeroed'),
});

export const minByteLength = defineRuleKind({
  kind: 'minByteLength',
  shape: z.object({
    kind: z.literal('minByteLength'),
    /** The minimum, computed from the arguments. */
    bytes: ArgExpression,
    /** What the minimum is called in messages, e.g. "the ring memory size". */
    what: z.string(),
  }).strict(),
  docs: { fields: '`{bytes, what}`', holds: 'byteLength(value) >= bytes (an expression)', breaks: 'none: give one' },
  // NaN (the minimum cannot be computed: another argument is invalid and reports itself) passes.
  check: (rule, ctx) => `!(byteLength(${ctx.value}) < ${withConstants(rule.bytes, ctx)})`,
  explain: (rule, ctx) => `rt.rules.explainMinByteLength(${ctx.value}, ${withConstants(rule.bytes, ctx)}, ${q(rule.what)}, ${q(rule.bytes)})`,
  violation: () => 'no default violation for minByteLength: give test.violations an entry with the argument to use',
  describe: (rule) => `at least ${rule.what} (${rule.bytes}) bytes long`,
});

export const nonNull = defineRuleKind({
  kind: 'nonNull',
  shape: z.object({ kind: z.literal('nonNull') }).strict(),
  docs: { fields: '', holds: 'value !== null', breaks: 'null' },
  check: (_rule, ctx) => `${ctx.value} !== null`,
  explain: () => 'rt.rules.explainNonNull()',
  violation: (_rule, ctx) => ({ args: { [ctx.value]: 'null' } }),
  describe: () => 'not null',
});
