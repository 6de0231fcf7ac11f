/**
 * The schema language: what one entry of schema/ may say, as zod schemas.
 *
 * The generator validates every entry against these schemas when it loads
 * them, so a malformed entry fails with the file, the entry and the field.
 * Entry files use the define* helpers below, which only give them types; the
 * validation happens in generator/load.ts.
 */
import * as z from 'zod';

/** A liburing release, "major.minor", e.g. "2.9". */
export const Version = z.string().regex(/^\d+\.\d+$/, 'a liburing version such as "2.9"');

/** Where a fact comes from: a man page, a source file and line, an issue. */
export const Source = z.string().min(3);

/** An errno name as in <errno.h>, e.g. "EINVAL". */
export const ErrnoName = z.string().regex(/^E[A-Z0-9]+$/, 'an errno name such as "EINVAL"');

/**
 * An expression over the call's arguments, used by rules that relate
 * parameters. It is TypeScript source evaluated with the arguments in scope
 * by their C names, plus the runtime's derived-quantity helpers (see
 * runtime/derived.ts), e.g. "ringMemorySize(entries, p)".
 */
export const ArgExpression = z.string().min(1);

/** The rule vocabulary. Each kind is implemented once in runtime/rules/. */
export const Rule = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('range'),
    min: z.union([z.number(), z.bigint()]).optional(),
    max: z.union([z.number(), z.bigint()]).optional(),
    /** The rule does not apply when this flag bit is set in the named argument's flags (e.g. IORING_SETUP_CLAMP). */
    unlessFlag: z.object({ param: z.string(), field: z.string().optional(), flag: z.string() }).strict().optional(),
  }).strict(),
  z.object({ kind: z.literal('powerOfTwo') }).strict(),
  z.object({ kind: z.literal('pageAligned') }).strict(),
  z.object({ kind: z.literal('aligned'), alignment: z.number().int().positive() }).strict(),
  z.object({ kind: z.literal('zeroFilled'), length: ArgExpression.optional() }).strict(),
  z.object({
    kind: z.literal('minByteLength'),
    /** The minimum, computed from the arguments. */
    bytes: ArgExpression,
    /** What the minimum is called in messages, e.g. "the ring memory size". */
    what: z.string(),
  }).strict(),
  z.object({ kind: z.literal('nonNull') }).strict(),
  z.object({ kind: z.literal('fd'), allowAtFdcwd: z.boolean().optional() }).strict(),
  z.object({
    kind: z.literal('flags'),
    /** The constant names whose bits may be set. */
    allowed: z.array(z.string()).min(1),
    /** A struct field of the argument that holds the flags, e.g. "flags" of io_uring_params. */
    field: z.string().optional(),
  }).strict(),
  z.object({
    kind: z.literal('relation'),
    /** A boolean expression that must hold, e.g. "buf_size <= byteLength(buf)". */
    holds: ArgExpression,
    /** The same relation in words, e.g. "buf_size must not exceed the buffer's length". */
    says: z.string(),
  }).strict(),
]);
export type Rule = z.infer<typeof Rule>;
export type RuleKind = Rule['kind'];

/** How a generated test proves a precondition real. */
export const Violation = z.object({
  /** Replacement argument expressions, by parameter name, evaluated in the test's scope. */
  args: z.record(z.string(), z.string()).optional(),
  /** Statements run before the call (e.g. "mem[100] = 1"). */
  before: z.string().optional(),
  /** Whether passing the violating arguments to the raw C function is safe; if not, why. */
  raw: z.union([z.literal('safe'), z.object({ unsafe: z.string() }).strict()]).default('safe'),
}).strict();
export type Violation = z.infer<typeof Violation>;

export const Precondition = z.object({
  rule: Rule,
  /** What a user reads when the rule is broken: what is wrong and what to do. */
  message: z.string().min(10),
  source: Source,
  /** The errno that liburing or the kernel gives when the rule is broken, or null when nothing checks it. */
  errno: ErrnoName.nullable(),
  /** Where that errno appears: the function's return value or the completion's res. */
  reportedIn: z.enum(['return', 'cqe']).default('return'),
  /** How the generated test violates the rule; derived from the rule kind when absent. */
  violation: Violation.optional(),
}).strict();
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
   * - "ring": the ring keeps using it until io_uring_queue_exit (init_mem's buffer,
   *   registered buffers, provided buffers; for a function without a ring
   *   argument, the ring of its SQE).
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
  /** For pointer-array arguments: the parameter that gives the number of elements C reads or writes. */
  lengthFrom: z.string().optional(),
}).strict();
export type Param = z.infer<typeof Param>;

export const Returns = z.object({
  /**
   * - errno: 0 or a non-negative value on success, -errno on failure.
   * - count: a non-negative count on success, -errno on failure.
   * - pointer: a pointer, NULL meaning what nullMeans says.
   * - void, bool: as in C.
   * - value: a plain value that is never an error.
   */
  kind: z.enum(['errno', 'count', 'pointer', 'void', 'bool', 'value']),
  type: z.string(),
  doc: z.string(),
  /** Negative results that are normal outcomes, returned rather than thrown (e.g. EAGAIN for peek). */
  passthrough: z.array(ErrnoName).default([]),
  /** For pointer results: what NULL means. */
  nullMeans: z.string().optional(),
  /** For pointer results: the argument the pointee lives in ("ring"), or "owned" when the caller must free it. */
  borrowedFrom: z.string().optional(),
  /** For owned pointer results: the function that frees it. */
  freedBy: z.string().optional(),
  /**
   * For a pointer to a struct with a flexible array: the argument giving the
   * number of elements C allocated (io_uring_setup_buf_ring's nentries), so
   * the view covers exactly the memory C mapped.
   */
  flexibleCount: z.string().optional(),
  /** A non-negative result is a new file descriptor the caller must close (io_uring_setup). */
  newFd: z.boolean().default(false),
}).strict();
export type Returns = z.infer<typeof Returns>;

/** A generated test's hand-written part: the documented effect of a valid call. */
export const TestSpec = z.object({
  /**
   * Statements that set up the scope and end with a valid call, the effect
   * check and cleanup. The generated test wraps them in an async vitest test;
   * the wrappers, structs, constants and runtime helpers are in scope
   * (see generator/emit-tests.ts for the list).
   */
  effect: z.string().min(10),
  /** Statements that declare `args`, a valid argument tuple, for precondition tests. */
  validArgs: z.string().optional(),
  /** Statements run after each precondition test (cleanup of validArgs' resources). */
  cleanup: z.string().optional(),
  /** A reason to skip the effect test; must name missing privileges or hardware. */
  skip: z.string().optional(),
}).strict();
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

export const Category = z.enum([
  'setup', 'sqe', 'prep', 'submit', 'cqe', 'register', 'buf-ring', 'probe', 'version', 'misc',
]);

export const FunctionEntry = z.object({
  name: z.string().regex(/^_{0,2}io_uring_[a-z0-9_]+$/, 'a liburing function name'),
  since: Version,
  category: Category,
  /** Which shared object exports it: liburing-ffi.so.2 (default) or only liburing.so.2. */
  library: z.enum(['ffi', 'liburing']).default('ffi'),
  summary: z.string().min(10).refine((s) => !s.includes('\n'), 'one line'),
  description: z.string().optional(),
  man: z.string().regex(/^[a-z_0-9]+\(\d\)$/).nullable(),
  params: z.array(Param),
  returns: Returns,
  /** Explanations for errnos the function returns, shown in UringError. */
  errors: z.record(ErrnoName, z.string()).default({}),
  /**
   * What the call does to the ring's bookkeeping (runtime/ring-state.ts):
   * ring-init and ring-exit start and end a ring's life; ring-remap follows a
   * call that moves the rings' memory (io_uring_resize_rings); submit hands
   * prepared SQEs to the kernel (whatever the result: a call may flush the
   * SQ and then fail); cqe-seen and cq-advance consume completions.
   * Completions no request posts, and memory the kernel keeps beyond a request:
   * resource-tags registers tags (each may come back as a CQE with user_data =
   * tag); msg-ring-sync posts a message into a ring without a submission
   * (io_uring_register_sync_msg); register-raw is io_uring_register(2) itself;
   * buf-ring-setup and buf-ring-register register a buffer ring (from the
   * result, or from reg), buf-ring-unregister ends one, buf-ring-add gives it a
   * buffer the kernel may write into while it is registered.
   */
  effect: z.enum([
    'ring-init', 'ring-exit', 'ring-remap', 'submit', 'cqe-seen', 'cq-advance',
    'resource-tags', 'msg-ring-sync', 'register-raw', 'buf-ring-setup', 'buf-ring-register', 'buf-ring-unregister', 'buf-ring-add',
  ]).optional(),
  /**
   * The call can wait (for completions, for SQ space): the generated property
   * test then only calls it with arguments that are refused before C.
   */
  mayBlock: z.boolean().default(false),
  /** For io_uring_prep_* helpers: the SQE fields they set (liburing.h), for the fast encoders. */
  sqe: SqeEncoding.optional(),
  /** Behaviour the C documentation does not state, each with its source. */
  quirks: z.array(z.object({ text: z.string(), source: Source }).strict()).default([]),
  test: TestSpec,
}).strict();
export type FunctionEntry = z.infer<typeof FunctionEntry>;
export type FunctionEntryInput = z.input<typeof FunctionEntry>;

/** A struct member; unions and anonymous structs nest, their members keep their C names. */
export type FieldInput =
  | { name: string; type: string; count?: number; doc?: string }
  | { union: FieldInput[] }
  | { struct: FieldInput[] };
export const Field: z.ZodType<FieldInput> = z.lazy(() =>
  z.union([
    z.object({ name: z.string(), type: z.string(), count: z.number().int().positive().optional(), doc: z.string().optional() }).strict(),
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

export const ConstantGroup = z.object({
  /** The group's TypeScript object name, e.g. "IoringSetup". */
  group: z.string().regex(/^[A-Z][A-Za-z0-9]*$/),
  header: z.string(),
  summary: z.string(),
  /** The C type the values are checked as in the ABI test. */
  cType: z.enum(['int', 'unsigned', 'u64']).default('unsigned'),
  values: z.array(z.object({
    name: z.string().regex(/^[A-Z_][A-Z0-9_]*$/),
    value: z.union([z.number().int(), z.bigint()]),
    doc: z.string().optional(),
    since: Version.optional(),
  }).strict()).min(1),
}).strict();
export type ConstantGroup = z.infer<typeof ConstantGroup>;
export type ConstantGroupInput = z.input<typeof ConstantGroup>;

/** Typing helpers for entry files. They return their argument unchanged. */
export const defineFunction = (entry: FunctionEntryInput): FunctionEntryInput => entry;
export const defineStruct = (entry: StructEntryInput): StructEntryInput => entry;
export const defineConstants = (entry: ConstantGroupInput): ConstantGroupInput => entry;
