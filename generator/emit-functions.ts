/**
 * The wrappers, one section per function in one module (wrappers.ts): its spec, its compiled
 * argument check, the checked wrapper under the C name, an unchecked twin that the generated
 * tests use to prove preconditions real, and for prep helpers the encoder. One module, because
 * a cold `import` pays per module loaded (resolve, read, compile, link): 200+ of them were most of
 * the package's import cost. functions/<name>.ts re-exports one function's names from it.
 * Everything printed here was decided in the model.
 */
import { ts } from 'ts-morph';
import type { Model, ModelFunction, ModelParam } from './model.js';
import { body, doc, finish, header, newProject, q, type EmitOptions, type OutFile } from './emit-common.js';
import { encoderBody, encoderParams } from './emit-encoders.js';
import { Imports } from './imports.js';
import { koffiTypeOf } from './model/params.js';
import { MIN_VERSION } from '../runtime/provision/system.js';
import { versionAtLeast } from '../runtime/version.js';
import { byValueMembers, koffiMember } from './model/outputs.js';

/** A sentence, for JSDoc: messages in the schema may lack the final period. */
export function sentence(s: string): string {
  return /[.!?]$/.test(s.trim()) ? s.trim() : s.trim() + '.';
}

function paramDoc(f: ModelFunction, mp: ModelParam): string {
  const minusOne = mp.p.minusOne ? ` -1 is (__u64)-1: ${sentence(mp.p.minusOne)}` : '';
  const lines = [`${mp.p.doc}${mp.p.nullable ? ' May be null.' : ''}${minusOne} (C: \`${mp.p.type}\`${mp.p.dir !== 'in' ? `, ${mp.p.dir}` : ''})`];
  for (const pre of f.preconditions.filter((x) => x.param === mp)) {
    const otherwise = f.entry.returns.kind === 'libc' ? `C fails with ${pre.errno}` : `C gives -${pre.errno}`;
    lines.push(`- Must hold (${pre.kind}): ${sentence(pre.message)}${pre.errno ? ` Otherwise ${otherwise}.` : ''}`);
  }
  if (mp.p.ownership === 'completion') lines.push('- Kept reachable by liburing-ts until the request completes.');
  if (mp.p.ownership === 'ring') lines.push('- Kept in use by the ring until io_uring_queue_exit; freeAligned refuses it meanwhile.');
  if (mp.p.ownership === 'consumed') lines.push('- Freed by the call: any later use throws.');
  return lines.map(doc).join('\n');
}

function wrapperDocs(f: ModelFunction): { description: string; tags: { tagName: string; text?: string }[] } {
  const e = f.entry;
  const r = e.returns;
  const tags: { tagName: string; text?: string }[] = [];
  for (const mp of f.params) tags.push({ tagName: 'param', text: `${mp.p.name} ${paramDoc(f, mp)}` });
  const returnsDoc = [r.doc];
  if (r.kind === 'pointer' && r.nullMeans) returnsDoc.push(`null: ${sentence(r.nullMeans)}`);
  if (r.passthrough.length) returnsDoc.push(`Returned rather than thrown: ${r.passthrough.map((x) => `-${x}`).join(', ')}.`);
  if (r.kind !== 'void') tags.push({ tagName: 'returns', text: doc(returnsDoc.join(' ')) });
  tags.push({ tagName: 'throws', text: '{PreconditionError} before C is called, when an argument breaks a rule above.' });
  if (r.kind === 'errno' || r.kind === 'count' || r.kind === 'libc') {
    const errs = Object.entries(e.errors).filter(([k]) => !r.passthrough.includes(k));
    const when = r.kind === 'libc' ? `C fails (${f.outputs.errnoVar?.value === '-1' ? '-1' : 'MAP_FAILED'} with errno set; syscall: '${e.name}')` : 'C returns a negative errno';
    tags.push({ tagName: 'throws', text: `{UringError} when ${when}${errs.length ? ': ' + errs.map(([k, v]) => `${k}: ${doc(v)}`).join('; ') : ''}.` });
  }
  tags.push({ tagName: 'throws', text: f.since.library === 'glibc' ? `{UnsupportedError} when the C library lacks it (older than ${f.since.label}).` : `{UnsupportedError} when the loaded liburing is older than ${e.since}.` });
  tags.push({ tagName: 'since', text: `${f.since.label}${e.kernel ? ` (Linux ${e.kernel})` : ''}` });
  if (e.man) tags.push({ tagName: 'see', text: `man ${e.man.replace(/\((\d)\)/, ' $1')} (${e.man})` });
  const description = [doc(e.summary)];
  if (e.description) description.push('', doc(e.description));
  if (e.mayBlock) {
    description.push('', 'Blocks: the call can wait in the kernel, and while it waits Node\'s event loop stands still (no timers, no I/O callbacks). ' +
      'In a server, use `Ring` (completions arrive through an eventfd the event loop watches) or register an eventfd and wait on it instead.');
  }
  for (const quirk of e.quirks) description.push('', `Note: ${doc(sentence(quirk.text))} (${doc(quirk.source)})`);
  return { description: description.join('\n'), tags };
}

/** One function's part of wrappers.ts. */
export interface FunctionSection {
  name: string;
  sources: string[];
  /** The code, its own top-level names prefixed with the function's (`io_uring_prep_read$spec`). */
  code: string;
  /** runtime/derived.ts helpers it calls, destructured once at the top of the module. */
  derived: string[];
}

/** The names functions/<name>.ts re-exports: what the section exports. */
export function exportedNames(f: ModelFunction): string[] {
  const n = f.entry.name;
  return [`unchecked_${n}`, n, ...(f.implementation.kind === 'js' ? [`inline_${n}`] : []), ...(f.entry.sqe ? [`encode_${n}`] : [])];
}

/** One function's section of wrappers.ts; the names its code imports go into `imports` (wrappers.ts's). */
export function functionSection(f: ModelFunction, model: Model, opts: EmitOptions, imports: Imports): FunctionSection {
  const e = f.entry;
  const project = newProject();
  const file = project.createSourceFile(`${e.name}.ts`);
  imports.namespace(opts.runtime(0), 'rt');
  for (const mp of f.params) for (const c of mp.classes) imports.named('./structs.js', c);
  if (e.returns.kind === 'pointer' && f.result.kind === 'struct') imports.named('./structs.js', model.classOf(f.result.struct));
  if (e.returns.kind === 'struct' && f.result.kind === 'structValue') imports.named('./structs.js', model.classOf(f.result.struct));
  imports.named('./ffi.js', 'ffi');

  for (const [name, init] of f.hoisted) {
    file.addStatements(`/** The flags ${name.replace(/Flags$/, '')} may hold, by the liburing version that introduced each (read once, from the loaded library). */\nconst ${name} = ${init};`);
  }

  const names = f.params.map((mp) => mp.p.name);
  file.addStatements(`/** The arguments, by their C names. */\ntype Args = [${f.params.map((mp) => `${mp.p.name}: ${mp.tsType}`).join(', ')}];`);
  file.addStatements((w) => {
    // Built at the first refusal or errno, not at import: a module of 229 object literals costs a cold import their parse.
    w.writeLine(`/** What the runtime needs to know of ${e.name} to report a failed check or an errno (built once, when first needed). */`);
    w.writeLine('let specBuilt: rt.FunctionSpec | undefined;');
    w.writeLine('function spec(): rt.FunctionSpec {');
    w.indent(() => {
    w.writeLine('return (specBuilt ??= {');
    w.indent(() => {
      w.writeLine(`name: ${q(e.name)},`);
      w.writeLine(`params: [${names.map(q).join(', ')}],`);
      w.writeLine(`types: [${f.params.map((mp) => q(mp.p.type)).join(', ')}],`);
      w.writeLine('preconditions: [');
      w.indent(() => {
        f.preconditions.forEach((p, i) => {
          w.writeLine('{');
          w.indent(() => {
            w.writeLine(`param: ${p.param.index},`);
            w.writeLine(`rule: ${q(p.kind)},`);
            w.writeLine(`message: ${q(p.message)},`);
            w.writeLine(`errno: ${p.errno ? q(p.errno) : 'null'},`);
            w.writeLine(`source: ${q(p.source)},`);
            w.writeLine(`explain: (${f.patterns[i]!.explain}: Args) => ${p.explain},`);
          });
          w.writeLine('},');
        });
      });
      w.writeLine('],');
      const errs = Object.entries(e.errors).sort(([a], [b]) => (a < b ? -1 : 1));
      if (errs.length) {
        w.writeLine('errors: {');
        w.indent(() => errs.forEach(([k, v]) => w.writeLine(`${k}: ${q(v)},`)));
        w.writeLine('},');
      } else w.writeLine('errors: {},');
    });
    w.writeLine('});');
    });
    w.writeLine('}');
  });
  file.addStatements(`const intKinds = [${f.params.map((mp) => (mp.ct.kind === 'int' ? q(mp.ct.int) : 'null')).join(', ')}] as const;`);

  file.addStatements((w) => {
    w.writeLine('/**\n * The argument check: a zod schema built and compiled (z.compile) on the first refusal, C types first, then each precondition in parameter order\n * (abort: a rule is only evaluated when every rule before it holds, so it may rely on them, a live ring, say); and the guard a valid call costs,\n * the same predicates and rule expressions in plain JavaScript, in the same order.\n */');
    w.write('const check = rt.check.lazy((z) =>').indent(() => {
      w.write('z.tuple([').indent(() => {
        for (const mp of f.params) w.writeLine(`${mp.zodType}, // ${mp.p.name}`);
      });
      w.write('])');
      if (f.preconditions.length) {
        // pipe: the rules see only arguments of the right C types.
        w.newLine().write('.pipe(').indent(() => {
          w.write('z.custom<Args>()');
          f.preconditions.forEach((p, i) => {
            w.newLine().write(`.refine((${f.patterns[i]!.check}) => ${p.check}, { params: { precondition: ${i} }, path: [${p.param.index}], abort: true })`);
          });
        });
        w.write(')');
      }
      w.write(',');
      // The guard a valid call costs: the same C type predicates, then each precondition's expression, in order.
      const sig = f.params.map((mp) => `${mp.p.name}: ${mp.tsType}`).join(', ');
      // A guard a family of rules shares is evaluated once, where the first of them stands.
      const conds = [...new Set([...f.params.map((mp) => mp.guard), ...f.preconditions.map((p) => `(${p.guard})`)])];
      w.newLine().write(`(${sig}): boolean =>`).indent(() => {
        conds.forEach((c, i) => w.writeLine(`${i ? '&& ' : ''}${c}${i === conds.length - 1 ? ',' : ''}`));
        if (!conds.length) w.writeLine('true,');
      });
      // What a refusal reports: the spec (through its builder, on first use) and the parameters' C integer kinds.
      w.writeLine('() => spec,');
      w.writeLine('intKinds,');
    });
    w.write(');').newLine();
  });
  const impl = f.implementation;
  // A function newer than every liburing the package loads is gated where its wrapper does not call C (which would say so).
  const gated = impl.kind !== 'ffi' && !versionAtLeast(MIN_VERSION, e.since);
  if (gated) file.addStatements(`/** Whether the loaded liburing has ${e.name} (${e.since}+): the JavaScript implementation answers only where C would. */
let supported = false;`);

  const params = f.params.map((mp) => ({ name: mp.p.name, type: mp.tsType }));
  const ffiArgs = f.params.map((mp) => mp.marshal).join(', ');
  const out = f.outputs;
  const rawType = f.result.kind === 'void' ? 'void' : f.result.kind === 'bool' ? 'boolean' : f.result.kind === 'int' ? 'number | bigint' : 'unknown';
  const cStrings = (w: { writeLine(s: string): unknown }) => out.cStrings.forEach((n) => w.writeLine(`const ${n}_c = rt.cString(${n});`));

  file.addFunction({
    name: `unchecked_${e.name}`,
    isExported: true,
    docs: [{ description: `${e.name} without any check or bookkeeping: marshals the arguments and calls C, returning C's result as is${f.bookkeeping.prepStarts ? ' (an SQE a refused checked call made a NOP gets its op-flags word cleared first, as io_uring_get_sqe leaves it)' : ''}.\nUnsafe: wrong arguments can crash the process. For tests that prove preconditions real, and for callers who have checked everything themselves.` }],
    parameters: params,
    returnType: rawType,
    statements: (w) => {
      // Not a check: a prep starts from what io_uring_get_sqe gives, even after a refused checked call made the SQE a NOP.
      if (f.bookkeeping.prepStarts) w.writeLine(`rt.prepStarts(${f.bookkeeping.prepStarts});`);
      cStrings(w);
      w.writeLine(`return ffi.${e.name}(${ffiArgs})${rawType === 'void' ? '' : ` as ${rawType}`};`);
    },
  });

  file.addFunction({
    name: e.name,
    isExported: true,
    docs: [wrapperDocs(f)],
    parameters: params,
    returnType: f.resultType,
    statements: (w) => {
      w.writeLine(`if (!check.accepts(${names.join(', ')})) check.refuse(${names.join(', ')});`);
      if (gated) w.writeLine(`if (!supported) supported = rt.requireLiburing(spec.name, ${q(e.since)});`);
      const print = (c: { fn: string; args: string[]; guard?: string }) => w.writeLine(`${c.guard ? `if (${c.guard}) ` : ''}rt.${c.fn}(${c.args.join(', ')});`);
      f.bookkeeping.before.forEach(print);
      // A refused call may have made the SQE a NOP; a prep starts from what io_uring_get_sqe gives.
      if (f.bookkeeping.prepStarts) w.writeLine(`rt.prepStarts(${f.bookkeeping.prepStarts});`);
      cStrings(w);
      if (impl.kind === 'encoder') {
        // liburing.h's helper, in JavaScript: the same bytes, into the SQE's own memory.
        const eps = encoderParams(f).map((mp) => {
          if (mp.ct.kind !== 'string') return mp.p.name;
          if (!out.cStrings.includes(mp.p.name)) throw new Error(`${f.file}: entry ${e.name}: params.${mp.p.name}: a string an SQE points to must be kept until the completion (ownership: completion)`);
          return `${mp.p.name}_c`;
        });
        w.writeLine(`encode_${e.name}(rt.structView(${f.sqeParam!.p.name}), 0${eps.map((a) => `, ${a}`).join('')});`);
      } else if (impl.kind === 'js') {
        const call = `inline_${e.name}(${names.join(', ')})`;
        w.writeLine(out.cast ? `const ret = ${call};` : `${call};`);
      } else {
        const instead = f.bookkeeping.instead;
        const call = instead ? `rt.${instead.fn}(${instead.args.join(', ')})` : `ffi.${e.name}(${ffiArgs})`;
        w.writeLine(out.cast ? `const ret = ${call} as ${out.cast};` : `${call};`);
        // errno is read on the next line: nothing may run between the call and it.
        if (out.errnoVar) w.writeLine(`if (${out.errnoVar.failed}) throw rt.check.uringError(spec, -rt.lastErrno());`);
      }
      f.bookkeeping.always.forEach(print);
      if (out.throwsBelowZero) {
        const pass = out.throwsBelowZero.passthrough.map((x) => `ret !== -rt.errnoNumber(${q(x)})`);
        w.writeLine(`if (ret < 0${pass.length ? ' && ' + pass.join(' && ') : ''}) throw rt.check.uringError(spec, Number(ret));`);
      }
      // A JavaScript implementation fills out-pointers itself, with the ring's views.
      if (impl.kind !== 'js') for (const s of out.fill) w.writeLine(s);
      f.bookkeeping.after.forEach(print);
      const ret = impl.kind === 'js' ? out.retJs : out.ret;
      if (ret) w.writeLine(ret);
    },
  });
  if (impl.kind === 'js') {
    for (const c of impl.classes) imports.named('./structs.js', c);
    file.addFunction({
      name: `inline_${e.name}`,
      isExported: true,
      docs: [{
        description:
          `liburing.h's ${e.name} in JavaScript over the mapped rings (\`${doc(impl.source)}\`): what the checked wrapper runs after its checks.\n` +
          'Unchecked, and it keeps no books: for the differential tests, which hold it to the unchecked C call.',
      }],
      parameters: params,
      statements: [`return ${impl.expr};`],
    });
  }
  if (e.sqe) {
    const eps = encoderParams(f).map((mp) => ({ name: mp.p.name, type: mp.ct.kind === 'string' ? 'rt.Memory' + (mp.p.nullable ? ' | null' : '') : mp.tsType }));
    file.addFunction({
      name: `encode_${e.name}`,
      isExported: true,
      docs: [{
        description:
          `The fast path's ${e.name}: writes the same SQE bytes liburing's inline helper writes, into the SQE at byte \`at\` of \`sqes\`\n` +
          '(a DataView over the mapped submission ring). Strings are passed as NUL-terminated bytes (cString). Unchecked, and it keeps\n' +
          'nothing alive: the caller holds every buffer until the completion arrives.',
      }],
      parameters: [{ name: 'sqes', type: 'DataView' }, { name: 'at', type: 'number' }, ...eps],
      returnType: 'void',
      statements: encoderBody(f, model),
    });
  }
  // The wrapper's code names the spec as a value (rt.check.uringError(spec, ...)): it reads it through its builder.
  return { name: e.name, sources: f.sources, code: prefixOwnNames(body(file), e.name, new Set(['spec'])), derived: f.derived };
}

/**
 * Every function's section in one module. Sections are printed on their own (each in its own
 * ts-morph file, as when every function had a module), then their own names are prefixed.
 */
export function emitWrappers(model: Model, opts: EmitOptions): { file: OutFile; problems: string[] } {
  const imports = new Imports('generated/wrappers.ts');
  const sections: FunctionSection[] = [];
  const problems: string[] = [];
  for (const f of model.functions) {
    try {
      sections.push(functionSection(f, model, opts, imports));
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  const derived = [...new Set(sections.flatMap((s) => s.derived))].sort();
  const parts = derived.length ? [`const { ${derived.join(', ')} } = rt.derived;`] : [];
  for (const s of sections) parts.push(`// ${s.name}${s.sources.map((x) => `, from ${x}`).join('')}\n\n${s.code}`);
  const code = parts.join('\n\n');
  const head = imports.render(code);
  return { file: { path: 'wrappers.ts', text: header(['schema/functions']) + (head ? head + '\n\n' : '') + code + '\n' }, problems };
}

/** functions/<name>.ts: one function's names, re-exported from wrappers.ts (for tests and tools that import a function by its module). */
export function emitFunction(f: ModelFunction): OutFile {
  const names = exportedNames(f);
  return { path: `functions/${f.entry.name}.ts`, text: header(f.sources) + `export { ${names.join(', ')} } from '../wrappers.js';\n` };
}

/**
 * `owner$name` for each of the section's own top-level names (what it declares and does not
 * export: spec, check, intKinds, Args...), at every place the code means them: not a property of
 * the same name (`rt.check`, `{ check: ... }`). A parameter or local of one of those names would
 * make a section's meaning depend on the prefixing: an error. A name in `built` is a function
 * building the value once: where the code uses it, it becomes `owner$name()`.
 */
function prefixOwnNames(code: string, owner: string, built: Set<string>): string {
  const sf = ts.createSourceFile('section.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const own = new Set<string>();
  for (const st of sf.statements) {
    if (ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        if (!ts.isIdentifier(d.name)) throw new Error(`generated/wrappers.ts: ${owner}: a top-level destructuring cannot be given the function's prefix`);
        own.add(d.name.text);
      }
    } else if ((ts.isFunctionDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isClassDeclaration(st)) && st.name) own.add(st.name.text);
  }
  const edits: { at: number; end: number; call: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && own.has(node.text)) {
      const p = node.parent;
      const propertyName =
        (ts.isPropertyAccessExpression(p) || ts.isPropertyAssignment(p) || ts.isPropertySignature(p) || ts.isMethodDeclaration(p) || ts.isQualifiedName(p)) &&
        ((p as { name?: ts.Node }).name === node || (ts.isQualifiedName(p) && p.right === node));
      const topLevel = (ts.isVariableDeclaration(p) || ts.isTypeAliasDeclaration(p)) && p.name === node && ts.isSourceFile(ts.isVariableDeclaration(p) ? p.parent.parent.parent : p.parent);
      const declared = (ts.isParameter(p) || ts.isBindingElement(p) || ts.isVariableDeclaration(p) || ts.isFunctionDeclaration(p)) && p.name === node;
      const ownFunction = ts.isFunctionDeclaration(p) && p.name === node && ts.isSourceFile(p.parent);
      if (ts.isShorthandPropertyAssignment(p) || (declared && !topLevel && !ownFunction)) throw new Error(`generated/wrappers.ts: ${owner}: a parameter or local named ${node.text} would be confused with the wrapper's own ${node.text}`);
      if (!propertyName) edits.push({ at: node.getStart(sf), end: node.getEnd(), call: built.has(node.text) && !ownFunction });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  let out = code;
  for (const e of edits.sort((a, b) => b.at - a.at)) out = out.slice(0, e.at) + `${owner}$` + out.slice(e.at, e.end) + (e.call ? '()' : '') + out.slice(e.end);
  return out;
}

/** The lazily bound koffi declarations of every function. */
export function emitFfi(model: Model, opts: EmitOptions): OutFile {
  const imports = new Imports('generated/ffi.ts');
  imports.named(opts.runtime(0), 'lazyBindings');
  const project = newProject();
  const file = project.createSourceFile('ffi.ts');
  file.addStatements((w) => {
    w.writeLine('/**');
    w.writeLine(' * The C functions, declared with koffi on first use. Pointers are bigint addresses.');
    w.writeLine(' * Unsafe: nothing here checks an argument. The checked wrappers are in functions/.');
    w.writeLine(' */');
    w.write('export const ffi = lazyBindings(').block(() => {
      for (const f of model.functions) {
        const e = f.entry;
        const proto = `${e.returns.type} ${e.name}(${e.params.map((p) => `${p.type}${p.type.endsWith('*') ? '' : ' '}${p.name}`).join(', ') || 'void'})`;
        w.writeLine(`/** ${doc(proto)} */`);
        w.writeLine(`${e.name}: { since: ${q(e.since)}, library: ${q(e.library)}, result: ${q(koffiTypeOf(f.result, false))}, params: [${f.params.map((mp) => q(mp.koffiType)).join(', ')}] },`);
      }
    });
    // Structs returned by value, as koffi struct members: koffi lays them out and returns them as C's ABI does.
    const byValue = [...new Set(model.functions.flatMap((f) => (f.result.kind === 'structValue' ? [f.result.struct] : [])))].sort();
    if (byValue.length > 0) {
      w.write(', ').block(() => {
        for (const tag of byValue) {
          const members = byValueMembers(model.structs.get(tag)!, `struct ${tag}`);
          w.writeLine(`${tag}: { ${members.map((m) => `${m.name}: ${q(koffiMember(m))}`).join(', ')} },`);
        }
      });
    }
    w.write(');').newLine();
  });
  return { path: 'ffi.ts', text: finish(file, ['schema/functions'], imports) };
}

