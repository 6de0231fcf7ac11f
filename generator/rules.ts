/**
 * The rule vocabulary, generator side: for each rule kind, the TypeScript
 * expression that checks it, the call that explains a failure, and how a
 * generated test breaks it by default. The runtime side (runtime/rules.ts)
 * holds the functions these expressions call.
 *
 * Adding a rule kind: add it to schema/language.ts's Rule, give it a check,
 * explain and violation here, and any helper it needs in runtime/rules.ts.
 */
import type { Rule } from '../schema/language.js';
import { num, q } from './emit-common.js';

export interface RuleContext {
  /** The value expression of the parameter the rule is about, e.g. "buf". */
  value: string;
  /** The parameter's index. */
  index: number;
  /** Constant values by C name. */
  constant: (name: string) => number | bigint;
  /** The width in bits of the value's C type, when it is an integer argument. */
  bits?: number;
}

function mask(names: string[], ctx: RuleContext): bigint {
  let m = 0n;
  for (const n of names) m |= BigInt(ctx.constant(n));
  return m;
}

function hex(v: bigint): string {
  return '0x' + v.toString(16);
}

function flagsValue(rule: Extract<Rule, { kind: 'flags' }>, ctx: RuleContext): string {
  return rule.field ? `${ctx.value}.${rule.field}` : ctx.value;
}

/** Replace constant names in a schema expression by their values (the name stays as a comment). */
export function withConstants(expr: string, ctx: RuleContext): string {
  return expr.replace(/\b[A-Z][A-Z0-9_]{2,}\b/g, (name) => {
    try {
      return `${num(ctx.constant(name))} /* ${name} */`;
    } catch {
      return name;
    }
  });
}

/** A check expression: true when the rule holds. */
export function checkExpr(rule: Rule, ctx: RuleContext): string {
  const v = ctx.value;
  switch (rule.kind) {
    case 'range': {
      const parts: string[] = [];
      if (rule.min !== undefined) parts.push(`${v} >= ${num(rule.min)}`);
      if (rule.max !== undefined) parts.push(`${v} <= ${num(rule.max)}`);
      const inRange = parts.join(' && ') || 'true';
      if (!rule.unlessFlag) return inRange;
      const f = rule.unlessFlag;
      const flags = f.field ? `${f.param}?.${f.field}` : f.param;
      return `(${inRange}) || rt.rules.hasFlag(${flags} ?? 0, ${num(ctx.constant(f.flag))} /* ${f.flag} */)`;
    }
    case 'powerOfTwo':
      return `rt.rules.isPowerOfTwo(${v})`;
    case 'pageAligned':
      return `rt.rules.isAligned(${v}, rt.pageSize())`;
    case 'aligned':
      return `rt.rules.isAligned(${v}, ${rule.alignment})`;
    case 'zeroFilled':
      return rule.length ? `rt.isZeroFilled(${v}, byteLength(${withConstants(rule.length, ctx)}))` : `rt.isZeroFilled(${v})`;
    case 'minByteLength':
      // NaN (the minimum cannot be computed: another argument is invalid and reports itself) passes.
      return `!(byteLength(${v}) < ${withConstants(rule.bytes, ctx)})`;
    case 'nonNull':
      return `${v} !== null`;
    case 'fd':
      return rule.allowAtFdcwd ? `${v} >= 0 || ${v} === -100` : `${v} >= 0`;
    case 'flags':
      return `rt.rules.flagsWithin(${flagsValue(rule, ctx)}, ${hex(mask(rule.allowed, ctx))}${!rule.field && ctx.bits ? `, ${ctx.bits}` : ''})`;
    case 'relation':
      return withConstants(rule.holds, ctx);
  }
}

/** An explain call: computes what was seen and a hint, on the failure path. */
export function explainExpr(rule: Rule, ctx: RuleContext): string {
  const v = ctx.value;
  switch (rule.kind) {
    case 'range':
      return `rt.rules.explainRange(${v}, ${rule.min === undefined ? 'undefined' : num(rule.min)}, ${rule.max === undefined ? 'undefined' : num(rule.max)}${rule.unlessFlag ? `, ${q(rule.unlessFlag.flag)}` : ''})`;
    case 'powerOfTwo':
      return `rt.rules.explainPowerOfTwo(${v})`;
    case 'pageAligned':
      return `rt.rules.explainAligned(${v}, rt.pageSize(), 'page')`;
    case 'aligned':
      return `rt.rules.explainAligned(${v}, ${rule.alignment}, '${rule.alignment}-byte')`;
    case 'zeroFilled':
      return `rt.rules.explainZeroFilled(${v})`;
    case 'minByteLength':
      return `rt.rules.explainMinByteLength(${v}, ${withConstants(rule.bytes, ctx)}, ${q(rule.what)}, ${q(rule.bytes)})`;
    case 'nonNull':
      return `rt.rules.explainNonNull()`;
    case 'fd':
      return `rt.rules.explainFd(${v})`;
    case 'flags':
      return `rt.rules.explainFlags(${flagsValue(rule, ctx)}, ${hex(mask(rule.allowed, ctx))}, ${q(rule.allowed.join(', '))})`;
    case 'relation':
      return `rt.rules.explainRelation(${q(rule.says)})`;
  }
}

/** The default way a generated test breaks the rule: replacement arguments and statements. */
export function defaultViolation(rule: Rule, ctx: RuleContext & { param: string }): { args?: Record<string, string>; before?: string } | string {
  const a = `args[${ctx.index}]`;
  switch (rule.kind) {
    case 'range':
      if (rule.min !== undefined) return { args: { [ctx.param]: typeof rule.min === 'bigint' ? `${rule.min - 1n}n` : String(rule.min - 1) } };
      return { args: { [ctx.param]: typeof rule.max === 'bigint' ? `${rule.max! + 1n}n` : String(rule.max! + 1) } };
    case 'powerOfTwo':
      return { args: { [ctx.param]: '3' } };
    case 'pageAligned':
    case 'aligned':
      return { args: { [ctx.param]: `(${a} as Uint8Array).subarray(1)` } };
    case 'zeroFilled':
      return { before: `new Uint8Array((${a} as Uint8Array).buffer, (${a} as Uint8Array).byteOffset, 1)[0] = 1;` };
    case 'minByteLength':
      return 'no default violation for minByteLength: give the precondition a violation with the argument to use';
    case 'nonNull':
      return { args: { [ctx.param]: 'null' } };
    case 'fd':
      return { args: { [ctx.param]: '-1' } };
    case 'flags': {
      const m = mask(rule.allowed, ctx);
      let bit = 1n;
      while (m & bit) bit <<= 1n;
      if (rule.field) return { before: `${a}.${rule.field} |= ${hex(bit)};` };
      return { args: { [ctx.param]: `${a} | ${hex(bit)}` } };
    }
    case 'relation':
      return 'no default violation for a relation: give the precondition a violation';
  }
}
