/**
 * A struct entry: a C struct's members by their C names, laid out as the C ABI does.
 *
 * Versions follow the rule of constant groups (schema/language/constants.ts):
 * a struct from liburing's headers must say `since` (the liburing release whose
 * headers first define it), and a member added later its own `since`; a struct
 * from libc or kernel uapi headers has no `since`, and `kernel` (on the struct
 * or a member) where the Linux version matters. A member's version is that of
 * the headers that first declare it as the entry does: a member whose type
 * changed (io_uring_sq's pad) takes the version of the change, and the ABI test
 * checks it only against headers of that version or newer.
 */
import * as z from 'zod';
import { compareVersions } from '../../runtime/version.js';
import { KernelVersion, Version } from './basics.js';
import { isLiburingHeader } from './constants.js';

/** A struct member; unions and anonymous structs nest, their members keep their C names. */
export type FieldInput =
  | { name: string; type: string; count?: number; doc?: string; since?: string; kernel?: string }
  | { union: FieldInput[] }
  | { struct: FieldInput[] };
export const Field: z.ZodType<FieldInput> = z.lazy(() =>
  z.union([
    z.object({
      name: z.string(),
      type: z.string(),
      count: z.number().int().positive().optional(),
      doc: z.string().optional(),
      /** The liburing version whose headers first have this member, when later than the struct's. */
      since: Version.optional(),
      /** For libc/uapi structs: the Linux release whose uapi headers first have this member. */
      kernel: KernelVersion.optional(),
    }).strict(),
    z.object({ union: z.array(Field).min(1) }).strict(),
    z.object({ struct: z.array(Field).min(1) }).strict(),
  ]),
);

export const StructEntry = z.object({
  /** The C tag, e.g. "io_uring_params" for struct io_uring_params. */
  name: z.string(),
  /** The class name in TypeScript, e.g. "IoUringParams". */
  className: z.string().regex(/^[A-Z][A-Za-z0-9]*$/),
  /** The C spelling when it is not "struct <name>", e.g. "sigset_t". */
  cType: z.string().optional(),
  header: z.string(),
  summary: z.string(),
  /** The liburing version whose headers first define it: required for liburing's headers, absent for libc and uapi ones. */
  since: Version.optional(),
  /** The liburing version whose headers no longer define it (io_uring_cqwait_reg_arg went in 2.10). */
  removed: Version.optional(),
  /** The oldest Linux that knows it, where it matters. */
  kernel: KernelVersion.optional(),
  fields: z.array(Field).min(1),
  /**
   * A trailing flexible array, e.g. io_uring_probe's ops[]. With overlay, the
   * array starts at offset 0 over the fields, as a zero-length array in a
   * union with them does (io_uring_buf_ring's bufs[]).
   */
  flexible: z.object({ name: z.string(), type: z.string(), max: z.number().int().positive(), overlay: z.boolean().optional(), since: Version.optional() }).strict().optional(),
  /** Extra alignment of the whole struct beyond its members'. */
  align: z.number().int().positive().optional(),
  /**
   * Structs C passes where this one is expected, as `struct sockaddr *` takes
   * a sockaddr_in or sockaddr_in6: a pointer argument of this type takes their
   * classes too.
   */
  alsoAccepts: z.array(z.string()).optional(),
  /** __attribute__((packed)): no padding between members, and the struct's alignment is 1 (glibc's epoll_event on x86-64). */
  packed: z.boolean().optional(),
}).strict().superRefine((s, ctx) => {
  const liburing = isLiburingHeader(s.header);
  if (liburing && !s.since) ctx.addIssue({ code: 'custom', path: ['since'], message: `structs of ${s.header} need \`since\`: the liburing version whose headers first define struct ${s.name}` });
  if (!liburing && (s.since || s.removed)) ctx.addIssue({ code: 'custom', path: [s.since ? 'since' : 'removed'], message: `struct ${s.name} comes from ${s.header}, which liburing does not define: give \`kernel\` where the Linux version matters, not a liburing version` });
  if (s.since && s.removed && compareVersions(s.removed, s.since) <= 0) ctx.addIssue({ code: 'custom', path: ['removed'], message: `removed ${s.removed} is not after since ${s.since}` });
  const walk = (fields: FieldInput[], path: (string | number)[]) => fields.forEach((f, i) => {
    if ('union' in f) return walk(f.union, [...path, i, 'union']);
    if ('struct' in f) return walk(f.struct, [...path, i, 'struct']);
    if (f.since && !liburing) ctx.addIssue({ code: 'custom', path: [...path, i, 'since'], message: `${s.name}.${f.name}: ${s.header} is not a liburing header: give \`kernel\` instead of \`since\`` });
    if (f.since && s.since && compareVersions(f.since, s.since) <= 0) ctx.addIssue({ code: 'custom', path: [...path, i, 'since'], message: `${s.name}.${f.name}: since ${f.since} is not later than the struct's since ${s.since}: leave it out` });
  });
  walk(s.fields, ['fields']);
});
export type StructEntry = z.infer<typeof StructEntry>;
export type StructEntryInput = z.input<typeof StructEntry>;
