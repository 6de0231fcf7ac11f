/**
 * Fast encoders: for every prep helper with an `sqe` encoding, a function that
 * writes the same SQE bytes as liburing's inline helper, straight into a
 * DataView over the mapped submission ring. No FFI call, no check: the Ring
 * API validates its own inputs, and the differential tests prove the bytes
 * identical to liburing-ffi's.
 */
import { DATAVIEW, INT_LIMITS } from '../runtime/ctypes.js';
import type { LaidField } from './layout.js';
import type { Model, ModelFunction, ModelParam } from './model.js';


/** The encoder's parameters: the prep helper's, less the SQE it fills. */
export function encoderParams(f: ModelFunction): ModelParam[] {
  return f.params.filter((mp) => mp.role !== 'sqe');
}

function isPointer(mp: ModelParam): boolean {
  return ['memory', 'intArray', 'struct', 'string'].includes(mp.ct.kind);
}

function is64(mp: ModelParam): boolean {
  return mp.ct.kind === 'int' && INT_LIMITS[mp.ct.int].bits === 64;
}


/** `sqe.field` in a value is the field's current value (liburing's `sqe->ioprio |= FLAG`). */
function currentFields(expr: string, f: ModelFunction, model: Model, big: boolean): string {
  const sqe = model.structs.get('io_uring_sqe')!;
  return expr.replace(/\bsqe\.([a-z_0-9]+)\b/g, (_m, name: string) => {
    const fl = sqe.fields.find((x) => x.name === name && x.kind === 'int');
    if (!fl) throw new Error(`${f.file}: entry ${f.entry.name}: field sqe: sqe.${name}: io_uring_sqe has no integer field ${name}`);
    const bits = INT_LIMITS[fl.int!].bits;
    const read = `sqes.get${DATAVIEW[fl.int!]}(at + ${fl.offset}${bits === 8 ? '' : ', true'})`;
    return big && bits < 64 ? `BigInt(${read})` : read;
  });
}

/** Translate a value expression: arguments by name, constants by value; bigint arithmetic when anything is 64-bit. */
function translate(expr: string, f: ModelFunction, model: Model, big: boolean): string {
  const reads: string[] = [];
  // Set current-field reads aside so that their identifiers are not taken for arguments.
  const marked = currentFields(expr, f, model, big).replace(/sqes\.get\w+\(at \+ \d+(?:, true)?\)|BigInt\(sqes\.get\w+\(at \+ \d+(?:, true)?\)\)/g, (m) => `__read${reads.push(m) - 1}__`);
  return translateNames(marked, f, model, big).replace(/__read(\d+)__/g, (_m, i: string) => reads[Number(i)]!);
}

function translateNames(expr: string, f: ModelFunction, model: Model, big: boolean): string {
  return expr.replace(/\b([A-Za-z_][A-Za-z0-9_]*)\b|\b(0x[0-9a-fA-F]+|\d+)\b/g, (m, ident: string | undefined, lit: string | undefined) => {
    if (lit) return big ? `${lit}n` : lit;
    const mp = f.params.find((p) => p.p.name === ident);
    if (mp) {
      // A memory argument's address is a number (rt.addressNumber), a struct's a bigint (its .address).
      if (isPointer(mp)) return mp.ct.kind === 'struct' || !big ? `${ident}_a` : `BigInt(${ident}_a)`;
      return big && !is64(mp) ? `BigInt(${ident})` : big ? `BigInt(${ident})` : ident!;
    }
    const c = model.constants.byName.get(ident!);
    if (c) return big ? `${c.value}n` : typeof c.value === 'bigint' ? `${c.value}n` : String(c.value);
    if (ident === 'BigInt' || ident === 'Number' || /^__read\d+__$/.test(ident!)) return m;
    throw new Error(`${f.file}: entry ${f.entry.name}: field sqe: "${ident}" in "${expr}" is neither an argument nor a constant`);
  });
}

function needsBig(expr: string, f: ModelFunction, model: Model): boolean {
  // A 64-bit field's current value is read as a bigint.
  const sqe = model.structs.get('io_uring_sqe')!;
  for (const m of expr.matchAll(/\bsqe\.([a-z_0-9]+)\b/g)) {
    const fl = sqe.fields.find((x) => x.name === m[1] && x.kind === 'int');
    if (fl && INT_LIMITS[fl.int!].bits === 64) return true;
  }
  for (const m of expr.replace(/\bsqe\.[a-z_0-9]+\b/g, '0').matchAll(/\b([A-Za-z_][A-Za-z0-9_]*)\b/g)) {
    const mp = f.params.find((p) => p.p.name === m[1]);
    if (mp && (isPointer(mp) || is64(mp))) return true;
    const c = model.constants.byName.get(m[1]!);
    if (c && typeof c.value === 'bigint') return true;
  }
  return false;
}

function store(field: LaidField, expr: string, f: ModelFunction, model: Model): string {
  const bits = INT_LIMITS[field.int!].bits;
  const big = needsBig(expr, f, model);
  const le = bits === 8 ? '' : ', true';
  if (bits === 64) {
    // A 64-bit field is written as two 32-bit halves where the value is a number (no BigInt on the hot path), and the
    // stores are written out rather than calling rt.setU64: an encoder inlined into a checked wrapper then calls nothing.
    const at = field.offset;
    const note = comment(field.name, expr, model);
    const halves = (lo: string, hi: string) => [`sqes.setUint32(at + ${at}, ${lo}, true); // ${note}`, `sqes.setUint32(at + ${at + 4}, ${hi}, true);`].join('\n');
    if (!big) {
      const n = translate(expr, f, model, false);
      if (/^\d+$/.test(n) && Number(n) <= 0xffffffff) return halves(n, '0');
      return `rt.setU64(sqes, at + ${at}, ${n}); // ${note}`;
    }
    const only = f.params.find((p) => p.p.name === expr.trim());
    if (only && is64(only)) {
      const n = only.p.name;
      // Math.floor: a negative number (-1, say) is stored modulo 2^64, as C's conversion to __u64 does.
      const inner = halves(`${n} >>> 0`, `Math.floor(${n} / 4294967296) >>> 0`).replace(/^/gm, '  ');
      return `if (typeof ${n} === 'number') {\n${inner}\n} else rt.setBigU64(sqes, at + ${at}, ${n});`;
    }
    // An address from rt.addressNumber is below 2^53 and never negative: the division's integer part is the high half.
    if (only && isPointer(only) && only.ct.kind !== 'struct') return halves(`${only.p.name}_a >>> 0`, `${only.p.name}_a / 4294967296`);
    if (only && isPointer(only)) return `rt.setBigU64(sqes, at + ${at}, ${only.p.name}_a); // ${note}`;
    return `rt.setBigU64(sqes, at + ${at}, ${translate(expr, f, model, true)}); // ${note}`;
  }
  const e = translate(expr, f, model, big);
  const value = big ? `Number(BigInt.as${INT_LIMITS[field.int!].signed ? 'Int' : 'Uint'}N(${bits}, ${e}))` : e;
  return `sqes.set${DATAVIEW[field.int!]}(at + ${field.offset}, ${value}${le}); // ${comment(field.name, expr, model)}`;
}

/** The statements of the encoder's body. */
export function encoderBody(f: ModelFunction, model: Model): string[] {
  const enc = f.entry.sqe!;
  const sqe = model.structs.get('io_uring_sqe')!;
  const field = (name: string): LaidField => {
    const fl = sqe.fields.find((x) => x.name === name);
    if (!fl || fl.kind !== 'int' || fl.count !== 1) throw new Error(`${f.file}: entry ${f.entry.name}: field sqe: io_uring_sqe has no integer field ${name}`);
    return fl;
  };
  const lines: string[] = [];
  for (const mp of encoderParams(f)) {
    if (!isPointer(mp)) continue;
    const n = mp.p.name;
    if (mp.ct.kind === 'struct') lines.push(`const ${n}_a = ${mp.p.nullable ? `${n} === null ? 0n : ` : ''}${n}.address;`);
    else lines.push(`const ${n}_a = ${mp.p.nullable ? `${n} === null ? 0 : ` : ''}rt.addressNumber(${n});`);
  }
  const assignments: [string, string][] = [];
  if (enc.rw) {
    assignments.push(['opcode', enc.rw.op], ['fd', enc.rw.fd], ['off', enc.rw.off], ['addr', enc.rw.addr], ['len', enc.rw.len]);
  }
  assignments.push(...enc.set);
  for (const [name, expr] of assignments) lines.push(store(field(name), expr, f, model));
  return lines;
}

/** The encoder line's comment: the field, and a constant's name with its value (`opcode = IORING_OP_READ (22)`). */
function comment(field: string, expr: string, model: Model): string {
  const c = model.constants.byName.get(expr.trim());
  return c ? `${field} = ${c.name} (${c.value})` : field;
}
