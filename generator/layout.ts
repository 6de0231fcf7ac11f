/**
 * C struct layout from a schema struct entry: each member's offset, and the
 * struct's size and alignment, with the x86-64/aarch64 System V rules
 * (natural alignment, unions overlap, tail padding to the alignment). The ABI
 * test compiles offsetof/sizeof against the real headers to prove them.
 */
import { classify, INT_LIMITS } from '../runtime/ctypes.js';
import type { FieldInput, StructEntry } from '../schema/language.js';

export interface LaidField {
  /** The C member name (unions and anonymous structs are flattened, as C allows). */
  name: string;
  cType: string;
  offset: number;
  size: number;
  /** Array length for `type name[count]`, else 1. */
  count: number;
  kind: 'int' | 'pointer' | 'struct';
  int?: keyof typeof INT_LIMITS;
  /** For nested structs: the struct's C tag. */
  struct?: string;
  doc?: string;
  /** The liburing version whose headers first declare the member so (liburing structs), when later than the struct's. */
  since?: string;
  /** The Linux version whose uapi headers first declare it so (uapi structs). */
  kernel?: string;
}

export interface LaidStruct {
  entry: StructEntry;
  size: number;
  align: number;
  fields: LaidField[];
  flexible?: { name: string; offset: number; struct?: string; int?: keyof typeof INT_LIMITS; elemSize: number; max: number; cType: string; since?: string };
}

export type StructLookup = (tag: string) => LaidStruct;

function typeInfo(cType: string, lookup: StructLookup): { size: number; align: number; kind: LaidField['kind']; int?: LaidField['int']; struct?: string } {
  if (cType.includes('*')) return { size: 8, align: 8, kind: 'pointer' };
  const m = /^struct (\w+)$/.exec(cType.trim());
  if (m) {
    const s = lookup(m[1]!);
    return { size: s.size, align: s.align, kind: 'struct', struct: m[1]! };
  }
  const t = classify(cType);
  if (t.kind !== 'int') throw new Error(`struct member type ${cType} is not an integer, pointer or struct`);
  const bytes = INT_LIMITS[t.int].bits / 8;
  return { size: bytes, align: bytes, kind: 'int', int: t.int };
}

const roundup = (n: number, a: number) => Math.ceil(n / a) * a;

/** Lay out members starting at `base`; returns the end offset and alignment. */
function layMembers(members: FieldInput[], base: number, isUnion: boolean, out: LaidField[], lookup: StructLookup, packed = false): { end: number; align: number } {
  let offset = base;
  let end = base;
  let align = 1;
  for (const m of members) {
    if ('union' in m || 'struct' in m) {
      const inner = 'union' in m ? m.union : m.struct;
      // An aggregate's alignment is its members' largest; lay out once to learn it.
      const probe = layMembers(inner, 0, 'union' in m, [], lookup, packed);
      const a = packed ? 1 : probe.align;
      const start = isUnion ? base : roundup(offset, a);
      const r = layMembers(inner, start, 'union' in m, out, lookup, packed);
      const size = roundup(r.end - start, a);
      align = Math.max(align, a);
      if (isUnion) end = Math.max(end, start + size);
      else offset = end = start + size;
      continue;
    }
    const info = typeInfo(m.type, lookup);
    if (packed) info.align = 1;
    const count = m.count ?? 1;
    const start = isUnion ? base : roundup(offset, info.align);
    out.push({ name: m.name, cType: m.type, offset: start, size: info.size, count, kind: info.kind, int: info.int, struct: info.struct, doc: m.doc, since: m.since, kernel: m.kernel });
    align = Math.max(align, info.align);
    if (isUnion) end = Math.max(end, start + info.size * count);
    else offset = end = start + info.size * count;
  }
  return { end, align };
}

export function layOut(entry: StructEntry, lookup: StructLookup): LaidStruct {
  const fields: LaidField[] = [];
  const packed = entry.packed ?? false;
  const r = layMembers(entry.fields, 0, false, fields, lookup, packed);
  let align = Math.max(r.align, entry.align ?? 1);
  let flexible: LaidStruct['flexible'];
  if (entry.flexible) {
    const info = typeInfo(entry.flexible.type, lookup);
    if (packed) info.align = 1;
    align = Math.max(align, info.align);
    flexible = { name: entry.flexible.name, offset: entry.flexible.overlay ? 0 : roundup(r.end, info.align), struct: info.struct, int: info.int, elemSize: info.size, max: entry.flexible.max, cType: entry.flexible.type, since: entry.flexible.since };
  }
  return { entry, size: roundup(r.end, align), align, fields, flexible };
}
