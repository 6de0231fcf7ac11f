/** The small vocabulary every kind of schema entry shares. */
import * as z from 'zod';

/** A liburing release, "major.minor", e.g. "2.9". */
export const Version = z.string().regex(/^\d+\.\d+$/, 'a liburing version such as "2.9"');

/** A glibc release that added a libc function's wrapper, "glibc major.minor", e.g. "glibc 2.27". */
export const GlibcVersion = z.string().regex(/^glibc \d+\.\d+$/, 'a glibc version such as "glibc 2.27"');

/** A Linux release, "major.minor", e.g. "6.1". */
export const KernelVersion = z.string().regex(/^\d+\.\d+$/, 'a Linux version such as "6.1"');

/** Where a fact comes from: a man page, a source file and line, an issue. */
export const Source = z.string().min(3);

/** An errno name as in <errno.h>, e.g. "EINVAL". */
export const ErrnoName = z.string().regex(/^E[A-Z0-9]+$/, 'an errno name such as "EINVAL"');

/**
 * An expression over the call's arguments, used by rules that relate
 * parameters. It is TypeScript source evaluated with the arguments in scope
 * by their C names, plus the runtime's derived-quantity helpers (see
 * runtime/derived.ts), e.g. "ringMemorySize(entries, p)". Constants may be
 * named by their C names; the generator writes their values.
 */
export const ArgExpression = z.string().min(1);

/** The categories a function is listed under, in the API reference's order, with their titles. */
export const CATEGORY_TITLES = {
  setup: 'Setup and teardown',
  sqe: 'Getting and filling SQEs',
  prep: 'Preparing requests',
  submit: 'Submitting and waiting',
  cqe: 'Completions',
  register: 'Registration',
  'buf-ring': 'Provided buffer rings',
  probe: 'Probing',
  version: 'Version',
  misc: 'Other',
  libc: 'libc companions',
} as const;
export const CATEGORIES = Object.keys(CATEGORY_TITLES) as (keyof typeof CATEGORY_TITLES)[];
export const Category = z.enum(CATEGORIES as [keyof typeof CATEGORY_TITLES, ...(keyof typeof CATEGORY_TITLES)[]]);
export type Category = z.infer<typeof Category>;
