/** A constant group: related C constants (IORING_SETUP_*), each with the version that introduced it. */
import * as z from 'zod';
import { KernelVersion, Version } from './basics.js';

export const ConstantGroup = z.object({
  /** The group's TypeScript object name, e.g. "IoringSetup". */
  group: z.string().regex(/^[A-Z][A-Za-z0-9]*$/),
  header: z.string(),
  summary: z.string(),
  /** The C type the values are checked as in the ABI test. */
  cType: z.enum(['int', 'unsigned', 'u64']).default('unsigned'),
  /**
   * The liburing version whose headers first define the group's oldest
   * values; a value added later says its own `since`. For libc constants,
   * the oldest liburing the package supports (they predate it).
   */
  since: Version.optional(),
  values: z.array(z.object({
    name: z.string().regex(/^[A-Z_][A-Z0-9_]*$/),
    value: z.union([z.number().int(), z.bigint()]),
    doc: z.string().optional(),
    /** The liburing version whose headers first define it, when later than the group's. */
    since: Version.optional(),
    /** The oldest Linux that accepts it, where it matters. */
    kernel: KernelVersion.optional(),
  }).strict()).min(1),
}).strict().refine(
  (g) => new Set(g.values.map((v) => typeof v.value)).size === 1,
  // Constants of a group are used together (IORING_OFF_PBUF_RING | (bgid << IORING_OFF_PBUF_SHIFT)): JavaScript throws a TypeError when number meets bigint.
  { path: ['values'], message: 'a group\'s values must all be numbers or all bigints: its constants are combined with each other' },
);
export type ConstantGroup = z.infer<typeof ConstantGroup>;
export type ConstantGroupInput = z.input<typeof ConstantGroup>;
