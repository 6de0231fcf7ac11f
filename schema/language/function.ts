/** A function entry: one C function of liburing, its parameters' rules, its result and its tests. */
import * as z from 'zod';
import { Rule, type RuleInput } from '../../generator/rules/index.js';
import { ArgExpression, Category, ErrnoName, GlibcVersion, KernelVersion, Source, Version } from './basics.js';
import type { TestScope } from '../test-scope.js';

export const Precondition = z.object({
  /** Names the precondition for test.violations; "<param>.<rule kind>" (then #2, #3 ...) when absent. */
  id: z.string().regex(/^[a-z_][a-z0-9_]*\.[A-Za-z]+(#\d+)?$|^[a-z][A-Za-z0-9-]*$/).optional(),
  rule: Rule,
  /** What a user reads when the rule is broken: what is wrong and what to do. */
  message: z.string().min(10),
  source: Source,
  /** The errno that liburing or the kernel gives when the rule is broken, or null when nothing checks it. */
  errno: ErrnoName.nullable(),
  /** Where that errno appears: the function's return value or the completion's res. */
  reportedIn: z.enum(['return', 'cqe']).default('return'),
  /**
   * What C does instead when it does not refuse the arguments (errno null), or
   * refuses them in a way the generated errno check cannot see (through an out
   * parameter, after another completion): the bad effect, in words ("the kernel
   * writes past buf: the bytes after it receive the data"). The generated test
   * makes the raw C call with the violating arguments, then runs
   * test.violations[id].effect, which asserts that effect.
   */
  effect: z.string().min(10).optional(),
  /**
   * Why the generated test cannot make the raw C call with the violating
   * arguments to prove the errno or show the effect (C would write past a
   * buffer into memory it does not own, close fd 0, hang...). Absent: the raw
   * call is made and must give `errno`, or show `effect`.
   */
  unprovable: z.string().min(10).optional(),
}).strict()
  .refine((p) => !(p.effect && p.unprovable), { message: 'a precondition shows its effect (effect) or says why it cannot be shown (unprovable), not both', path: ['unprovable'] });
export type Precondition = z.infer<typeof Precondition>;

export const Direction = z.enum(['in', 'out', 'inout']);

export const Param = z.object({
  name: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  /** The C type as in the prototype, e.g. "unsigned", "struct io_uring *", "const struct iovec *". */
  type: z.string(),
  dir: Direction.default('in'),
  nullable: z.boolean().default(false),
  doc: z.string(),
  preconditions: z.array(Precondition).default([]),
  /**
   * Ownership of memory the argument points to, after the call.
   * - "call": used during the call only (the default).
   * - "ring": the ring keeps using it until io_uring_queue_exit (init_mem's buffer, registered
   *   buffers, provided buffers; for a function without a ring argument, the ring of its SQE).
   * - "completion": the kernel uses it until the request's completion is seen.
   * - "consumed": the call frees the object; it is dead afterwards.
   */
  ownership: z.enum(['call', 'ring', 'completion', 'consumed']).default('call'),
  /** For out pointers to structs borrowed from another argument, e.g. a CQE borrowed from "ring". */
  borrowedFrom: z.string().optional(),
  /**
   * For struct io_uring arguments: the state the ring must be in. "live" (the
   * default) means initialized and not exited; "uninitialized" is for the
   * init functions, which refuse a ring that is already live.
   */
  state: z.enum(['live', 'uninitialized']).default('live'),
  /**
   * For pointer arguments: how many elements of the pointee type C reads or
   * writes: a number (io_uring_prep_pipe's two fds), another parameter's
   * name (nr_vecs) or an expression over the arguments. Checked before C.
   * For `struct X **` it makes the argument a PointerArray with that capacity.
   */
  count: z.union([z.number().int().nonnegative(), ArgExpression]).optional(),
  /**
   * Where `count` comes from, cited as a rule's `source` is (man page, header,
   * liburing or kernel source): required with `count`. It is the source of the
   * implicit count rule in the docs and the generated tests.
   */
  countSource: z.string().min(10).optional(),
  /**
   * For an unsigned 64-bit argument where C documents `(__u64)-1` as a value
   * (a file offset meaning "the current file position"): the plain number -1
   * is accepted, and C receives 2^64 - 1. The text says what -1 means.
   */
  minusOne: z.string().min(3).optional(),
  /**
   * For integer array out-parameters: the call stores new file descriptors
   * there (pipe2's pipefd, socketpair's sv), which the caller must close.
   */
  newFd: z.boolean().default(false),
  /**
   * How liburing.h declares the parameter from release `since` on, when a later header changed
   * its type without changing the ABI (liburing 2.13 added const to pointers the prep helpers
   * only read): `type` stays what the bindings are built from, and `check-header` compares a
   * header of `since` or newer with this type instead.
   */
  headerType: z.object({ since: Version, type: z.string() }).strict().optional(),
}).strict();
export type Param = z.infer<typeof Param>;

export const Returns = z.object({
  /**
   * - errno: 0 or a non-negative value on success, -errno on failure.
   * - count: a non-negative count on success, -errno on failure.
   * - pointer: a pointer, NULL meaning what nullMeans says.
   * - void, bool: as in C.
   * - value: a plain value that is never an error.
   * - libc: the C library's convention: -1 (for a pointer, MAP_FAILED, (void *) -1)
   *   on failure with the error in errno, which the wrapper reads right after
   *   the call and throws as UringError (syscall: the function's name).
   * - struct: a struct returned by value (`type` is "struct X"), copied into a new instance of X's class;
   *   with borrowedFrom, one that describes that ring's memory and dies with it.
   */
  kind: z.enum(['errno', 'count', 'pointer', 'void', 'bool', 'value', 'libc', 'struct']),
  type: z.string(),
  doc: z.string(),
  /** Negative results that are normal outcomes, returned rather than thrown (e.g. EAGAIN for peek). */
  passthrough: z.array(ErrnoName).default([]),
  /** For pointer results: what NULL means. */
  nullMeans: z.string().optional(),
  /** For pointer results: the argument the pointee lives in ("ring"), or "owned" when the caller must free it. For struct results: the ring whose memory the struct describes. */
  borrowedFrom: z.string().optional(),
  /** For owned pointer results: the function that frees it. */
  freedBy: z.string().optional(),
  /**
   * For a pointer to a struct with a flexible array: the argument giving the
   * number of elements C allocated (io_uring_setup_buf_ring's nentries), so
   * the view covers exactly the memory C mapped.
   */
  flexibleCount: z.string().optional(),
  /**
   * For a `void *` result: the argument giving its length in bytes (mmap's
   * length). The result is then a Uint8Array of that memory, alive until
   * `freedBy` frees it (after which every wrapper refuses it).
   */
  bytes: z.string().optional(),
  /** A non-negative result is a new file descriptor the caller must close (io_uring_setup). */
  newFd: z.boolean().default(false),
}).strict();
export type Returns = z.infer<typeof Returns>;

/** Test code: a function written in the entry file; the generator copies its body into the generated test. */
const Code = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', 'a function written in the entry file');
/** A replacement argument: a plain value, or code computing it from the valid arguments' fixture. */
const ArgValue = z.union([z.number(), z.bigint(), z.boolean(), z.null(), z.string(), Code]);

export const Violation = z.object({
  /** Replacement arguments, by parameter name. */
  args: z.record(z.string(), ArgValue).optional(),
  /** Statements run on the fixture before the call. */
  before: Code.optional(),
  /**
   * For a precondition with `effect`: code run after the raw C call with the
   * violating arguments, asserting that effect. It takes the fixture, plus
   * `result` (what the raw call returned), and the scope.
   */
  effect: Code.optional(),
}).strict();

export const TestSpec = z.object({
  /** The documented effect of a valid call, asserted against the real kernel. */
  effect: Code.optional(),
  /** Valid arguments (`args`) for the precondition tests, with their `cleanup`. */
  valid: Code.optional(),
  /** How the precondition tests break rules the registry has no default violation for, by precondition id. */
  violations: z.record(z.string(), Violation).default({}),
  /** A reason to skip the effect test; must name missing privileges or hardware. */
  skip: z.string().optional(),
}).strict().refine((t) => t.effect || t.skip, 'give test.effect (or test.skip with the reason)');
export type TestSpec = z.infer<typeof TestSpec>;

/**
 * How a prep helper fills in the SQE, as liburing.h's inline helper does it,
 * so that a TypeScript encoder can write the same bytes straight into the
 * mapped submission ring. Values are TypeScript expressions over the
 * arguments by name (a memory or struct argument stands for its address, a
 * bigint), constants by C name, and integer literals. Each value is stored
 * the way C's assignment stores it: truncated to the field's width.
 */
export const SqeEncoding = z.object({
  /** io_uring_prep_rw(op, sqe, fd, addr, len, off), when the helper starts with it. */
  rw: z.object({ op: z.string(), fd: z.string(), addr: z.string(), len: z.string(), off: z.string() }).strict().optional(),
  /** Further assignments, in the helper's order: [io_uring_sqe field, value]. */
  set: z.array(z.tuple([z.string(), z.string()])).default([]),
}).strict();
export type SqeEncoding = z.infer<typeof SqeEncoding>;

export const Bookkeeping = z.union([
  z.enum([
    'ring-init', 'ring-exit', 'ring-remap', 'submit', 'cqe-seen',
    'resource-tags', 'msg-ring-sync', 'register-raw', 'buf-ring-setup', 'buf-ring-register', 'buf-ring-unregister', 'buf-ring-add',
    'unmap',
  ]),
  /** Consumes the next `count` completions (the parameter that says how many). */
  z.object({ kind: z.literal('cq-advance'), count: z.string() }).strict(),
  // What the ring has registered (runtime/registrations.ts), for the rules that check requests against it.
  z.enum(['files-unregister', 'buffers-unregister', 'buffers-provide']),
  /** A file table of `count` slots (the parameter that says how many) is registered. */
  z.object({ kind: z.literal('files-register'), count: z.string() }).strict(),
  /**
   * Registered buffers: `count` slots from the struct iovec array `iovecs`
   * (without iovecs: that many empty slots, a sparse table), replacing the
   * table, or, with `offset`, the slots from that index on.
   */
  z.object({ kind: z.literal('buffers-register'), count: z.string(), iovecs: z.string().optional(), offset: z.string().optional() }).strict(),
  /** Registered buffers cloned from ring `src` into ring `dst`: `whole` when the call takes src's whole table. */
  z.object({ kind: z.literal('buffers-clone'), whole: z.boolean() }).strict(),
]);
export type Bookkeeping = z.infer<typeof Bookkeeping>;

const LIBURING_NAME = /^_{0,2}io_uring_[a-z0-9_]+$/;

export const FunctionEntry = z.object({
  /** The C name: io_uring_* for liburing's functions; any C identifier for library 'libc'. */
  name: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a C function name'),
  /**
   * The liburing release that introduced it (version gating); for library
   * 'libc', the glibc release that added its wrapper ("glibc 2.27"): no
   * liburing version gates it, and a C library without the symbol makes the
   * call throw UnsupportedError.
   */
  since: z.union([Version, GlibcVersion], { error: 'a liburing version such as "2.9" (for library libc, a glibc version such as "glibc 2.27")' }),
  /** The oldest Linux that supports the operation, where it matters. */
  kernel: KernelVersion.optional(),
  category: Category,
  /**
   * Which shared object exports it: liburing-ffi.so.2 (default), only
   * liburing.so.2, or the C library (libc.so.6: category 'libc', exported as
   * liburing-ts/libc; loading it never needs liburing).
   */
  library: z.enum(['ffi', 'liburing', 'libc']).default('ffi'),
  /** liburing.h defines it `static inline` (liburing-ffi.so exports a copy for FFI users). */
  inline: z.boolean().default(false),
  /**
   * What the checked wrapper runs instead of calling C, in JavaScript over
   * the mapped rings: an expression over the arguments by name, constants by
   * C name, struct classes, and the primitives of runtime/ring-primitives.ts
   * (liburing.h's helpers, with its memory ordering). It gives what C returns:
   * a number, a boolean, an address as a bigint (0n for NULL); a struct view
   * for an SQE or CQE of the ring. Out-pointers are filled by the primitive.
   * Prep helpers and the other SQE setters run their `sqe` encoding instead.
   * The `unchecked_` twin keeps calling C, and the generated differential
   * test holds this to C's result and ring state.
   */
  js: z.string().min(1).optional(),
  /** For an inline helper with neither `sqe` nor `js`: why its checked wrapper still calls C. */
  viaFfi: z.string().min(10).optional(),
  summary: z.string().min(10).refine((s) => !s.includes('\n'), 'one line'),
  description: z.string().optional(),
  man: z.string().regex(/^[a-z_0-9]+\(\d\)$/).nullable(),
  params: z.array(Param),
  returns: Returns,
  /** Explanations for errnos the function returns, shown in UringError. */
  errors: z.record(ErrnoName, z.string()).default({}),
  /**
   * What the call does to liburing-ts's bookkeeping of the ring
   * (runtime/ring-state.ts), one row each in generator/model/bookkeeping.ts:
   * ring-init and ring-exit start and end a ring's life; ring-remap follows a
   * call that moves the rings' memory (io_uring_resize_rings); submit hands
   * prepared SQEs to the kernel (whatever the result: a call may flush the SQ
   * and then fail); cqe-seen and cq-advance consume completions (cq-advance
   * names the parameter that counts them). Completions no request posts, and
   * memory the kernel keeps beyond a request: resource-tags registers tags
   * (each may come back as a CQE with user_data = tag); msg-ring-sync posts a
   * message into a ring without a submission; register-raw is
   * io_uring_register(2) itself; buf-ring-setup and buf-ring-register register
   * a buffer ring (from the result, or from reg), buf-ring-unregister ends one,
   * buf-ring-add gives it a buffer the kernel may write into while it is
   * registered. files-register, files-unregister, buffers-register,
   * buffers-unregister, buffers-clone and buffers-provide record what the ring
   * has registered (runtime/registrations.ts). unmap (munmap) frees a mapping
   * a JavaScript view may still see: fresh zero pages replace it in one step
   * instead of a bare munmap. A call with several effects lists them all.
   */
  bookkeeping: z.union([Bookkeeping, z.array(Bookkeeping).min(1)]).optional(),
  /**
   * The call can wait (for completions, for SQ space): it blocks Node's event
   * loop, which its docs say, and the generated property test only calls it
   * with arguments that are refused before C.
   */
  mayBlock: z.boolean().default(false),
  /**
   * Why the generated property test makes only calls refused before C: a
   * valid call with random arguments would harm the machine (mmap with
   * MAP_POPULATE or MAP_LOCKED of gigabytes).
   */
  fuzzRefusedOnly: z.string().min(10).optional(),
  /** For io_uring_prep_* helpers and the SQE setters (io_uring_sqe_set_*): the SQE fields they set (liburing.h), for the encoders. */
  sqe: SqeEncoding.optional(),
  /** Behaviour the C documentation does not state, each with its source. */
  quirks: z.array(z.object({ text: z.string(), source: Source }).strict()).default([]),
  test: TestSpec,
}).strict().superRefine((e, ctx) => {
  const libc = e.library === 'libc';
  const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (!libc && !LIBURING_NAME.test(e.name)) problem('name', "a liburing function name (io_uring_*); other C functions need library 'libc'");
  if (libc !== e.since.startsWith('glibc ')) problem('since', libc ? 'a glibc version such as "glibc 2.27" (library libc)' : 'a liburing version such as "2.9"');
  if (libc !== (e.category === 'libc')) problem('category', "library 'libc' and category 'libc' go together");
  if (libc && e.returns.kind !== 'libc' && e.returns.kind !== 'void') problem('returns', "a libc function reports errors with -1 and errno: returns.kind 'libc'");
  if (!libc && e.returns.kind === 'libc') problem('returns', "returns.kind 'libc' is for library 'libc' (liburing returns -errno: kind 'errno')");
  e.params.forEach((p, i) => {
    if (p.count !== undefined && p.countSource === undefined) ctx.addIssue({ code: 'custom', path: ['params', i, 'countSource'], message: 'a count needs its source (countSource): the man page, header or kernel source that says how many elements C uses' });
    if (p.count === undefined && p.countSource !== undefined) ctx.addIssue({ code: 'custom', path: ['params', i, 'countSource'], message: 'countSource without count' });
  });
});
export type FunctionEntry = z.infer<typeof FunctionEntry>;

// ---- the input types entry files are written against -------------------------

type Awaitable<T> = T | Promise<T>;
/** What test.valid returns: the valid argument tuple, and how to clean up after a test. */
export interface Fixture {
  args: readonly unknown[];
  cleanup?: () => void;
}
export interface ViolationInput<F, S> {
  args?: Record<string, number | bigint | boolean | null | string | ((fixture: F, scope: S) => unknown)>;
  before?: (fixture: F, scope: S) => void;
  /** Asserts the precondition's `effect` after the raw call; `result` is what the raw call returned. */
  effect?: (fixture: F & { result: unknown }, scope: S) => Awaitable<void>;
}
export interface TestInput<F extends Fixture, S> {
  effect?: (scope: S) => Awaitable<void>;
  valid?: (scope: S) => Awaitable<F>;
  violations?: Record<string, ViolationInput<F, S>>;
  skip?: string;
}
export type PreconditionInput = Omit<z.input<typeof Precondition>, 'rule'> & { rule: RuleInput };
type ParamInput = Omit<z.input<typeof Param>, 'preconditions'> & { preconditions?: PreconditionInput[] };
export type FunctionEntryInput<F extends Fixture = Fixture, S = TestScope> = Omit<z.input<typeof FunctionEntry>, 'test' | 'params'> & {
  params: ParamInput[];
  test: TestInput<F, S>;
};
