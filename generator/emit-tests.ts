/**
 * One test file per wrapper: (a) the documented effect of a valid call, from
 * the entry's test.effect; (b) each precondition broken, expecting a
 * PreconditionError naming the parameter and rule; (c) where the schema says
 * it is safe, the same arguments passed to the unchecked C call, expecting the
 * errno the schema records (in the return value, or in the completion).
 */
import { existsSync } from 'node:fs';
import { Project } from 'ts-morph';
import type { Model, ModelFunction } from './model.js';
import { finish, indent, newProject, q, type EmitOptions, type OutFile } from './emit-common.js';
import { defaultViolation } from './rules.js';
import { INT_LIMITS } from '../runtime/ctypes.js';
import { preconditionsOf } from './emit-functions.js';

/** Names exported by a module, read statically (the module may import generated code that does not exist yet). */
function exportedNames(path: string): string[] {
  const project = new Project({ skipAddingFilesFromTsConfig: true });
  // In an installed package only the compiled .d.ts files are there.
  const sf = project.addSourceFileAtPath(existsSync(path) ? path : path.replace(/\.ts$/, '.d.ts'));
  return [...sf.getExportedDeclarations().keys()].filter((n) => n !== 'default').sort();
}

export interface TestScope {
  /** Module specifier to name list: what test code may use without importing. */
  modules: { from: string; names: string[] }[];
}

export function testScope(model: Model, opts: EmitOptions, runtimeDir: string): TestScope {
  const generated = [
    ...model.functions.map((f) => f.entry.name),
    ...[...model.structs.values()].map((s) => s.entry.className),
    ...model.schema.constants.flatMap((g) => [g.entry.group, ...g.entry.values.map((v) => v.name)]),
  ];
  return {
    modules: [
      { from: '../index.js', names: generated },
      { from: opts.runtime(1), names: exportedNames(`${runtimeDir}/index.ts`) },
      { from: opts.testing(1), names: exportedNames(`${runtimeDir}/testing.ts`) },
      { from: opts.fuzz(1), names: exportedNames(`${runtimeDir}/fuzz.ts`) },
    ],
  };
}

function usedNames(code: string, names: string[]): string[] {
  return names.filter((n) => {
    const name = n.replace(/\$/g, '\\$');
    // A name the test code declares itself (const libc = ...) is its own, not an import.
    if (new RegExp(`\\b(?:const|let|var|function|class)\\s+${name}(?![\\w$])`).test(code)) return false;
    return new RegExp(`(?<![.\\w$])${name}(?![\\w$])`).test(code);
  });
}

/** A fast-check arbitrary for an argument of the encoder, from its C type. */
function arbitrary(mp: ModelFunction['params'][number], model: Model): string {
  const ct = mp.ct;
  const orNull = (a: string) => (mp.p.nullable ? `fc.option(${a}, { nil: null })` : a);
  switch (ct.kind) {
    case 'int': {
      const l = INT_LIMITS[ct.int];
      if (l.bits < 64) return `fc.integer({ min: ${l.min}, max: ${l.max} })`;
      return `fc.oneof(fc.bigInt({ min: ${l.min}n, max: ${l.max}n }), fc.maxSafeNat()${l.signed ? ', fc.integer({ min: -1000, max: -1 })' : ''})`;
    }
    case 'bool': return 'fc.boolean()';
    case 'memory':
    case 'string': return orNull('fc.integer({ min: 0, max: 64 }).map((n) => new Uint8Array(n + 1))');
    case 'intArray': return orNull(`fc.integer({ min: 1, max: 8 }).map((n) => new ${TYPED_ARRAY[ct.int]}(n))`);
    case 'struct': return orNull(`fc.constant(null).map(() => new ${model.classOf(ct.struct)}())`);
    default: throw new Error(`${mp.p.name}: no arbitrary for ${ct.kind}`);
  }
}

const TYPED_ARRAY: Record<string, string> = {
  i8: 'Int8Array', u8: 'Uint8Array', i16: 'Int16Array', u16: 'Uint16Array', i32: 'Int32Array', u32: 'Uint32Array', i64: 'BigInt64Array', u64: 'BigUint64Array',
};

/**
 * The fast encoder against liburing-ffi's own prep helper: both start from the
 * same random SQE bytes and get the same random arguments; all 64 bytes must match.
 */
function differentialTest(f: ModelFunction, model: Model): string {
  const e = f.entry;
  const sqeIndex = f.params.findIndex((mp) => mp.ct.kind === 'struct' && mp.ct.struct === 'io_uring_sqe');
  const others = f.params.filter((_, i) => i !== sqeIndex);
  const names = others.map((mp) => mp.p.name);
  // Fields that hold a C string's address differ between the two calls (each makes its own copy of the string).
  const sqeLayout = model.structs.get('io_uring_sqe')!;
  const assigned: [string, string][] = [
    ...(e.sqe!.rw ? ([['off', e.sqe!.rw.off], ['addr', e.sqe!.rw.addr]] as [string, string][]) : []),
    ...e.sqe!.set,
  ];
  const masked = assigned
    .filter(([, expr]) => others.some((mp) => mp.ct.kind === 'string' && mp.p.name === expr.trim()))
    .map(([field]) => sqeLayout.fields.find((x) => x.name === field)!)
    .map((fl) => `      viaC.bytes.fill(0, ${fl.offset}, ${fl.offset + fl.size});\n      viaJs.bytes.fill(0, ${fl.offset}, ${fl.offset + fl.size});`);
  return [
    `test('the fast encoder writes the same 64 bytes as liburing\\'s ${e.name}', () => {`,
    `  fc.assert(`,
    `    fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), ${others.map((mp) => arbitrary(mp, model)).join(', ')}${others.length ? ', ' : ''}(garbage${names.length ? ', ' + names.join(', ') : ''}) => {`,
    `      const viaC = new IoUringSqe();`,
    `      viaC.bytes.set(garbage);`,
    `      const viaJs = new IoUringSqe();`,
    `      viaJs.bytes.set(garbage);`,
    ...others.filter((mp) => mp.ct.kind === 'string').map((mp) => (mp.p.nullable ? `      const ${mp.p.name}_s = ${mp.p.name} === null ? null : 'p' + ${mp.p.name}.length;` : `      const ${mp.p.name}_s = 'p' + ${mp.p.name}.length;`)),
    `      unchecked_${e.name}(${f.params.map((mp, i) => (i === sqeIndex ? 'viaC' : mp.ct.kind === 'string' ? `${mp.p.name}_s as string` : mp.p.name)).join(', ')});`,
    ...others.filter((mp) => mp.ct.kind === 'string').map((mp) => (mp.p.nullable ? `      const ${mp.p.name}_b = ${mp.p.name}_s === null ? null : cString(${mp.p.name}_s);` : `      const ${mp.p.name}_b = cString(${mp.p.name}_s);`)),
    `      encode_${e.name}(new DataView(viaJs.bytes.buffer, viaJs.bytes.byteOffset, 64), 0${others.map((mp) => (mp.ct.kind === 'string' ? `, ${mp.p.name}_b` : `, ${mp.p.name}`)).join('')});`,
    ...(masked.length ? ['      // C strings are copied by each call, so their addresses differ; compare everything else.', ...masked] : []),
    `      expect(Buffer.from(viaJs.bytes).toString('hex')).toBe(Buffer.from(viaC.bytes).toString('hex'));`,
    `    }),`,
    `    { numRuns: 200 },`,
    `  );`,
    `});`,
  ].join('\n');
}

/** The world's arbitrary for one parameter, valid values guided by its preconditions. */
function fuzzArbitrary(mp: ModelFunction['params'][number], model: Model): string {
  const ct = mp.ct;
  const n = mp.p.nullable;
  switch (ct.kind) {
    case 'int': {
      const valid: string[] = [];
      for (const pre of mp.p.preconditions) {
        const r = pre.rule;
        if (r.kind === 'range' && r.min !== undefined && r.max !== undefined && INT_LIMITS[ct.int].bits < 64) valid.push(`fc.integer({ min: ${r.min}, max: ${r.max} })`);
        if (r.kind === 'fd') valid.push('fc.constantFrom(...world.fds)');
        if (r.kind === 'flags' && !r.field && INT_LIMITS[ct.int].bits <= 32) {
          let m = 0n;
          for (const name of r.allowed) m |= BigInt(model.constants.get(name)?.value ?? 0);
          valid.push(`fc.nat().map((v) => (v & ${m}) >>> 0)`);
        }
      }
      return `world.int(${q(ct.int)}${valid.length ? `, fc.oneof(${valid.join(', ')})` : ''})`;
    }
    case 'bool': return 'world.bool()';
    case 'string': return `world.string(${n})`;
    case 'memory': return `world.memory(${n}, ${mp.p.preconditions.some((x) => x.rule.kind === 'pageAligned')})`;
    case 'intArray': return `world.intArray(${TYPED_ARRAY[ct.int]}, ${n})`;
    case 'struct':
      if (ct.struct === 'io_uring' && mp.p.state === 'uninitialized') return 'world.freshRing()';
      return `world.struct(${model.classOf(ct.struct)}, ${n})`;
    case 'structOut': return `world.outPointer(${Boolean(mp.p.lengthFrom)})`;
    default: throw new Error(`${mp.p.name}: no fuzz arbitrary for ${ct.kind}`);
  }
}

/**
 * 1000 calls with arguments drawn from valid and hostile values: each must
 * return or throw PreconditionError, UringError, UnsupportedError or
 * TypeError. A crash fails the test file (its worker dies).
 */
function propertyTest(f: ModelFunction, model: Model): string {
  const e = f.entry;
  const names = f.params.map((_, i) => `a${i}`);
  const lines = [
    `test('calls with valid and hostile arguments (1000, or FUZZ_RUNS) return or throw a typed error', () => {`,
    `  const world = new FuzzWorld();`,
    `  try {`,
    `    fc.assert(`,
    `      fc.property(${[...(f.params.length ? f.params.map((mp) => fuzzArbitrary(mp, model)) : ['fc.constant(0)']), `(${names.join(', ')}) => {`].join(', ')}`,
    ...(e.mayBlock && names.length ? [`        // ${e.name} can wait forever: only arguments refused before C.`, `        fc.pre(${names.map((a) => `${a}.hostile`).join(' || ')});`] : []),
    `        world.call(() => ${e.name}(${names.map((a) => `${a}.value as never`).join(', ')})${e.returns.newFd ? ', true' : ''});`,
    `      }),`,
    `      { numRuns: fuzzRuns() },`,
    `    );`,
    `  } finally {`,
    `    world.close();`,
    `  }`,
    `});`,
  ];
  return lines.join('\n');
}

export function emitTest(f: ModelFunction, model: Model, scope: TestScope): OutFile {
  const e = f.entry;
  const project = newProject();
  const file = project.createSourceFile(`${e.name}.test.ts`);
  const pres = preconditionsOf(f, model);
  const bodies: string[] = [];

  // (a) the documented effect
  const effectTitle = `${e.name}: ${e.summary.replace(/\.$/, '')}`;
  if (e.test.skip) {
    bodies.push(`test(${q(effectTitle)}, (ctx) => {\n  console.log(${q(`skipped ${e.name}: ${e.test.skip}`)});\n  ctx.skip();\n});`);
  } else {
    bodies.push(`test(${q(effectTitle)}, async () => {\n${indent(e.test.effect, '  ')}\n});`);
  }

  // (b) and (c): each precondition
  const preTests: string[] = [];
  // A function whose only argument is the ring needs no hand-written valid arguments.
  const onlyRing = f.params.length === 1 && f.params[0]!.ct.kind === 'struct' && (f.params[0]!.ct as { struct: string }).struct === 'io_uring';
  const validArgs = e.test.validArgs ?? (onlyRing ? `const ring = newRing(4);\nconst args = [ring] as Parameters<typeof ${e.name}>;` : undefined);
  const cleanup = e.test.cleanup ?? (onlyRing && !e.test.validArgs ? 'exitQuietly(ring);' : undefined);
  pres.forEach((p) => {
    const mp = p.param;
    const schemaPre = mp.p.preconditions.find((x) => x.message === p.pre.message);
    let violation: { args?: Record<string, string>; before?: string; raw?: unknown } | string;
    if (p.rule === 'arrayLength') {
      violation = { args: { [mp.p.name]: `new PointerArray(1)` }, raw: { unsafe: 'C would write past the array' } };
    } else if (p.rule === 'ringState') {
      if (mp.p.state !== 'live') return; // a live ring is the valid case's own business
      violation = { args: { [mp.p.name]: 'new IoUring()' }, raw: { unsafe: 'liburing would use a zeroed struct io_uring (fd 0)' } };
    } else {
      violation = schemaPre?.violation ?? defaultViolation(schemaPre!.rule, { value: mp.p.name, index: mp.index, constant: (n) => model.constants.get(n)!.value, param: mp.p.name });
    }
    if (typeof violation === 'string') throw new Error(`${f.file}: entry ${e.name}: params.${mp.p.name}: ${violation}`);
    if (!validArgs && p.rule === 'ringState') return; // proven once by test/lifetimes.test.ts
    if (!validArgs) throw new Error(`${f.file}: entry ${e.name}: field test.validArgs: needed to test the preconditions (declare \`args\`, a valid argument tuple)`);
    const raw = (violation as { raw?: unknown }).raw ?? 'safe';
    const body: string[] = [];
    body.push('const bad: unknown[] = [...args];');
    for (const [name, expr] of Object.entries(violation.args ?? {})) {
      const i = f.params.findIndex((x) => x.p.name === name);
      if (i < 0) throw new Error(`${f.file}: entry ${e.name}: a violation replaces ${name}, which is not a parameter`);
      body.push(`bad[${i}] = ${expr};`);
    }
    if (violation.before) body.push(indent(violation.before, ''));
    const errno = p.pre.errno;
    const where = schemaPre?.reportedIn ?? 'return';
    // The raw call after a refused one on a ring's SQE: the refused call made the SQE a NOP (runtime/holds/refused.ts),
    // so the raw call gets the SQE back as the refused call found it.
    const sqeIndex = f.params.findIndex((x) => x.ct.kind === 'struct' && x.ct.struct === 'io_uring_sqe');
    const restoreSqe = errno && raw === 'safe' && where === 'cqe' && sqeIndex >= 0;
    if (restoreSqe) body.push(`const sqeBytes = (args[${sqeIndex}] as IoUringSqe).bytes.slice();`);
    body.push(`const error = catchError(() => ${e.name}(...(bad as Parameters<typeof ${e.name}>)));`);
    body.push('expect(error).toBeInstanceOf(PreconditionError);');
    body.push(`expect(error).toMatchObject({ functionName: ${q(e.name)}, parameter: ${q(mp.p.name)}, rule: ${q(p.rule)} });`);
    if (restoreSqe) {
      body.push('// A refused call leaves nothing to run: the SQE is a NOP completing with -ECANCELED.');
      body.push(`expect((args[${sqeIndex}] as IoUringSqe).opcode).toBe(IORING_OP_NOP);`);
      body.push(`(args[${sqeIndex}] as IoUringSqe).bytes.set(sqeBytes);`);
    }
    let rawNote = '';
    if (errno && raw === 'safe') {
      if (where === 'return') {
        body.push('// C itself refuses the same arguments:');
        body.push(`expect(Number(unchecked_${e.name}(...(bad as Parameters<typeof ${e.name}>)))).toBe(-errnoNumber(${q(errno)}));`);
      } else {
        body.push('// The kernel refuses the request: its completion carries the errno.');
        body.push(`unchecked_${e.name}(...(bad as Parameters<typeof ${e.name}>));`);
        body.push(`expect(await completeOne(ring)).toBe(-errnoNumber(${q(errno)}));`);
      }
      rawNote = `, and C gives -${errno}`;
    } else if (errno) {
      rawNote = ` (C's -${errno} is not exercised: ${(raw as { unsafe: string }).unsafe})`;
    } else {
      rawNote = ' (nothing in C checks it)';
    }
    const lines: string[] = [indent(validArgs, '')];
    if (cleanup) lines.push('try {', indent(body.join('\n'), '  '), '} finally {', indent(cleanup, '  '), '}');
    else lines.push(...body);
    const same = pres.filter((x) => x.param === mp && x.rule === p.rule);
    const nth = same.length > 1 ? ` #${same.indexOf(p) + 1}` : '';
    const title = `${mp.p.name}: ${p.rule}${nth} is checked before C is called${rawNote}`;
    preTests.push(`test(${q(title)}, async () => {\n${indent(lines.join('\n'), '  ')}\n});`);
  });
  if (preTests.length) bodies.push(`describe('preconditions', () => {\n${preTests.map((t) => indent(t, '  ')).join('\n\n')}\n});`);

  if (e.sqe) bodies.push(differentialTest(f, model));
  bodies.push(propertyTest(f, model));

  const all = bodies.join('\n\n');
  file.addImportDeclaration({ moduleSpecifier: 'vitest', namedImports: ['describe', ...usedNames(all, ['expect', 'test', 'vi'])] });
  const importedAlready = new Set<string>();
  for (const m of scope.modules) {
    const names = usedNames(all, m.names).filter((n) => !importedAlready.has(n));
    names.forEach((n) => importedAlready.add(n));
    if (names.length) file.addImportDeclaration({ moduleSpecifier: m.from, namedImports: names });
  }
  const own = [`unchecked_${e.name}`, `encode_${e.name}`].filter((n) => all.includes(n));
  if (own.length) file.addImportDeclaration({ moduleSpecifier: `../functions/${e.name}.js`, namedImports: own });
  if (all.includes('fc.')) file.addImportDeclaration({ moduleSpecifier: 'fast-check', defaultImport: 'fc' });
  file.addStatements(`describe(${q(e.name)}, () => {\n${indent(all, '  ')}\n});`);
  return { path: `tests/${e.name}.test.ts`, text: finish(file, [f.file]) };
}
