/**
 * Argument checking for the generated wrappers. Each wrapper has two forms of
 * one check, both generated from the same rules: a plain-JavaScript guard
 * (the C types through the predicates below, then each precondition's
 * expression, in order) that a valid call costs, and a zod schema for its
 * argument tuple (the same predicates as zod types, each precondition as a
 * refinement tagged with its index in the wrapper's spec) that only a refused
 * call builds, to turn the first issue into a PreconditionError with a hint.
 * zod itself is loaded on that first refusal, so importing the package loads
 * no zod. With LIBURING_TS_CROSSCHECK=1 (the test suite sets it) every call
 * runs both forms and throws if they disagree.
 */
import { createRequire } from 'node:module';
import type * as Z from 'zod';
import { describeValue } from './describe.js';
import { IoUringUnavailableError, PreconditionError, UringError } from './errors.js';
import { explainRefusal } from './diagnose.js';
import { errnoName } from './errno.js';
import { INT_LIMITS, describeInt, type IntKind } from './ctypes.js';
import { isMemory, isFreed, freedReason, type Memory } from './memory.js';
import { Struct, OutPointer, PointerArray, type Lifetime } from './struct.js';
import { ringState, refusedCall, type RingLike } from './ring-state.js';

/** What a generated wrapper tells the runtime about itself. */
export interface FunctionSpec {
  name: string;
  /** Parameter names, in C order. */
  params: readonly string[];
  /** The C type of each parameter, for type mismatch messages. */
  types: readonly string[];
  preconditions: readonly PreconditionSpec[];
  /** Explanations of errnos, from the schema. */
  errors: Readonly<Record<string, string>>;
}

export interface PreconditionSpec {
  /** Index of the parameter the rule is about. */
  param: number;
  rule: string;
  message: string;
  errno: string | null;
  source: string;
  /** Computes the value seen and a hint from the arguments, on the failure path only. */
  explain?: (args: never) => { seen?: string; hint?: string };
}

// ---- zod, loaded on first use ------------------------------------------------------

let zodModule: typeof Z | null = null;

/** zod, loaded (synchronously) the first time a check needs its schema: a program whose calls are all valid never loads it. */
export function zod(): typeof Z {
  return (zodModule ??= createRequire(import.meta.url)('zod') as typeof Z);
}

/** Set by the test suite: every checked call runs the guard and the zod schema and throws if they disagree. */
const crossCheck = typeof process !== 'undefined' && process.env.LIBURING_TS_CROSSCHECK === '1';

// ---- a wrapper's check -------------------------------------------------------------

/**
 * A wrapper's argument check. `accepts` is the generated plain-JavaScript
 * guard a valid call costs. The zod schema is built and compiled (z.compile)
 * on the first refusal, which parses the arguments to find the first broken
 * rule.
 */
export class ArgCheck<A extends unknown[]> {
  private schema: Z.ZodType | null = null;
  /** Whether the arguments pass every type and precondition check. */
  readonly accepts: (...args: A) => boolean;

  constructor(
    private readonly build: (zod: typeof Z) => Z.ZodType,
    private readonly guard: (...args: A) => boolean,
    /** The wrapper's spec (built on first use) and its parameters' C integer kinds, for a refusal's message. */
    private readonly spec: () => FunctionSpec,
    private readonly intKinds: readonly (IntKind | null)[],
  ) {
    this.accepts = crossCheck ? (...args: A) => this.agreed(guard, args) : guard;
  }

  private compiled(): Z.ZodType {
    // strict: a check zod cannot compile fails loudly instead of silently running the slow interpreter.
    return (this.schema ??= zod().compile(this.build(zod()), { strict: true }));
  }

  /** What the zod schema says of the arguments (for the cross-check and tests). */
  validByZod(args: readonly unknown[]): boolean {
    return this.compiled().validate(args);
  }

  private agreed(guard: (...args: A) => boolean, args: A): boolean {
    let byGuard = guard(...args);
    let byZod = this.validByZod(args);
    // Ring state may move between the two (a completion posted meanwhile): ask both again before calling it a disagreement.
    if (byGuard !== byZod) [byGuard, byZod] = [guard(...args), this.validByZod(args)];
    if (byGuard !== byZod) throw new Error(`liburing-ts: a check's guard ${byGuard ? 'accepts' : 'refuses'} arguments its zod schema ${byZod ? 'accepts' : 'refuses'}`);
    return byGuard;
  }

  /**
   * The guard refused the arguments: throw the PreconditionError (or TypeError)
   * for the first broken rule. Rules that read ring state (io_uring_cq_ready,
   * say) can change their answer between the guard and the schema, as the
   * kernel posts completions meanwhile: when both now accept, the call is valid
   * and this returns, so the caller goes on with it.
   *
   * The wrapper passes just its arguments: a call that small keeps the wrapper
   * small enough for V8 to inline what a valid call runs (see runtime/memory.ts).
   */
  refuse(...args: A): void {
    const parsed = this.compiled().safeParse(args);
    const spec = this.spec();
    if (parsed.success) {
      if (this.guard(...args)) return;
      throw new Error(`liburing-ts: ${spec.name}: its guard refused arguments its zod schema accepts`);
    }
    fail(spec, this.intKinds, args, parsed.error);
  }
}

/** The check of a wrapper: its guard, and its zod schema that `build` makes (given zod), compiled on first use. */
export function lazy<A extends unknown[]>(
  build: (zod: typeof Z) => Z.ZodType,
  guard: (...args: A) => boolean,
  spec: () => FunctionSpec,
  intKinds: readonly (IntKind | null)[],
): ArgCheck<A> {
  return new ArgCheck(build, guard, spec, intKinds);
}

// ---- C types: predicates, and the same predicates as zod types -------------------

function makeIntIs(k: IntKind): (v: unknown) => boolean {
  const l = INT_LIMITS[k];
  if (l.bits < 64) {
    const min = Number(l.min);
    const max = Number(l.max);
    return (v) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max && !Object.is(v, -0);
  }
  return (v) => (typeof v === 'number' ? Number.isSafeInteger(v) && !Object.is(v, -0) && (l.signed || v >= 0) : typeof v === 'bigint' && v >= l.min && v <= l.max);
}

/** Whether a value is a C integer of the kind: a safe integer number (or a bigint, for 64-bit types) within the type's range, not -0. */
export const isInt: { readonly [K in IntKind]: (v: unknown) => boolean } = {
  // Written out (not Object.fromEntries): V8 then knows each property's function and can inline it into a guard.
  i8: makeIntIs('i8'),
  u8: makeIntIs('u8'),
  i16: makeIntIs('i16'),
  u16: makeIntIs('u16'),
  i32: makeIntIs('i32'),
  u32: makeIntIs('u32'),
  i64: makeIntIs('i64'),
  u64: makeIntIs('u64'),
};

/** Whether a value is memory: an ArrayBufferView or ArrayBuffer that is not freed (a view of a detached buffer has length 0 and is caught by the length rules). */
export function isMemoryArg(v: unknown): boolean {
  return isMemory(v) && !isFreed(v);
}

/** Whether a value is a typed array of the class whose memory is not freed. */
export function isIntArray(v: unknown, ctor: abstract new (...a: never[]) => ArrayBufferView): boolean {
  return v instanceof ctor && !isFreed(v as Memory);
}

/** Whether a value is an instance of the struct class (its brand) whose memory is alive. */
export function isStruct(v: unknown, cls: abstract new (...a: never[]) => Struct): boolean {
  return v instanceof cls && v.lifetime.alive;
}

/** Whether a value is an instance of any of the classes, whose memory is alive. */
export function isStructOf(v: unknown, classes: readonly (abstract new (...a: never[]) => Struct)[]): boolean {
  return classes.some((c) => v instanceof c) && (v as Struct).lifetime.alive;
}

/** Whether a value is a string without NUL characters. */
export function isString(v: unknown): boolean {
  return typeof v === 'string' && !v.includes('\0');
}

/** Whether a value is a boolean. */
export function isBool(v: unknown): v is boolean {
  return typeof v === 'boolean';
}

/** Whether a value is an OutPointer. */
export function isOutPointer(v: unknown): boolean {
  return v instanceof OutPointer;
}

/** Whether a value is a PointerArray. */
export function isPointerArray(v: unknown): boolean {
  return v instanceof PointerArray;
}

function custom<T>(holds: (v: unknown) => boolean, nullable: boolean): Z.ZodType<T | null> {
  const s = zod().custom<T>(holds);
  return nullable ? s.nullable() : s;
}

type Int64Kind = 'i64' | 'u64';
/** A C integer, as a zod type (isInt). */
export function int(k: Int64Kind): Z.ZodType<number | bigint>;
export function int(k: Exclude<IntKind, Int64Kind>): Z.ZodType<number>;
export function int(k: IntKind): Z.ZodType<number | bigint> {
  return custom<number | bigint>(isInt[k], false) as Z.ZodType<number | bigint>;
}

/** A boolean, as a zod type. */
export function bool(): Z.ZodType<boolean> {
  return custom<boolean>(isBool, false) as Z.ZodType<boolean>;
}

/** A string without NUL characters, as a zod type (isString). */
export function string(nullable: true): Z.ZodType<string | null>;
export function string(nullable: false): Z.ZodType<string>;
export function string(nullable: boolean): Z.ZodType<string | null> {
  return custom<string>(isString, nullable);
}

/** Memory, as a zod type (isMemoryArg). */
export function memory(nullable: true): Z.ZodType<Memory | null>;
export function memory(nullable: false): Z.ZodType<Memory>;
export function memory(nullable: boolean): Z.ZodType<Memory | null> {
  return custom<Memory>(isMemoryArg, nullable);
}

/** A typed array of the C integer type, as a zod type (isIntArray). */
export function intArray<T extends ArrayBufferView>(ctor: abstract new (...a: never[]) => T, nullable: true): Z.ZodType<T | null>;
export function intArray<T extends ArrayBufferView>(ctor: abstract new (...a: never[]) => T, nullable: false): Z.ZodType<T>;
export function intArray<T extends ArrayBufferView>(ctor: abstract new (...a: never[]) => T, nullable: boolean): Z.ZodType<T | null> {
  return custom<T>((v) => isIntArray(v, ctor), nullable);
}

/** An instance of the struct class whose memory is alive, as a zod type (isStruct). */
export function struct<T extends Struct>(cls: abstract new (...a: never[]) => T, nullable: true): Z.ZodType<T | null>;
export function struct<T extends Struct>(cls: abstract new (...a: never[]) => T, nullable: false): Z.ZodType<T>;
export function struct<T extends Struct>(cls: abstract new (...a: never[]) => T, nullable: boolean): Z.ZodType<T | null> {
  return custom<T>((v) => isStruct(v, cls), nullable);
}

/** An instance of any of the classes (a sockaddr argument takes SockaddrIn, SockaddrIn6...) whose memory is alive, as a zod type (isStructOf). */
export function structOf<T extends Struct>(classes: readonly (abstract new (...a: never[]) => T)[], nullable: boolean): Z.ZodType<T | null> {
  return custom<T>((v) => isStructOf(v, classes), nullable);
}

/** An OutPointer, for struct X ** out-parameters, as a zod type. */
export function outPointer(): Z.ZodType<OutPointer<Struct>> {
  return custom<OutPointer<Struct>>(isOutPointer, false) as Z.ZodType<OutPointer<Struct>>;
}
/** A PointerArray, for struct X ** array out-parameters, as a zod type. */
export function pointerArray(): Z.ZodType<PointerArray<Struct>> {
  return custom<PointerArray<Struct>>(isPointerArray, false) as Z.ZodType<PointerArray<Struct>>;
}

// ---- preconditions ----------------------------------------------------------

/** A refinement for precondition `index` of the spec, reported on its parameter. */
export function precondition<T extends readonly unknown[]>(index: number, param: number, holds: (args: T) => boolean) {
  return (schema: Z.ZodType<T>) => schema.refine(holds, { params: { precondition: index }, path: [param] });
}

/** Whether the ring argument is in the state a function needs. */
export function ringIs(ring: unknown, state: 'live' | 'uninitialized'): boolean {
  if (!(ring instanceof Struct)) return false;
  const live = ringState(ring as RingLike).lifetime.alive;
  return state === 'live' ? live : !live;
}

// ---- failure path -----------------------------------------------------------

function typeRequirement(cType: string, kind: string): string {
  return kind ? `${cType} takes ${kind}` : `a value of C type ${cType}`;
}

/** Describe what a parameter's C type accepts, for type mismatch messages. */
export function typeHint(cType: string, int: IntKind | null): string {
  if (int) return describeInt(int, cType);
  if (/char\s*\*/.test(cType) && /const/.test(cType)) return typeRequirement(cType, 'a string without NUL characters');
  if (/struct (\w+)\s*\*\*/.test(cType)) return typeRequirement(cType, 'an OutPointer (or PointerArray) the call fills');
  const m = /struct (\w+)\s*\*/.exec(cType);
  if (m) return typeRequirement(cType, `an instance of the struct ${m[1]} class whose memory is alive (not freed, its ring not exited)`);
  if (/\*/.test(cType)) return typeRequirement(cType, 'memory: an ArrayBufferView or ArrayBuffer that is neither detached nor freed');
  if (cType === 'bool') return typeRequirement(cType, 'a boolean');
  return typeRequirement(cType, '');
}

function lifetimeOf(v: unknown): Lifetime | null {
  return v instanceof Struct ? v.lifetime : null;
}

/**
 * Turn a failed parse into the PreconditionError for the first broken
 * precondition (in parameter order), or a type error for the parameter.
 *
 * A refused call leaves nothing to run: an SQE among the arguments that is
 * handed out and not yet submitted becomes a NOP that completes with
 * -ECANCELED (keeping its user_data and link flags), and the memory held for
 * it is let go (runtime/holds/refused.ts).
 */
export function fail(spec: FunctionSpec, intKinds: readonly (IntKind | null)[], args: readonly unknown[], error: Z.ZodError): never {
  refusedCall(args);
  let first: Z.core.$ZodIssue | undefined;
  let firstParam = Infinity;
  for (const issue of error.issues) {
    const p = typeof issue.path[0] === 'number' ? issue.path[0] : Infinity;
    if (p < firstParam) {
      first = issue;
      firstParam = p;
    }
  }
  const idx = (first as { params?: { precondition?: number } } | undefined)?.params?.precondition;
  if (first && idx !== undefined) {
    const pre = spec.preconditions[idx]!;
    const value = args[pre.param];
    const extra = pre.explain?.(args as never) ?? {};
    throw new PreconditionError({
      functionName: spec.name,
      parameter: spec.params[pre.param]!,
      rule: pre.rule,
      seen: extra.seen ?? describeValue(value),
      requirement: pre.message,
      hint: extra.hint ?? '',
      cCode: pre.errno,
      source: pre.source,
    });
  }
  const p = Number.isFinite(firstParam) ? firstParam : 0;
  if (args.length !== spec.params.length && !Number.isFinite(firstParam)) {
    throw new TypeError(`${spec.name} takes ${spec.params.length} arguments (${spec.params.join(', ')}), got ${args.length}`);
  }
  const value = args[p];
  const life = lifetimeOf(value);
  const dead = life && !life.alive;
  const freed = isMemory(value) && isFreed(value);
  throw new PreconditionError({
    functionName: spec.name,
    parameter: spec.params[p]!,
    rule: dead || freed ? 'alive' : 'type',
    seen: describeValue(value) + (dead ? ` (${life!.reason})` : freed ? ` (${freedReason(value as Memory)})` : ''),
    requirement: typeHint(spec.types[p]!, intKinds[p] ?? null),
    hint: dead || freed ? 'Objects cannot be used once their memory is gone.' : '',
    errno: null,
    source: null,
  });
}

/** A negative result: UringError with the schema's explanation for that errno. */
export function uringError(spec: FunctionSpec, ret: number): UringError {
  const errno = -ret;
  // A refused io_uring_setup gets one message naming the cause and the fix.
  const refusal = spec.name === 'io_uring_setup' || spec.name.startsWith('io_uring_queue_init') ? explainRefusal(errno) : null;
  if (refusal) return new IoUringUnavailableError(spec.name, errno, refusal);
  return new UringError(spec.name, errno, spec.errors[errnoName(errno)] ?? null);
}

/** Why a ring is not in the state a function needs. */
export function explainRingState(ring: unknown): { seen?: string; hint?: string } {
  if (!(ring instanceof Struct)) return {};
  const s = ringState(ring as RingLike);
  return { seen: s.lifetime.alive ? 'a live ring' : `a ring that is not live: ${s.lifetime.reason}` };
}
