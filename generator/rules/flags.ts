import * as z from 'zod';
import { compareVersions } from '../../runtime/version.js';
import { defineRuleKind, hex, q, type RuleContext } from './kind.js';
import type { ConstantInfo } from '../model/constants.js';

/** The oldest liburing the package runs on: flags it knows need no version check. */
export const OLDEST_LIBURING = '2.9';

const Shape = z.object({
  kind: z.literal('flags'),
  /** The constants whose bits may be set. */
  allowed: z.array(z.string()).min(1).optional(),
  /** Or every constant of this group (one list, kept in one place), less `except`. */
  group: z.string().optional(),
  except: z.array(z.string()).optional(),
  /** A struct field of the argument that holds the flags, e.g. "flags" of io_uring_params. */
  field: z.string().optional(),
  /**
   * Who decides which bits are valid. 'liburing' (default): liburing must
   * understand the flag, so a bit is allowed from the liburing version that
   * introduced its constant. 'kernel': liburing passes the value through
   * untouched (RWF_*, socket command ops, open flags), so every bit some
   * kernel defines is allowed and the kernel answers for it.
   */
  decidedBy: z.enum(['liburing', 'kernel']).default('liburing'),
}).strict().refine((r) => Boolean(r.allowed) !== Boolean(r.group), 'give either `allowed` (constant names) or `group` (a constant group)');
type FlagsRule = z.output<typeof Shape>;

/** The constants a flags rule allows, with their values and versions. */
export function allowedFlags(rule: FlagsRule, ctx: RuleContext): ConstantInfo[] {
  if (rule.group) {
    const except = new Set(rule.except ?? []);
    return ctx.group(rule.group).filter((c) => !except.has(c.name));
  }
  return rule.allowed!.map((n) => ctx.constant(n));
}

function maskOf(cs: ConstantInfo[]): bigint {
  let m = 0n;
  for (const c of cs) m |= BigInt(c.value);
  return m;
}

/** Whether the allowed set depends on the loaded liburing's version. */
function versioned(rule: FlagsRule, cs: ConstantInfo[]): boolean {
  return rule.decidedBy === 'liburing' && cs.some((c) => compareVersions(c.since, OLDEST_LIBURING) > 0);
}

/** The hoisted table of [name, value, since] for a versioned rule. */
function table(rule: FlagsRule, ctx: RuleContext, cs: ConstantInfo[]): string {
  const name = `${ctx.value}${rule.field ? '_' + rule.field : ''}Flags`;
  const rows = cs.map((c) => `[${q(c.name)}, ${hex(BigInt(c.value))}n, ${q(c.since)}]`).join(', ');
  return ctx.hoist(name, `rt.rules.versionedFlags([${rows}])`);
}

const valueOf = (rule: FlagsRule, ctx: RuleContext) => (rule.field ? `${ctx.value}.${rule.field}` : ctx.value);
const width = (rule: FlagsRule, ctx: RuleContext) => (!rule.field && ctx.bits ? `, ${ctx.bits}` : '');

export const flags = defineRuleKind<FlagsRule>({
  kind: 'flags',
  shape: Shape as unknown as z.ZodType<FlagsRule>,
  docs: {
    fields: "`{allowed or group, except?, field?, decidedBy?}`",
    holds: "no bit outside the allowed constants is set (in `value.field` when given); with `decidedBy: 'liburing'` a constant counts from the liburing version that introduced it",
    breaks: 'the lowest bit no allowed constant has',
  },
  check(rule, ctx) {
    const cs = allowedFlags(rule, ctx);
    if (!versioned(rule, cs)) return `rt.rules.flagsWithin(${valueOf(rule, ctx)}, ${hex(maskOf(cs))}${width(rule, ctx)})`;
    return `rt.rules.flagsWithin(${valueOf(rule, ctx)}, ${table(rule, ctx, cs)}.mask()${width(rule, ctx)})`;
  },
  explain(rule, ctx) {
    const cs = allowedFlags(rule, ctx);
    if (!versioned(rule, cs)) return `rt.rules.explainFlags(${valueOf(rule, ctx)}, ${hex(maskOf(cs))}, ${q(cs.map((c) => c.name).join(', '))})`;
    return `${table(rule, ctx, cs)}.explain(${valueOf(rule, ctx)})`;
  },
  violation(rule, ctx) {
    // A bit no kernel or liburing defines here: refused on every version.
    const m = maskOf(allowedFlags(rule, ctx));
    let bit = 1n;
    while (m & bit) bit <<= 1n;
    if (rule.field) return { before: `args[${ctx.index}].${rule.field} |= ${hex(bit)};` };
    return { args: { [ctx.value]: `args[${ctx.index}] | ${hex(bit)}` } };
  },
  describe(rule, ctx) {
    const cs = allowedFlags(rule, ctx);
    // Each flag with the versions that accept it: the liburing release when liburing decides, and the Linux release where the schema records one.
    const versions = (c: ConstantInfo) => [
      ...(rule.decidedBy === 'liburing' && compareVersions(c.since, OLDEST_LIBURING) > 0 ? [`liburing ${c.since}+`] : []),
      ...(c.kernel ? [`Linux ${c.kernel}+`] : []),
    ];
    const list = cs.map((c) => (versions(c).length ? `${c.name} (${versions(c).join(', ')})` : c.name)).join(', ');
    return `${rule.field ? `.${rule.field}: ` : ''}flags among ${list}${rule.decidedBy === 'kernel' ? ' (liburing passes them on; the kernel decides)' : ''}`;
  },
  fuzz(rule, ctx) {
    if (rule.field || (ctx.bits ?? 64) > 32) return null;
    return `fc.nat().map((v) => (v & ${hex(maskOf(allowedFlags(rule, ctx)))}) >>> 0)`;
  },
});
