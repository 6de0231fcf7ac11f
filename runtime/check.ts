/**
 * Argument checking for the generated wrappers. Each wrapper compiles one zod
 * schema (z.compile) for its argument tuple: the C types as zod types, and
 * each precondition as a refinement tagged with its index in the wrapper's
 * spec. A valid call costs one compiled parse; only a failing call pays for
 * turning the first issue into a PreconditionError with a hint.
 */
import * as z from 'zod';
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

// ---- a wrapper's check, compiled on first use ----------------------------------

/**
 * A wrapper's argument check: the zod schema is built and compiled
 * (z.compile) the first time the wrapper is called, so importing the package
 * compiles nothing. A valid call costs one compiled validation (no parse
 * result is built); a refused one parses again to find the first broken rule.
 */
export class ArgCheck {
  private schema: z.ZodType | null = null;

  constructor(private readonly build: (zod: typeof z) => z.ZodType) {}

  private compiled(): z.ZodType {
    // strict: a check zod cannot compile fails loudly instead of silently running the slow interpreter.
    return (this.schema ??= z.compile(this.build(z), { strict: true }));
  }

  /** Whether the arguments pass every type and precondition check. */
  valid(args: readonly unknown[]): boolean {
    return (this.schema ?? this.compiled()).validate(args);
  }

  /** The arguments were refused: throw the PreconditionError (or TypeError) for the first broken rule. */
  refuse(spec: FunctionSpec, intKinds: readonly (IntKind | null)[], args: readonly unknown[]): never {
    const parsed = this.compiled().safeParse(args);
    if (parsed.success) throw new Error(`liburing-ts: ${spec.name}: its compiled check refused arguments its parse accepts`);
    fail(spec, intKinds, args, parsed.error);
  }
}

/** The check of a wrapper whose zod schema `build` makes (given zod), compiled on first use. */
export function lazy(build: (zod: typeof z) => z.ZodType): ArgCheck {
  return new ArgCheck(build);
}

// ---- C types as zod types --------------------------------------------------

const intSchemas = new Map<IntKind, z.ZodType>();

type Int64Kind = 'i64' | 'u64';
/** A C integer: a safe integer number (or a bigint, for 64-bit types) within the type's range. */
export function int(k: Int64Kind): z.ZodType<number | bigint>;
export function int(k: Exclude<IntKind, Int64Kind>): z.ZodType<number>;
export function int(k: IntKind): z.ZodType<number | bigint> {
  let s = intSchemas.get(k) as z.ZodType<number | bigint> | undefined;
  if (s) return s;
  const l = INT_LIMITS[k];
  if (l.bits < 64) {
    s = z.number().int().min(Number(l.min)).max(Number(l.max)).refine((v) => !Object.is(v, -0));
  } else {
    s = z.union([
      z.number().refine((v) => Number.isSafeInteger(v) && !Object.is(v, -0) && (l.signed || v >= 0)),
      z.bigint().min(l.min).max(l.max),
    ]);
  }
  intSchemas.set(k, s);
  return s;
}

export const bool: z.ZodType<boolean> = z.boolean();
export const string: z.ZodType<string> = z.string().refine((s) => !s.includes('\0'));

/** Memory: an ArrayBufferView or ArrayBuffer that is not freed. */
export function memory(nullable: true): z.ZodType<Memory | null>;
export function memory(nullable: false): z.ZodType<Memory>;
export function memory(nullable: boolean): z.ZodType<Memory | null> {
  const m = z.custom<Memory>((v) => isMemory(v) && memoryUsable(v));
  return nullable ? m.nullable() : m;
}

function memoryUsable(v: Memory): boolean {
  // A view of a detached buffer has length 0 and is caught by the length rules.
  return !isFreed(v);
}

/** A typed array of the C integer type. */
export function intArray<T extends ArrayBufferView>(ctor: abstract new (...a: never[]) => T, nullable: true): z.ZodType<T | null>;
export function intArray<T extends ArrayBufferView>(ctor: abstract new (...a: never[]) => T, nullable: false): z.ZodType<T>;
export function intArray<T extends ArrayBufferView>(ctor: abstract new (...a: never[]) => T, nullable: boolean): z.ZodType<T | null> {
  const m = z.custom<T>((v) => v instanceof ctor && memoryUsable(v as T));
  return nullable ? m.nullable() : m;
}

/** An instance of the struct class (its brand), whose memory is alive. */
export function struct<T extends Struct>(cls: abstract new (...a: never[]) => T, nullable: true): z.ZodType<T | null>;
export function struct<T extends Struct>(cls: abstract new (...a: never[]) => T, nullable: false): z.ZodType<T>;
export function struct<T extends Struct>(cls: abstract new (...a: never[]) => T, nullable: boolean): z.ZodType<T | null> {
  const s = z.custom<T>((v) => v instanceof cls && (v as T).lifetime.alive);
  return nullable ? s.nullable() : s;
}

/** An instance of any of the classes (a sockaddr argument takes SockaddrIn, SockaddrIn6...), whose memory is alive. */
export function structOf<T extends Struct>(classes: readonly (abstract new (...a: never[]) => T)[], nullable: boolean): z.ZodType<T | null> {
  const s = z.custom<T>((v) => classes.some((c) => v instanceof c) && (v as T).lifetime.alive);
  return nullable ? s.nullable() : (s as z.ZodType<T | null>);
}

/** An OutPointer, for struct X ** out-parameters. */
export const outPointer = z.custom<OutPointer<Struct>>((v) => v instanceof OutPointer);
/** A PointerArray, for struct X ** array out-parameters. */
export const pointerArray = z.custom<PointerArray<Struct>>((v) => v instanceof PointerArray);

// ---- preconditions ----------------------------------------------------------

/** A refinement for precondition `index` of the spec, reported on its parameter. */
export function precondition<T extends readonly unknown[]>(index: number, param: number, holds: (args: T) => boolean) {
  return (schema: z.ZodType<T>) => schema.refine(holds, { params: { precondition: index }, path: [param] });
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
export function fail(spec: FunctionSpec, intKinds: readonly (IntKind | null)[], args: readonly unknown[], error: z.ZodError): never {
  refusedCall(args);
  let first: z.core.$ZodIssue | undefined;
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
