/**
 * How a checked wrapper does its work once the arguments are checked: with
 * the function's SQE encoding (prep helpers and SQE setters), with its `js`
 * implementation over the ring primitives (runtime/ring-primitives.ts), or by
 * calling C. liburing.h's inline helpers all run in JavaScript, unless the
 * entry says why not (`viaFfi`).
 */
import type { FunctionEntry } from '../../schema/language.js';
import * as primitives from '../../runtime/ring-primitives.js';
import type { Constants } from './constants.js';
import type { ModelParam } from './params.js';

export type ModelImplementation =
  /** encode_<name>(rt.structView(sqe), 0, ...): the SQE encoding, into the SQE's own bytes. */
  | { kind: 'encoder' }
  /** `expr` (translated: primitives as rt.inline.*, constants by value), using the struct classes in `classes`. */
  | { kind: 'js'; expr: string; classes: string[]; source: string }
  /** The C function, through the FFI; `reason` says why an inline helper is not in JavaScript. */
  | { kind: 'ffi'; reason: string | null };

/** The primitives a `js` implementation may call. */
export const PRIMITIVES: ReadonlySet<string> = new Set(Object.keys(primitives).filter((k) => typeof (primitives as Record<string, unknown>)[k] === 'function'));

export interface ImplementationContext {
  entry: FunctionEntry;
  params: ModelParam[];
  constants: Constants;
  /** Every struct class name, for primitives that make views (getSqe(ring, IoUringSqe)). */
  classes: ReadonlySet<string>;
  where: string;
}

/**
 * Translate a `js` expression: arguments stay, constants become their values,
 * primitives become rt.inline.<name>, struct classes are imported. Member names
 * (after a dot) and string literals are left alone.
 */
function translate(ctx: ImplementationContext, expr: string): { expr: string; classes: string[] } {
  const classes = new Set<string>();
  const params = new Set(ctx.params.map((mp) => mp.p.name));
  const out = expr.replace(/'(?:[^'\\]|\\.)*'|(?<![\w$.])([A-Za-z_$][\w$]*)/g, (m, ident: string | undefined) => {
    if (ident === undefined) return m;
    if (params.has(ident)) return ident;
    if (['null', 'true', 'false', 'undefined', 'Number', 'BigInt', 'Math'].includes(ident)) return ident;
    const c = ctx.constants.byName.get(ident);
    if (c) return typeof c.value === 'bigint' ? `${c.value}n` : String(c.value);
    if (PRIMITIVES.has(ident)) return `rt.inline.${ident}`;
    if (ctx.classes.has(ident)) {
      classes.add(ident);
      return ident;
    }
    throw new Error(`${ctx.where}: field js: "${ident}" in "${expr}" is neither an argument, a constant, a struct class nor a primitive of runtime/ring-primitives.ts`);
  });
  return { expr: out, classes: [...classes].sort() };
}

export function resolveImplementation(ctx: ImplementationContext): ModelImplementation {
  const e = ctx.entry;
  const given = [e.sqe && 'sqe', e.js && 'js', e.viaFfi && 'viaFfi'].filter(Boolean);
  if (given.length > 1) throw new Error(`${ctx.where}: fields ${given.join(' and ')}: give one way the wrapper runs`);
  if (e.sqe) {
    if (!ctx.params.some((mp) => mp.role === 'sqe')) throw new Error(`${ctx.where}: field sqe: the function has no struct io_uring_sqe * parameter to encode into`);
    return { kind: 'encoder' };
  }
  if (e.js) return { kind: 'js', source: e.js, ...translate(ctx, e.js) };
  if (e.inline && !e.viaFfi) {
    throw new Error(`${ctx.where}: field inline: liburing.h defines ${e.name} inline, so its wrapper runs it in JavaScript: give its \`sqe\` encoding or its \`js\` implementation, or \`viaFfi\` with the reason it calls C`);
  }
  return { kind: 'ffi', reason: e.viaFfi ?? null };
}
