import * as z from 'zod';
import { defineRuleKind, num, q } from './kind.js';

const Bound = z.union([z.number(), z.bigint()]);

export const range = defineRuleKind({
  kind: 'range',
  shape: z.object({
    kind: z.literal('range'),
    min: Bound.optional(),
    max: Bound.optional(),
    /** The rule does not apply when this flag bit is set in the named argument (or its field), e.g. IORING_SETUP_CLAMP. */
    unlessFlag: z.object({ param: z.string(), field: z.string().optional(), flag: z.string() }).strict().optional(),
  }).strict(),
  docs: { fields: '`{min?, max?, unlessFlag?}`', holds: 'min <= value <= max, or the named flag is set', breaks: 'min - 1 (else max + 1)' },
  check(rule, ctx) {
    const v = ctx.value;
    const parts: string[] = [];
    if (rule.min !== undefined) parts.push(`${v} >= ${num(rule.min)}`);
    if (rule.max !== undefined) parts.push(`${v} <= ${num(rule.max)}`);
    const inRange = parts.join(' && ') || 'true';
    if (!rule.unlessFlag) return inRange;
    const f = rule.unlessFlag;
    const flags = f.field ? `${f.param}?.${f.field}` : f.param;
    return `(${inRange}) || rt.rules.hasFlag(${flags} ?? 0, ${num(ctx.constant(f.flag).value)} /* ${f.flag} */)`;
  },
  explain(rule, ctx) {
    return `rt.rules.explainRange(${ctx.value}, ${rule.min === undefined ? 'undefined' : num(rule.min)}, ${rule.max === undefined ? 'undefined' : num(rule.max)}${rule.unlessFlag ? `, ${q(rule.unlessFlag.flag)}` : ''})`;
  },
  violation(rule, ctx) {
    const name = ctx.value;
    if (rule.min !== undefined) return { args: { [name]: typeof rule.min === 'bigint' ? `${rule.min - 1n}n` : String(rule.min - 1) } };
    return { args: { [name]: typeof rule.max === 'bigint' ? `${rule.max! + 1n}n` : String(rule.max! + 1) } };
  },
  describe(rule) {
    const r = rule.min !== undefined && rule.max !== undefined ? `from ${rule.min} to ${rule.max}` : rule.min !== undefined ? `at least ${rule.min}` : `at most ${rule.max}`;
    return r + (rule.unlessFlag ? ` unless ${rule.unlessFlag.flag} is set` : '');
  },
  fuzz(rule, ctx) {
    if (rule.min === undefined || rule.max === undefined || (ctx.bits ?? 64) >= 64) return null;
    return `fc.integer({ min: ${rule.min}, max: ${rule.max} })`;
  },
});
