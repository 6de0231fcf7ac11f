/**
 * One test file per wrapper: (a) the documented effect of a valid call,
 * from the entry's test.effect; (b) each precondition broken, expecting a
 * PreconditionError naming the parameter and rule, and where it is safe the
 * same arguments passed to the unchecked C call, expecting the errno the
 * schema records; (c) for prep helpers, the encoder against liburing's bytes;
 * (d) a property test of valid and hostile calls. The C calls of (b) and (c)
 * are gated by the function's `since`: with an older liburing loaded, the
 * unchecked twin must throw UnsupportedError instead.
 */
import { relative } from 'node:path';
import { INT_LIMITS, TYPED_ARRAY } from '../runtime/ctypes.js';
import type { Model, ModelFunction, ModelParam, PreconditionTest } from './model.js';
import { finish, indent, newProject, q, type EmitOptions, type OutFile } from './emit-common.js';
import { Imports } from './imports.js';
import { encoderParams } from './emit-encoders.js';
// Read statically: the module may import generated code that does not exist yet.
import { exportedNames } from './exported-names.js';

/** Where each name test code may use comes from. */
export interface TestScope {
  /** The module a name is imported from in a generated test, and how. */
  resolve(name: string): { from: string; kind: 'named' | 'default' } | undefined;
  /** The module specifier for a type-only import from an absolute module path, if it is one the tests may use. */
  typeModule(abs: string): string | undefined;
}

export function testScope(model: Model, opts: EmitOptions, runtimeDir: string): TestScope {
  const modules: { from: string; abs: string; names: Set<string> }[] = [
    {
      from: '../index.js',
      abs: 'generated/index',
      names: new Set([
        ...model.functions.filter((f) => f.entryPoint === 'main').map((f) => f.entry.name),
        ...[...model.structs.values()].map((s) => s.entry.className),
        ...model.schema.constants.flatMap((g) => [g.entry.group, ...g.entry.values.map((v) => v.name)]),
      ]),
    },
    { from: '../libc.js', abs: 'generated/libc', names: new Set(model.functions.filter((f) => f.entryPoint === 'libc').map((f) => f.entry.name)) },
    { from: opts.runtime(1), abs: `${runtimeDir}/index`, names: new Set(exportedNames(`${runtimeDir}/index.ts`)) },
    { from: opts.testing(1), abs: `${runtimeDir}/testing`, names: new Set(exportedNames(`${runtimeDir}/testing.ts`)) },
    { from: opts.fuzz(1), abs: `${runtimeDir}/fuzz`, names: new Set(exportedNames(`${runtimeDir}/fuzz.ts`)) },
  ];
  const functions = new Set(model.functions.map((f) => f.entry.name));
  return {
    resolve(name) {
      if (name === 'expect' || name === 'vi') return { from: 'vitest', kind: 'named' };
      if (name === 'fc') return { from: 'fast-check', kind: 'default' };
      const own = /^(unchecked|encode|inline)_(.+)$/.exec(name);
      if (own && functions.has(own[2]!)) return { from: `../functions/${own[2]}.js`, kind: 'named' };
      const m = modules.find((x) => x.names.has(name));
      return m ? { from: m.from, kind: 'named' } : undefined;
    },
    typeModule(abs) {
      const rel = relative(process.cwd(), abs);
      return modules.find((m) => abs.endsWith(m.abs) || rel === m.abs)?.from;
    },
  };
}

/** Import one name the scaffolding of a generated test uses, from wherever the scope has it. */
function need(imports: Imports, scope: TestScope, name: string): void {
  importScope(imports, scope, [name], 'generator/emit-tests.ts');
}

function importScope(imports: Imports, scope: TestScope, names: Iterable<string>, where: string): void {
  for (const n of names) {
    const r = scope.resolve(n);
    if (!r) throw new Error(`${where}: test code uses ${n}, which no test module exports (generated/index, runtime, runtime/testing, runtime/fuzz, vitest's expect and vi, fast-check's fc)`);
    if (r.kind === 'default') imports.default(r.from, n);
    else imports.named(r.from, n);
  }
}

/**
 * The call to C of a function newer than the loaded liburing: the unchecked twin
 * must throw UnsupportedError naming the version it needs and the version loaded.
 */
function expectUnsupported(f: ModelFunction, call: string, imports: Imports, scope: TestScope): string {
  const gate = f.tests.gate!;
  need(imports, scope, 'catchError');
  need(imports, scope, 'liburingVersion');
  return `expect(catchError(() => ${call})).toMatchObject({ name: 'UnsupportedError', functionName: ${q(f.entry.name)}, needed: ${q(gate.since)}, loaded: liburingVersion() });`;
}

/** The condition under which the loaded liburing lacks the function (io_uring_check_version is true when the loaded one is older). */
function lacks(f: ModelFunction, imports: Imports, scope: TestScope): string {
  const gate = f.tests.gate!;
  need(imports, scope, 'io_uring_check_version');
  return `io_uring_check_version(${gate.major}, ${gate.minor})`;
}

/** A fast-check arbitrary for an argument of the encoder, from its C type. */
function arbitrary(mp: ModelParam, model: Model): string {
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

/**
 * For a function newer than the oldest liburing the package loads: the first
 * lines of a test that calls C, which skip it (saying why) where the loaded
 * liburing lacks the function.
 */
function versionGate(f: ModelFunction, imports: Imports, scope: TestScope): string[] {
  // The model decides the gate once (f.tests.gate); this only prints it.
  const gate = f.tests.gate;
  if (!gate) return [];
  need(imports, scope, 'liburingVersion');
  return [
    `if (${lacks(f, imports, scope)}) {`,
    `  console.log(\`skipped: ${f.entry.name} needs liburing ${gate.since}, and \${liburingVersion()} is loaded (LIBURING_SUITE=sid runs it)\`);`,
    '  ctx.skip();',
    '  return;',
    '}',
  ];
}

/**
 * The JavaScript implementation against liburing's own helper: from the
 * valid arguments, the same call through inline_<name> and unchecked_<name>,
 * each from the same state; results and ring state must be the same.
 */
function jsDifferentialTest(f: ModelFunction, hasCleanup: boolean, imports: Imports, scope: TestScope): string {
  const e = f.entry;
  need(imports, scope, 'runBoth');
  need(imports, scope, `inline_${e.name}`);
  need(imports, scope, `unchecked_${e.name}`);
  const body = [
    'const { js, c } = runBoth(args, () => inline_' + e.name + '(...args), () => unchecked_' + e.name + '(...args));',
    'expect(js).toEqual(c);',
  ];
  const gate = versionGate(f, imports, scope);
  const lines = [...gate, `const { args${hasCleanup ? ', cleanup' : ''} } = await valid();`];
  if (hasCleanup) lines.push('try {', ...body.map((l) => '  ' + l), '} finally {', '  cleanup();', '}');
  else lines.push(...body);
  return `test('the JavaScript implementation gives and leaves what liburing\\'s ${e.name} does', async (${gate.length ? 'ctx' : ''}) => {\n${lines.map((l) => '  ' + l).join('\n')}\n});`;
}

/**
 * The fast encoder against liburing-ffi's own prep helper: both start from the
 * same random SQE bytes and get the same random arguments; all 64 bytes must match.
 */
function differentialTest(f: ModelFunction, model: Model, imports: Imports, scope: TestScope): string {
  const e = f.entry;
  const others = encoderParams(f);
  const names = others.map((mp) => mp.p.name);
  need(imports, scope, 'fc');
  need(imports, scope, 'IoUringSqe');
  need(imports, scope, `unchecked_${e.name}`);
  need(imports, scope, `encode_${e.name}`);
  if (others.some((mp) => mp.ct.kind === 'string')) need(imports, scope, 'cString');
  // Fields that hold a C string's address differ between the two calls (each makes its own copy of the string).
  const sqeLayout = model.structs.get('io_uring_sqe')!;
  const assigned: [string, string][] = [...(e.sqe!.rw ? ([['off', e.sqe!.rw.off], ['addr', e.sqe!.rw.addr]] as [string, string][]) : []), ...e.sqe!.set];
  const masked = assigned
    .filter(([, expr]) => others.some((mp) => mp.ct.kind === 'string' && mp.p.name === expr.trim()))
    .map(([field]) => sqeLayout.fields.find((x) => x.name === field)!)
    .map((fl) => `      viaC.bytes.fill(0, ${fl.offset}, ${fl.offset + fl.size});\n      viaJs.bytes.fill(0, ${fl.offset}, ${fl.offset + fl.size});`);
  const cCall = `unchecked_${e.name}(${f.params.map((mp) => (mp.role === 'sqe' ? 'viaC' : mp.ct.kind === 'string' ? `${mp.p.name}_s as string` : mp.p.name)).join(', ')})`;
  const gate = f.tests.gate;
  return [
    `test('the fast encoder writes the same 64 bytes as liburing\\'s ${e.name}', () => {`,
    ...(gate
      ? [
          `  // liburing older than ${gate.since} has no ${e.name} to compare with: its unchecked twin must throw UnsupportedError instead.`,
          `  const missing = ${lacks(f, imports, scope)};`,
        ]
      : []),
    '  fc.assert(',
    `    fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), ${others.map((mp) => arbitrary(mp, model)).join(', ')}${others.length ? ', ' : ''}(garbage${names.length ? ', ' + names.join(', ') : ''}) => {`,
    '      const viaC = new IoUringSqe();',
    '      viaC.bytes.set(garbage);',
    '      const viaJs = new IoUringSqe();',
    '      viaJs.bytes.set(garbage);',
    ...others.filter((mp) => mp.ct.kind === 'string').map((mp) => (mp.p.nullable ? `      const ${mp.p.name}_s = ${mp.p.name} === null ? null : 'p' + ${mp.p.name}.length;` : `      const ${mp.p.name}_s = 'p' + ${mp.p.name}.length;`)),
    ...(gate
      ? [
          '      if (missing) {',
          `        ${expectUnsupported(f, cCall, imports, scope)}`,
          '        return;',
          '      }',
        ]
      : []),
    `      ${cCall};`,
    ...others.filter((mp) => mp.ct.kind === 'string').map((mp) => (mp.p.nullable ? `      const ${mp.p.name}_b = ${mp.p.name}_s === null ? null : cString(${mp.p.name}_s);` : `      const ${mp.p.name}_b = cString(${mp.p.name}_s);`)),
    `      encode_${e.name}(new DataView(viaJs.bytes.buffer, viaJs.bytes.byteOffset, 64), 0${others.map((mp) => (mp.ct.kind === 'string' ? `, ${mp.p.name}_b` : `, ${mp.p.name}`)).join('')});`,
    ...(masked.length ? ['      // C strings are copied by each call, so their addresses differ; compare everything else.', ...masked] : []),
    "      expect(Buffer.from(viaJs.bytes).toString('hex')).toBe(Buffer.from(viaC.bytes).toString('hex'));",
    '    }),',
    '    { numRuns: 200 },',
    '  );',
    '});',
  ].join('\n');
}

/** The world's arbitrary for one parameter, valid values guided by its preconditions. */
function fuzzArbitrary(f: ModelFunction, mp: ModelParam, model: Model): string {
  const ct = mp.ct;
  const n = mp.p.nullable;
  switch (ct.kind) {
    case 'int': {
      const valid = f.preconditions.filter((p) => p.param === mp && p.fuzz).map((p) => p.fuzz!);
      return `world.int(${q(ct.int)}${valid.length ? `, fc.oneof(${valid.join(', ')})` : ''})`;
    }
    case 'bool': return 'world.bool()';
    case 'string': return `world.string(${n})`;
    case 'memory': return `world.memory(${n}, ${f.preconditions.some((p) => p.param === mp && p.kind === 'pageAligned')})`;
    case 'intArray': return `world.intArray(${TYPED_ARRAY[ct.int]}, ${n})`;
    case 'struct':
      if (mp.role === 'ring' && mp.p.state === 'uninitialized') return 'world.freshRing()';
      return `world.struct(${model.classOf(ct.struct)}, ${n})`;
    case 'structOut': return `world.outPointer(${mp.pointerArray})`;
    default: throw new Error(`${mp.p.name}: no fuzz arbitrary for ${ct.kind}`);
  }
}

/**
 * 1000 calls with arguments drawn from valid and hostile values: each must
 * return or throw PreconditionError, UringError, UnsupportedError or
 * TypeError. A crash fails the test file (its worker dies).
 */
function propertyTest(f: ModelFunction, model: Model, imports: Imports, scope: TestScope): string {
  const e = f.entry;
  need(imports, scope, 'fc');
  need(imports, scope, 'FuzzWorld');
  need(imports, scope, 'fuzzRuns');
  need(imports, scope, e.name);
  for (const mp of f.params) {
    if (mp.ct.kind === 'struct' && !(mp.role === 'ring' && mp.p.state === 'uninitialized')) need(imports, scope, model.classOf(mp.ct.struct));
  }
  const names = f.params.map((_, i) => `a${i}`);
  // New descriptors the call stores in array arguments (pipe2's pipefd) are closed after each call, as a returned one is.
  const fdArrays = f.params.filter((mp) => mp.p.newFd).map((mp) => `a${mp.index}.value`);
  const closes = fdArrays.length ? `, ${e.returns.newFd}, [${fdArrays.join(', ')}]` : e.returns.newFd ? ', true' : '';
  return [
    "test('calls with valid and hostile arguments (1000, or FUZZ_RUNS) return or throw a typed error', () => {",
    '  const world = new FuzzWorld();',
    '  try {',
    '    fc.assert(',
    `      fc.property(${[...(f.params.length ? f.params.map((mp) => fuzzArbitrary(f, mp, model)) : ['fc.constant(0)']), `(${names.join(', ')}) => {`].join(', ')}`,
    ...(f.fuzzRefusedOnly && names.length ? [`        // ${f.fuzzRefusedOnly.replace(/\s+/g, ' ')}: only arguments refused before C.`, `        fc.pre(${names.map((a) => `${a}.hostile`).join(' || ')});`] : []),
    `        world.call(() => ${e.name}(${names.map((a) => `${a}.value as never`).join(', ')})${closes});`,
    '      }),',
    '      { numRuns: fuzzRuns() },',
    '    );',
    '  } finally {',
    '    world.close();',
    '  }',
    '});',
  ].join('\n');
}

function preconditionTest(f: ModelFunction, t: PreconditionTest, hasCleanup: boolean, imports: Imports, scope: TestScope): string {
  const e = f.entry;
  const call = `${e.name}(...(bad as Parameters<typeof ${e.name}>))`;
  need(imports, scope, 'catchError');
  need(imports, scope, 'PreconditionError');
  need(imports, scope, e.name);
  const body: string[] = ['const bad: unknown[] = [...args];'];
  for (const r of t.replace) body.push(`bad[${r.index}] = ${r.expr};`);
  if (t.before) body.push(t.before);
  // The raw call after a refused one on a ring's SQE: the refused call made the SQE a NOP
  // (runtime/holds/refused.ts), so the raw call gets the SQE back as the refused call found it.
  const sqe = f.params.find((mp) => mp.role === 'sqe');
  const restore = (t.proof?.via === 'cqe' || t.proof?.via === 'effect') && sqe ? `(args[${sqe.index}] as IoUringSqe)` : null;
  if (restore) {
    need(imports, scope, 'IoUringSqe');
    need(imports, scope, 'IORING_OP_NOP');
    body.push(`const sqeBytes = ${restore}.bytes.slice();`);
  }
  body.push(`const error = catchError(() => ${call});`);
  body.push('expect(error).toBeInstanceOf(PreconditionError);');
  body.push(`expect(error).toMatchObject({ functionName: ${q(e.name)}, parameter: ${q(t.pre.param.p.name)}, rule: ${q(t.pre.kind)} });`);
  if (restore) {
    body.push('// A refused call leaves nothing to run: the SQE is a NOP completing with -ECANCELED.');
    body.push(`expect(${restore}.opcode).toBe(IORING_OP_NOP);`);
    body.push(`${restore}.bytes.set(sqeBytes);`);
  }
  if (t.proof?.via === 'effect') {
    need(imports, scope, `unchecked_${e.name}`);
    body.push(`// C does not refuse the same arguments: ${t.proof.effect}.`);
    body.push(`${t.proof.code.fixture.includes('result') ? 'const result = ' : ''}unchecked_${call};`);
    body.push(t.proof.code.expression ? `${t.proof.code.body};` : t.proof.code.body);
  } else if (t.proof) {
    need(imports, scope, 'errnoNumber');
    need(imports, scope, `unchecked_${e.name}`);
    const proof: string[] = [];
    if (t.proof.via === 'return') {
      proof.push('// C itself refuses the same arguments:');
      proof.push(`expect(Number(unchecked_${call})).toBe(-errnoNumber(${q(t.proof.errno)}));`);
    } else if (t.proof.via === 'errnoVar') {
      need(imports, scope, 'lastErrno');
      proof.push(`// C itself refuses the same arguments: ${f.outputs.errnoVar!.value}, with errno read right after the call.`);
      proof.push(`const raw = unchecked_${call};`);
      proof.push('const errno = lastErrno();');
      proof.push(`expect(raw).toBe(${f.outputs.errnoVar!.value});`);
      proof.push(`expect(errno).toBe(errnoNumber(${q(t.proof.errno)}));`);
    } else {
      need(imports, scope, 'completeOne');
      proof.push('// The kernel refuses the request: its completion carries the errno.');
      proof.push(`unchecked_${call};`);
      proof.push(`expect(await completeOne(ring)).toBe(-errnoNumber(${q(t.proof.errno)}));`);
    }
    const gate = f.tests.gate;
    if (gate) {
      body.push(`if (${lacks(f, imports, scope)}) {`);
      body.push(`  // liburing older than ${gate.since}: there is no C function to call, and the unchecked twin says so.`);
      body.push(`  ${expectUnsupported(f, `unchecked_${call}`, imports, scope)}`);
      body.push('} else {', indent(proof.join('\n'), '  '), '}');
    } else body.push(...proof);
  }
  const got = ['args', ...(hasCleanup ? ['cleanup'] : []), ...t.fixture.filter((n) => n !== 'args' && n !== 'cleanup')];
  const lines = [`const { ${got.join(', ')} } = await valid();`];
  if (hasCleanup) lines.push('try {', indent(body.join('\n'), '  '), '} finally {', '  cleanup();', '}');
  else lines.push(...body);
  return `test(${q(t.title)}, async () => {\n${indent(lines.join('\n'), '  ')}\n});`;
}

export function emitTest(f: ModelFunction, model: Model, scope: TestScope, opts: EmitOptions): OutFile {
  const e = f.entry;
  const where = `${f.file}: entry ${e.name}`;
  const imports = new Imports(`generated/tests/${e.name}.test.ts`);
  imports.named('vitest', 'describe');
  imports.named('vitest', 'test');
  imports.named('vitest', 'expect');
  const project = newProject();
  const file = project.createSourceFile(`${e.name}.test.ts`);
  const t = f.tests;
  importScope(imports, scope, t.scope, where);
  for (const [name, abs] of t.typeImports) {
    const from = scope.typeModule(abs);
    if (!from) throw new Error(`${where}: imports type ${name} from ${abs}, which the generated tests cannot import`);
    if (!imports.has(name)) imports.named(from, name, true);
  }
  const bodies: string[] = [];
  const effectTitle = `${e.name}: ${e.summary.replace(/\.$/, '')}`;
  if (t.skip) bodies.push(`test(${q(effectTitle)}, (ctx) => {\n  console.log(${q(`skipped ${e.name}: ${t.skip}`)});\n  ctx.skip();\n});`);
  else bodies.push(`test(${q(effectTitle)}, async () => {\n${indent(t.effect!.body, '  ')}\n});`);
  const jsDiff = f.implementation.kind === 'js' && t.valid !== undefined;
  const hasCleanup = t.valid !== undefined && /\bcleanup\b/.test(t.valid.body);
  if (t.preconditions.length || jsDiff) {
    file.addStatements(`/** Valid arguments for the precondition and differential tests (the schema's test.valid), and how to clean up after each. */\nasync function valid() {\n${indent(t.valid!.body, '  ')}\n}`);
  }
  if (t.preconditions.length) {
    const tests = t.preconditions.map((p) => preconditionTest(f, p, hasCleanup, imports, scope));
    bodies.push(`describe('preconditions', () => {\n${tests.map((x) => indent(x, '  ')).join('\n\n')}\n});`);
  }
  if (e.sqe) bodies.push(differentialTest(f, model, imports, scope));
  if (jsDiff) bodies.push(jsDifferentialTest(f, hasCleanup, imports, scope));
  bodies.push(propertyTest(f, model, imports, scope));
  file.addStatements(`describe(${q(e.name)}, () => {\n${indent(bodies.join('\n\n'), '  ')}\n});`);
  return { path: `tests/${e.name}.test.ts`, text: finish(file, f.sources, imports) };
}
