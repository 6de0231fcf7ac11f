/**
 * A constant group: related C constants (IORING_SETUP_*), each with the
 * version that introduced it.
 *
 * Versions follow one rule, decided by where the constant is defined:
 * - liburing's headers (liburing.h, liburing/*.h): `since` is required on the
 *   group, the liburing release whose headers first define its oldest value;
 *   a value added later says its own `since`. `kernel`, where it matters, is
 *   the oldest Linux that accepts the flag or opcode (older ones refuse it).
 * - libc and kernel uapi headers (fcntl.h, sys/socket.h, linux/fs.h...):
 *   liburing does not define these, so they have no `since`; `kernel`, where
 *   it matters, is the Linux release whose uapi headers first define the value
 *   (and so the oldest kernel that knows it).
 */
import * as z from 'zod';
import { compareVersions } from '../../runtime/version.js';
import { KernelVersion, Version } from './basics.js';

/** Whether a header is one of liburing's own (its constants carry a liburing `since`). */
export const isLiburingHeader = (header: string): boolean => /^liburing(\.h$|\/)/.test(header);

/** Whether a header is a kernel uapi header (its constants are versioned by `kernel`). */
export const isUapiHeader = (header: string): boolean => /^(linux|asm|asm-generic)\//.test(header);

const IntValue = z.union([z.number().int(), z.bigint()]);

export const ConstantValue = z.object({
  name: z.string().regex(/^[A-Z_][A-Z0-9_]*$/),
  /** The value in the newest liburing headers the schema describes. */
  value: IntValue,
  doc: z.string().optional(),
  /** The liburing version whose headers first define it, when later than the group's. */
  since: Version.optional(),
  /** The oldest Linux that accepts it (or whose uapi headers define it), where it matters. */
  kernel: KernelVersion.optional(),
  /**
   * Earlier values, for the few constants whose value changed between liburing
   * releases (IORING_OP_LAST grows with every new opcode): `value` applied to
   * headers older than `until`, oldest first. The ABI test checks each
   * version's headers against the value they should have.
   */
  history: z.array(z.object({ until: Version, value: IntValue }).strict()).min(1).optional(),
}).strict();
export type ConstantValue = z.infer<typeof ConstantValue>;

export const ConstantGroup = z.object({
  /** The group's TypeScript object name, e.g. "IoringSetup". */
  group: z.string().regex(/^[A-Z][A-Za-z0-9]*$/),
  header: z.string(),
  summary: z.string(),
  /** The C type the values are checked as in the ABI test. */
  cType: z.enum(['int', 'unsigned', 'u64']).default('unsigned'),
  /**
   * The liburing version whose headers first define the group's oldest
   * values: required for liburing's headers, absent for libc and uapi ones
   * (see the rule at the top of this module).
   */
  since: Version.optional(),
  /** The oldest Linux with the group's oldest values, where it matters; a value added later says its own `kernel`. */
  kernel: KernelVersion.optional(),
  values: z.array(ConstantValue).min(1),
}).strict().superRefine((g, ctx) => {
  const liburing = isLiburingHeader(g.header);
  if (liburing && !g.since) {
    ctx.addIssue({ code: 'custom', path: ['since'], message: `constants of ${g.header} need \`since\`: the liburing version whose headers first define them` });
  }
  g.values.forEach((v, i) => {
    if (!liburing && v.since) {
      ctx.addIssue({ code: 'custom', path: ['values', i, 'since'], message: `${v.name} comes from ${g.header}, which liburing does not define: give \`kernel\` (the Linux that added it) instead of a liburing \`since\`` });
    }
    if (!liburing && v.history) {
      ctx.addIssue({ code: 'custom', path: ['values', i, 'history'], message: `${v.name}: \`history\` tracks liburing releases, and ${g.header} is not a liburing header` });
    }
    if (g.since && v.since && compareVersions(v.since, g.since) <= 0) {
      ctx.addIssue({ code: 'custom', path: ['values', i, 'since'], message: `${v.name}: since ${v.since} is not later than the group's since ${g.since}: leave it out` });
    }
    if (g.kernel && v.kernel && compareVersions(v.kernel, g.kernel) < 0) {
      ctx.addIssue({ code: 'custom', path: ['values', i, 'kernel'], message: `${v.name}: kernel ${v.kernel} is older than the group's kernel ${g.kernel}` });
    }
    const h = v.history ?? [];
    for (let j = 1; j < h.length; j++) {
      if (compareVersions(h[j]!.until, h[j - 1]!.until) <= 0) ctx.addIssue({ code: 'custom', path: ['values', i, 'history', j, 'until'], message: `${v.name}: history must be oldest first` });
    }
  });
  // Constants of a group are used together (IORING_OFF_PBUF_RING | (bgid << IORING_OFF_PBUF_SHIFT)): JavaScript throws a TypeError when number meets bigint.
  if (new Set(g.values.map((v) => typeof v.value)).size !== 1) {
    ctx.addIssue({ code: 'custom', path: ['values'], message: 'a group\'s values must all be numbers or all bigints: its constants are combined with each other' });
  }
});
export type ConstantGroup = z.infer<typeof ConstantGroup>;
export type ConstantGroupInput = z.input<typeof ConstantGroup>;

/** A constant's value in the headers of liburing `version` (its `history` applied). */
export function valueIn(v: ConstantValue, version: string): number | bigint {
  for (const h of v.history ?? []) if (compareVersions(version, h.until) < 0) return h.value;
  return v.value;
}
