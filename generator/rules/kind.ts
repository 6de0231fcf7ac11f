/**
 * What one rule kind is: its shape in the schema language and everything the
 * generator derives from it. Each kind is one module in this folder and one
 * entry in the registry (index.ts); adding a kind means adding one module.
 */
import type * as z from 'zod';
import type { ConstantInfo } from '../model/constants.js';

/** What a rule's code generation knows of the argument it is about. */
export interface RuleContext {
  /** The argument's name in the generated code, e.g. "buf". */
  value: string;
  /** The parameter's index in the argument tuple. */
  index: number;
  /** The index of another parameter, by name (throws for an unknown name). */
  indexOf: (param: string) => number;
  /** Constants by C name (value and the liburing version that introduced it). */
  constant: (name: string) => ConstantInfo;
  /** Every constant of a group, in schema order. */
  group: (name: string) => ConstantInfo[];
  /** The width in bits of the argument's C type, when it is an integer. */
  bits?: number;
  /** The C type of the pointee and its size, when the argument is a pointer. */
  element?: { cType: string; size: number; kind: 'byte' | 'int' | 'struct' | 'pointer' };
  /** Declares a module-level helper once per file (a lazily computed flag mask); returns its name. */
  hoist: (name: string, code: string) => string;
}

/**
 * How a generated test breaks a rule by default: replacement arguments (as
 * TypeScript expressions over `args`, the valid tuple) and statements.
 * A string is the reason no default exists (the schema must give one).
 */
export type DefaultViolation = { args?: Record<string, string>; before?: string } | string;

export interface RuleKind<R extends { kind: string } = { kind: string }> {
  kind: R['kind'];
  /** The zod schema of the rule object in a schema entry. */
  shape: z.ZodType<R>;
  /** For docs/schema.md: the fields, when the rule holds, and how a test breaks it by default. */
  docs: { fields: string; holds: string; breaks: string };
  /** A TypeScript expression over the arguments, true when the rule holds. */
  check(rule: R, ctx: RuleContext): string;
  /**
   * The expression the wrapper's guard evaluates instead of check(), when the rule gives one: rules
   * that give the same guard share one evaluation (a family of rules decided in one pass). It must be
   * true exactly when every rule sharing it holds; the suite's cross-check of guard and zod proves it.
   */
  guard?(rule: R, ctx: RuleContext): string | null;
  /** A TypeScript expression giving `{ seen?, hint? }` when the rule is broken (failure path only). */
  explain(rule: R, ctx: RuleContext): string;
  /** How the generated test breaks the rule when the schema says nothing. */
  violation(rule: R, ctx: RuleContext): DefaultViolation;
  /** The rule in words for the API reference's table, e.g. "flags within IORING_SETUP_* (by liburing version)". */
  describe(rule: R, ctx: RuleContext): string;
  /** A fast-check arbitrary of valid values for the property tests, or null. */
  fuzz?(rule: R, ctx: RuleContext): string | null;
}

export function defineRuleKind<R extends { kind: string }>(k: RuleKind<R>): RuleKind<R> {
  return k;
}

/** A hex literal for a flag mask. */
export function hex(v: bigint): string {
  return '0x' + v.toString(16);
}

/** A numeric literal for a number or bigint. */
export function num(v: number | bigint): string {
  return typeof v === 'bigint' ? `${v}n` : String(v);
}

/** A TypeScript string literal. */
export function q(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** Replace constant names in a schema expression by their values (the name stays as a comment). */
export function withConstants(expr: string, ctx: RuleContext): string {
  return expr.replace(/\b[A-Z][A-Z0-9_]{2,}\b/g, (name) => {
    try {
      return `${num(ctx.constant(name).value)} /* ${name} */`;
    } catch {
      return name;
    }
  });
}
