import * as z from 'zod';
import { defineRuleKind } from './kind.js';

/**
 * How many elements C reads or writes through a pointer argument: a number
 * (io_uring_prep_pipe's two fds), another argument's name (an iovec array's
 * nr_vecs) or an expression over the arguments. Written as a parameter's
 * `count` field; the model turns it into this rule.
 */
export const count = defineRuleKind({
  kind: 'count',
  shape: z.object({ kind: z.literal('count'), count: z.union([z.number().int().nonnegative(), z.string().min(1)]) }).strict(),
  docs: { fields: '`{count}` (a parameter\'s `count` field)', holds: 'the pointer argument holds at least `count` elements of its C type (null passes: nonNull decides)', breaks: 'one element fewer (or the count argument plus one)' },
  check: (rule, ctx) => `rt.rules.elementsOf(${ctx.value}, ${ctx.element!.size}) >= ${countExpr(rule.count)}`,
  explain: (rule, ctx) => `rt.rules.explainCount(${ctx.value}, ${ctx.element!.size}, ${countExpr(rule.count)}, ${JSON.stringify(ctx.element!.cType)})`,
  violation(rule, ctx) {
    if (typeof rule.count === 'string') {
      if (/^[a-z_][a-z0-9_]*$/.test(rule.count)) return { args: { [rule.count]: `Number(args[${ctx.indexOf(rule.count)}]) + 1` } };
      return 'no default violation for a count given by an expression: give test.violations an entry';
    }
    const n = rule.count - 1;
    const e = ctx.element!;
    if (e.kind === 'int') return { args: { [ctx.value]: `new (args[${ctx.index}] as unknown as { constructor: new (n: number) => unknown }).constructor(${n})` } };
    if (e.kind === 'byte') return { args: { [ctx.value]: `new Uint8Array(${rule.count * e.size - 1})` } };
    if (n > 0) return { args: { [ctx.value]: `(args[${ctx.index}] as unknown as { constructor: { array(n: number): unknown } }).constructor.array(${n})` } };
    return 'no default violation for a one-element struct count: give test.violations an entry';
  },
  describe: (rule, ctx) => `holds at least ${rule.count} × ${ctx.element?.cType ?? 'element'}`,
});

function countExpr(c: number | string): string {
  return typeof c === 'number' ? String(c) : /^[a-z_][a-z0-9_]*$/.test(c) ? `Number(${c})` : `(${c})`;
}
