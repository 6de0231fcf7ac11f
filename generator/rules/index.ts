/**
 * The rule registry: every rule kind, each holding its schema shape, check,
 * explanation, default violation, reference-docs wording and fuzz arbitrary.
 * Adding a rule kind means adding its module and one line here (docs/schema.md).
 */
import * as z from 'zod';
import type { RuleKind } from './kind.js';
import { range } from './range.js';
import { powerOfTwo } from './power-of-two.js';
import { aligned, pageAligned } from './aligned.js';
import { minByteLength, nonNull, zeroFilled } from './memory.js';
import { fd } from './fd.js';
import { flags } from './flags.js';
import { relation } from './relation.js';
import { count } from './count.js';
import { ringState } from './ring-state.js';

/** Kinds a schema entry may write in `preconditions`. */
export const EXPLICIT = [range, powerOfTwo, pageAligned, aligned, zeroFilled, minByteLength, nonNull, fd, flags, relation] as const;
/** Kinds the model derives from other facts (a parameter's `state` or `count`). */
export const IMPLICIT = [ringState, count] as const;

const byKind = new Map<string, RuleKind>([...EXPLICIT, ...IMPLICIT].map((k) => [k.kind, k as unknown as RuleKind]));

/** The registry entry of a rule kind. */
export function ruleKind(kind: string): RuleKind {
  const k = byKind.get(kind);
  if (!k) throw new Error(`no rule kind ${kind} in generator/rules/index.ts`);
  return k;
}

export function allRuleKinds(): RuleKind[] {
  return [...byKind.values()];
}

type Shapes<T extends readonly { shape: z.ZodType }[]> = { [K in keyof T]: T[K]['shape'] };

/**
 * The schema language's Rule: one of the explicit kinds' shapes, told apart by
 * `kind`, so a misspelt kind is reported as such with the kinds there are.
 */
const RuleShapes = z.union(EXPLICIT.map((k) => k.shape) as unknown as Shapes<typeof EXPLICIT>);
export type Rule = z.output<typeof RuleShapes>;
export type RuleInput = z.input<typeof RuleShapes>;
export const Rule = z
  .looseObject({ kind: z.enum(EXPLICIT.map((k) => k.kind)) })
  .pipe(RuleShapes as unknown as z.ZodType<Rule, any>); // kind checked first, then the shape of that kind
export type RuleKindName = Rule['kind'];

export type { RuleKind, RuleContext } from './kind.js';
