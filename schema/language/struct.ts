/** A struct entry: a C struct's members by their C names, laid out as the C ABI does. */
import * as z from 'zod';
import { KernelVersion, Version } from './basics.js';

/** A struct member; unions and anonymous structs nest, their members keep their C names. */
export type FieldInput =
  | { name: string; type: string; count?: number; doc?: string; since?: string }
  | { union: FieldInput[] }
  | { struct: FieldInput[] };
export const Field: z.ZodType<FieldInput> = z.lazy(() =>
  z.union([
    z.object({
      name: z.string(),
      type: z.string(),
      count: z.number().int().positive().optional(),
      doc: z.string().optional(),
      /** The liburing version whose io_uring.h first has this member, when later than the struct's. */
      since: Version.optional(),
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
  /** The liburing version whose headers first define it (libc structs: the oldest liburing, they predate it). */
  since: Version.optional(),
  /** The oldest Linux that knows it, where it matters. */
  kernel: KernelVersion.optional(),
  fields: z.array(Field).min(1),
  /**
   * A trailing flexible array, e.g. io_uring_probe's ops[]. With overlay, the
   * array starts at offset 0 over the fields, as a zero-length array in a
   * union with them does (io_uring_buf_ring's bufs[]).
   */
  flexible: z.object({ name: z.string(), type: z.string(), max: z.number().int().positive(), overlay: z.boolean().optional() }).strict().optional(),
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
}).strict();
export type StructEntry = z.infer<typeof StructEntry>;
export type StructEntryInput = z.input<typeof StructEntry>;
