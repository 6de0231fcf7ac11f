import * as z from 'zod';
import { ArgExpression } from '../../schema/language/basics.js';
import { defineRuleKind, q, withConstants } from './kind.js';

export const relation = defineRuleKind({
  kind: 'relation',
  shape: z.object({
    kind: z.literal('relation'),
    /** A boolean expression that must hold, e.g. "buf_size <= byteLength(buf)". */
    holds: ArgExpression,
    /** The same relation in words, e.g. "buf_size must not exceed the buffer's length". */
    says: z.string(),
    /**
     * What exactly is wrong, as an expression giving a string (or null), e.g.
     * "pendingSqeFault(ring, 'null-buffer')": shown as the value seen. Computed
     * only when the rule is broken.
     */
    detail: ArgExpression.optional(),
    /**
     * What the wrapper's guard evaluates instead of `holds`, shared by a family of rules that one
     * pass decides together, e.g. "noPendingSqeFault(ring)" for the five pendingSqeFault rules.
     * True exactly when every rule giving it holds.
     */
    guard: ArgExpression.optional(),
  }).strict(),
  docs: { fields: '`{holds, says, detail?, guard?}`', holds: 'the expression `holds` is true', breaks: 'none: give one' },
  check: (rule, ctx) => withConstants(rule.holds, ctx),
  guard: (rule, ctx) => (rule.guard ? withConstants(rule.guard, ctx) : null),
  explain: (rule, ctx) => `rt.rules.explainRelation(${q(rule.says)}${rule.detail ? `, ${withConstants(rule.detail, ctx)}` : ''})`,
  violation: () => 'no default violation for a relation: give test.violations an entry',
  describe: (rule) => rule.says,
});
