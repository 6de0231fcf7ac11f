/** Struct classes: one class per schema struct, fields by their C names. */
import type { Model } from './model.js';
import type { LaidField, LaidStruct } from './layout.js';
import { doc, finish, newProject, q, type EmitOptions, type OutFile } from './emit-common.js';
import { Imports } from './imports.js';
import { DATAVIEW, INT_LIMITS, TYPED_ARRAY, type IntKind } from '../runtime/ctypes.js';

const DV = DATAVIEW;
const TYPED = TYPED_ARRAY;

/** DataView's little-endian argument: multi-byte integers are little-endian on every io_uring architecture liburing-ts runs on. */
function le(k: IntKind): string {
  return INT_LIMITS[k].bits === 8 ? '' : ', true';
}

/** " Since liburing 2.13." for a member newer than its struct (" Linux 6.16." for a uapi struct's). */
function memberVersion(f: { since?: string; kernel?: string }): string {
  return `${f.since ? ` Since liburing ${f.since}.` : ''}${f.kernel ? ` Since Linux ${f.kernel}.` : ''}`;
}

function fieldMembers(s: LaidStruct, f: LaidField, model: Model): string[] {
  const where = `${s.entry.name}.${f.name}`;
  const d = `/** ${f.name}: ${f.cType}${f.count > 1 ? `[${f.count}]` : ''} at offset ${f.offset}.${f.doc ? ' ' + doc(f.doc) : ''}${memberVersion(f)} */`;
  if (f.kind === 'struct') {
    const cls = model.classOf(f.struct!);
    if (f.count > 1) {
      return [d, `${f.name}(index: number): ${cls} {\n  Struct.checkIndex(index, ${f.count}, ${q(where)});\n  return ${cls}.at(this.live(), ${f.offset} + index * ${f.size}, this.address + BigInt(${f.offset} + index * ${f.size}), this.lifetime, this);\n}`];
    }
    return [d, `get ${f.name}(): ${cls} {\n  return ${cls}.at(this.live(), ${f.offset}, this.address + ${f.offset}n, this.lifetime, this);\n}`];
  }
  if (f.kind === 'pointer') {
    return [
      d,
      `get ${f.name}(): bigint {\n  return this.live().getBigUint64(${f.offset}, true);\n}`,
      `set ${f.name}(value: Memory | Struct | bigint | null) {\n  this.setPointer(${f.offset}, value);\n}`,
    ];
  }
  const k = f.int!;
  const big = INT_LIMITS[k].bits === 64;
  if (f.count > 1) {
    const T = TYPED[k];
    return [d, `get ${f.name}(): ${T} {\n  const dv = this.live();\n  return new ${T}(dv.buffer, dv.byteOffset + ${f.offset}, ${f.count});\n}`];
  }
  return [
    d,
    `get ${f.name}(): ${big ? 'bigint' : 'number'} {\n  return this.live().get${DV[k]}(${f.offset}${le(k)});\n}`,
    `set ${f.name}(value: ${big ? 'number | bigint' : 'number'}) {\n  this.live().set${DV[k]}(${f.offset}, fieldValue(${q(k)}, value, ${q(where)}) as ${big ? 'bigint' : 'number'}${le(k)});\n}`,
  ];
}

function flexibleMembers(s: LaidStruct, model: Model): string[] {
  const fl = s.flexible;
  if (!fl) return [];
  const where = `${s.entry.name}.${fl.name}`;
  const d = `/** ${fl.name}[]: ${fl.cType}, a trailing array of up to ${fl.max} (offset ${fl.offset}).${memberVersion(fl)} */`;
  if (fl.struct) {
    const cls = model.classOf(fl.struct);
    return [d, `${fl.name}(index: number): ${cls} {\n  const dv = this.live();\n  Struct.checkIndex(index, Math.floor((dv.byteLength - ${fl.offset}) / ${fl.elemSize}), ${q(where)});\n  return ${cls}.at(dv, ${fl.offset} + index * ${fl.elemSize}, this.address + BigInt(${fl.offset} + index * ${fl.elemSize}), this.lifetime, this);\n}`];
  }
  const k = fl.int!;
  const big = INT_LIMITS[k].bits === 64;
  return [d, `${fl.name}(index: number): ${big ? 'bigint' : 'number'} {\n  const dv = this.live();\n  Struct.checkIndex(index, Math.floor((dv.byteLength - ${fl.offset}) / ${fl.elemSize}), ${q(where)});\n  return dv.get${DV[k]}(${fl.offset} + index * ${fl.elemSize}${le(k)});\n}`];
}

export function emitStructs(model: Model, opts: EmitOptions): OutFile {
  const project = newProject();
  const file = project.createSourceFile('structs.ts');
  const imports = new Imports('structs.ts');
  const origin = new Map(model.schema.structs.map((x) => [x.entry.name, x]));
  // In a user's project, a built-in struct the user's schema leaves alone is the package's own class.
  const shared = opts.sharedStructs ? [...model.structs.values()].filter((s) => origin.get(s.entry.name)!.origin === 'builtin') : [];
  const own = [...model.structs.values()].filter((s) => !shared.includes(s));
  if (own.length) {
    imports.named(opts.runtime(0), 'Struct');
    imports.named(opts.runtime(0), 'fieldValue');
    if (own.some((s) => s.fields.some((f) => f.kind === 'pointer'))) imports.named(opts.runtime(0), 'Memory', true);
  }
  const sources: string[] = [];
  for (const s of own.sort((a, b) => (a.entry.className < b.entry.className ? -1 : 1))) {
    const e = s.entry;
    const cls = e.className;
    const alloc = s.flexible ? s.flexible.offset + s.flexible.elemSize * s.flexible.max : s.size;
    sources.push(origin.get(e.name)!.file);
    const members: string[] = [
      `/** The C struct's tag. */\nstatic readonly cName = ${q(e.name)};`,
      `/** sizeof(struct ${e.name}). */\nstatic readonly size = ${s.size};`,
      s.flexible
        ? `/** Bytes a struct takes with its trailing ${s.flexible.name}[] at its largest (${s.flexible.max}). */\nstatic readonly allocSize = ${alloc};`
        : `/** Bytes a struct takes. */\nstatic readonly allocSize = ${alloc};`,
      ...(s.flexible
        ? [`/** The trailing ${s.flexible.name}[]: where it starts, its element size, its largest length. */\nstatic readonly flexible = { offset: ${s.flexible.offset}, elemSize: ${s.flexible.elemSize}, max: ${s.flexible.max} };`]
        : []),
      // array(), borrow(), at() and item() come from Struct, which reads the statics above.
    ];
    // A member's JSDoc sits right above its first accessor.
    const attach = ([d, first, ...rest]: string[]) => (d === undefined ? [] : [`${d}\n${first}`, ...rest]);
    for (const f of s.fields) members.push(...attach(fieldMembers(s, f, model)));
    members.push(...attach(flexibleMembers(s, model)));
    file.addStatements((w) => {
      w.writeLine('/**');
      w.writeLine(` * ${doc(e.summary)}`);
      w.writeLine(' *');
      w.writeLine(` * C: \`${e.cType ?? 'struct ' + e.name}\` from <${e.header}>, ${s.size} bytes, aligned to ${s.align}.`);
      const versions = [e.since ? `liburing ${e.since}` : '', e.removed ? `removed from liburing ${e.removed}'s headers` : '', e.kernel ? `Linux ${e.kernel}` : ''].filter(Boolean);
      if (versions.length) w.writeLine(` * Since ${versions.join('; ')}.`);
      w.writeLine(' */');
      w.write(`export class ${cls} extends Struct`).block(() => {
        members.forEach((m, i) => {
          if (i) w.blankLine();
          w.write(m).newLine();
        });
      });
    });
  }
  if (shared.length) {
    const names = shared.map((s) => s.entry.className).sort();
    // Own classes may use shared ones (nested structs).
    const body = file.getFullText();
    for (const n of names) if (new RegExp(`\\b${n}\\b`).test(body)) imports.named(opts.sharedStructs!, n);
    file.addStatements(`/** The package's struct classes, shared so that its API, its test helpers and this binding accept the same objects. */\nexport { ${names.join(', ')} } from '${opts.sharedStructs}';`);
    sources.push(`schema/structs (of ${opts.sharedStructs})`);
  }
  return { path: 'structs.ts', text: finish(file, [...new Set(sources)].sort(), imports) };
}
