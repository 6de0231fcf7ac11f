/**
 * One wrapper module per function: its spec, its compiled argument check,
 * the checked wrapper under the C name, and an unchecked twin that the
 * generated tests use to prove preconditions real.
 */
import type { Precondition } from '../schema/language.js';
import { KOFFI_INT, INT_LIMITS, type CType } from '../runtime/ctypes.js';
import * as derived from '../runtime/derived.js';
import type { Model, ModelFunction, ModelParam } from './model.js';
import { doc, finish, newProject, q, type EmitOptions, type OutFile } from './emit-common.js';
import { checkExpr, explainExpr } from './rules.js';
import { encoderBody, encoderParams } from './emit-encoders.js';
import { bookkeepingOf } from './bookkeeping.js';

const TYPED: Record<string, string> = {
  i8: 'Int8Array', u8: 'Uint8Array', i16: 'Int16Array', u16: 'Uint16Array', i32: 'Int32Array', u32: 'Uint32Array', i64: 'BigInt64Array', u64: 'BigUint64Array',
};
const DERIVED = Object.keys(derived).sort();

export function koffiType(ct: CType, completion: boolean): string {
  switch (ct.kind) {
    case 'void': return 'void';
    case 'bool': return 'bool';
    case 'int': return KOFFI_INT[ct.int];
    case 'string': return completion ? 'void *' : 'const char *';
    default: return 'void *';
  }
}

/** The classes a `struct X *` argument takes: X's, and those of the structs X's entry also accepts. */
export function acceptedClasses(model: Model, tag: string): string[] {
  const also = model.structs.get(tag)?.entry.alsoAccepts ?? [];
  return [model.classOf(tag), ...also.map((t) => model.classOf(t))];
}

/** The TypeScript type of a parameter. */
export function tsParamType(mp: ModelParam, model: Model): string {
  const ct = mp.ct;
  const nul = mp.p.nullable ? ' | null' : '';
  switch (ct.kind) {
    case 'bool': return 'boolean';
    case 'int': return INT_LIMITS[ct.int].bits === 64 ? 'number | bigint' : 'number';
    case 'string': return 'string' + nul;
    case 'memory': return 'rt.Memory' + nul;
    case 'intArray': return TYPED[ct.int]! + nul;
    case 'struct': return acceptedClasses(model, ct.struct).join(' | ') + nul;
    case 'structOut': return `${mp.p.lengthFrom ? 'rt.PointerArray' : 'rt.OutPointer'}<${model.classOf(ct.struct)}>`;
    case 'void': throw new Error('void parameter');
  }
}

export function tsResultType(f: ModelFunction, model: Model): string {
  const r = f.entry.returns;
  const ct = f.result;
  if (r.kind === 'void') return 'void';
  if (r.kind === 'bool') return 'boolean';
  if (r.kind === 'pointer') return ct.kind === 'struct' ? `${model.classOf(ct.struct)} | null` : 'bigint | null';
  if (ct.kind === 'int' && INT_LIMITS[ct.int].bits === 64 && r.kind === 'value') return 'bigint';
  return 'number';
}

function zodType(mp: ModelParam, model: Model): string {
  const ct = mp.ct;
  const n = mp.p.nullable;
  const nullable = (s: string) => (n ? `${s}.nullable()` : s);
  switch (ct.kind) {
    case 'bool': return 'rt.check.bool';
    case 'int': return `rt.check.int(${q(ct.int)})`;
    case 'string': return nullable('rt.check.string');
    case 'memory': return `rt.check.memory(${n})`;
    case 'intArray': return `rt.check.intArray<${TYPED[ct.int]}>(${TYPED[ct.int]}, ${n})`;
    case 'struct': {
      const classes = acceptedClasses(model, ct.struct);
      return classes.length > 1 ? `rt.check.structOf<${classes.join(' | ')}>([${classes.join(', ')}], ${n})` : `rt.check.struct(${classes[0]}, ${n})`;
    }
    case 'structOut': return mp.p.lengthFrom ? 'rt.check.pointerArray' : 'rt.check.outPointer';
    case 'void': throw new Error('void parameter');
  }
}

interface EmittedPre {
  param: ModelParam;
  rule: string;
  check: string;
  explain: string | null;
  pre: Pick<Precondition, 'message' | 'errno' | 'source'>;
}

/** Preconditions in parameter order: the ring's state first (implicit), then the schema's. */
export function preconditionsOf(f: ModelFunction, model: Model): EmittedPre[] {
  const out: EmittedPre[] = [];
  for (const mp of f.params) {
    if (mp.ct.kind === 'struct' && mp.ct.struct === 'io_uring') {
      const live = mp.p.state === 'live';
      out.push({
        param: mp,
        rule: 'ringState',
        check: `rt.check.ringIs(${mp.p.name}, ${q(mp.p.state)})`,
        explain: `rt.check.explainRingState(${mp.p.name})`,
        pre: live
          ? { message: 'the ring must be initialized (io_uring_queue_init, _params or _mem succeeded) and not exited', errno: null, source: 'liburing src/setup.c: io_uring_queue_exit after a failed init closes fd 0 (issue #448)' }
          : { message: 'the ring must not be initialized already: exit it with io_uring_queue_exit first, or use a new IoUring', errno: null, source: 'liburing src/setup.c: init overwrites the struct, leaking the live ring' },
      });
    }
    if (mp.ct.kind === 'structOut' && mp.p.lengthFrom) {
      // C writes `lengthFrom` pointers into the array: it must have room for them.
      const n = mp.p.lengthFrom;
      out.push({
        param: mp,
        rule: 'arrayLength',
        check: `${n} <= ${mp.p.name}.capacity`,
        explain: `rt.rules.explainRelation(\`a PointerArray of capacity \${${mp.p.name}.capacity} cannot take \${${n}} entries; make it at least that large\`)`,
        pre: { message: `${mp.p.name} must have room for ${n} entries (PointerArray capacity >= ${n}), or C would write past it`, errno: null, source: 'liburing-ts: C writes that many pointers into the array' },
      });
    }
    for (const pre of mp.p.preconditions) {
      const ctx = { value: mp.p.name, index: mp.index, constant: (name: string) => constantValue(model, name, f), bits: mp.ct.kind === 'int' ? INT_LIMITS[mp.ct.int].bits : undefined };
      out.push({ param: mp, rule: pre.rule.kind, check: checkExpr(pre.rule, ctx), explain: explainExpr(pre.rule, ctx), pre });
    }
  }
  return out;
}

function constantValue(model: Model, name: string, f: ModelFunction): number | bigint {
  const c = model.constants.get(name);
  if (!c) throw new Error(`${f.file}: entry ${f.entry.name}: precondition names constant ${name}, which no schema/constants group defines`);
  return c.value;
}

/** A destructuring pattern of the parameters an expression uses, e.g. "[entries, , p]". */
function pattern(f: ModelFunction, exprs: string[]): string {
  // Words inside string literals are not uses.
  const code = exprs.map((e) => e.replace(/'(?:[^'\\]|\\.)*'/g, "''"));
  const used = f.params.map((mp) => code.some((e) => new RegExp(`(?<![.\\w])${mp.p.name}\\b`).test(e)));
  let last = used.lastIndexOf(true);
  if (last < 0) return '[]';
  return '[' + f.params.slice(0, last + 1).map((mp, i) => (used[i] ? mp.p.name : '')).join(', ') + ']';
}

function marshal(mp: ModelParam): string {
  const n = mp.p.name;
  const ct = mp.ct;
  switch (ct.kind) {
    case 'string':
      return mp.p.ownership === 'completion' ? `rt.addressOf(${n}_c)` : n;
    case 'memory':
    case 'intArray':
      return mp.p.nullable ? `${n} === null ? null : rt.addressOf(${n})` : `rt.addressOf(${n})`;
    case 'struct':
      return mp.p.nullable ? `${n} === null ? null : ${n}.address` : `${n}.address`;
    case 'structOut':
      return mp.p.lengthFrom ? `${n}.slots` : `${n}.slot`;
    default:
      return n;
  }
}

function paramDoc(mp: ModelParam, pres: EmittedPre[]): string {
  const lines = [`${mp.p.doc}${mp.p.nullable ? ' May be null.' : ''} (C: \`${mp.p.type}\`${mp.p.dir !== 'in' ? `, ${mp.p.dir}` : ''})`];
  for (const e of pres.filter((x) => x.param === mp)) {
    lines.push(`- Must hold (${e.rule}): ${e.pre.message}${e.pre.errno ? ` Otherwise C gives -${e.pre.errno}.` : ''}`);
  }
  if (mp.p.ownership === 'completion') lines.push('- Kept reachable by liburing-ts until the request completes.');
  if (mp.p.ownership === 'ring') lines.push('- Kept in use by the ring until io_uring_queue_exit; freeAligned refuses it meanwhile.');
  if (mp.p.ownership === 'consumed') lines.push('- Freed by the call: any later use throws.');
  return lines.map(doc).join('\n');
}

function borrowExpr(model: Model, struct: string, from: string | undefined, addr: string, flexibleCount?: string): string {
  const cls = model.classOf(struct);
  if (flexibleCount) return `${cls}.borrow(${addr}, ${from ? `rt.ringState(${from} as never).lifetime` : 'rt.ownedByC()'}, 1, Number(${flexibleCount}))`;
  if (from && struct === 'io_uring_sqe') return `rt.borrowSqe(${from}, ${cls}, ${addr})`;
  if (from && struct === 'io_uring_cqe') return `rt.borrowCqe(${from}, ${cls}, ${addr})`;
  if (from) return `${cls}.borrow(${addr}, ${from}.lifetime.alive ? rt.ringState(${from} as never).lifetime : ${from}.lifetime)`;
  return `${cls}.borrow(${addr}, rt.ownedByC())`;
}

export function emitFunction(f: ModelFunction, model: Model, opts: EmitOptions): OutFile {
  const e = f.entry;
  const project = newProject();
  const file = project.createSourceFile(`${e.name}.ts`);
  const structsUsed = new Set<string>();
  for (const mp of f.params) {
    if (mp.ct.kind === 'struct') for (const c of acceptedClasses(model, mp.ct.struct)) structsUsed.add(c);
    if (mp.ct.kind === 'structOut') structsUsed.add(model.classOf(mp.ct.struct));
  }
  if (e.returns.kind === 'pointer' && f.result.kind === 'struct') structsUsed.add(model.classOf((f.result as { struct: string }).struct));
  const pres = preconditionsOf(f, model);
  const exprs = pres.flatMap((p) => [p.check, p.explain ?? '']);
  const derivedUsed = DERIVED.filter((d) => exprs.some((x) => new RegExp(`(?<![.\\w])${d}\\(`).test(x.replace(/'(?:[^'\\]|\\.)*'/g, "''"))));

  file.addImportDeclaration({ moduleSpecifier: opts.runtime(1), namespaceImport: 'rt' });
  // zod through the runtime: a user's project needs no zod dependency of its own.
  file.addImportDeclaration({ moduleSpecifier: opts.runtime(1), namedImports: ['z'] });
  if (structsUsed.size) file.addImportDeclaration({ moduleSpecifier: '../structs.js', namedImports: [...structsUsed].sort() });
  file.addImportDeclaration({ moduleSpecifier: '../ffi.js', namedImports: ['ffi'] });
  if (derivedUsed.length) file.addStatements(`const { ${derivedUsed.join(', ')} } = rt.derived;`);

  const names = f.params.map((mp) => mp.p.name);
  file.addStatements(`/** The arguments, by their C names. */\ntype Args = [${f.params.map((mp) => `${mp.p.name}: ${tsParamType(mp, model)}`).join(', ')}];`);
  const intKinds = f.params.map((mp) => (mp.ct.kind === 'int' ? q(mp.ct.int) : 'null'));
  file.addStatements((w) => {
    w.writeLine(`/** What the runtime needs to know of ${e.name} to report a failed check or an errno. */`);
    w.write('const spec: rt.FunctionSpec =').block(() => {
      w.writeLine(`name: ${q(e.name)},`);
      w.writeLine(`params: [${names.map(q).join(', ')}],`);
      w.writeLine(`types: [${f.params.map((mp) => q(mp.p.type)).join(', ')}],`);
      w.writeLine('preconditions: [');
      w.indent(() => {
        for (const p of pres) {
          w.writeLine('{');
          w.indent(() => {
            w.writeLine(`param: ${p.param.index},`);
            w.writeLine(`rule: ${q(p.rule)},`);
            w.writeLine(`message: ${q(p.pre.message)},`);
            w.writeLine(`errno: ${p.pre.errno ? q(p.pre.errno) : 'null'},`);
            w.writeLine(`source: ${q(p.pre.source)},`);
            if (p.explain) w.writeLine(`explain: (${pattern(f, [p.explain])}: Args) => ${p.explain},`);
          });
          w.writeLine('},');
        }
      });
      w.writeLine('],');
      const errs = Object.entries(e.errors).sort(([a], [b]) => (a < b ? -1 : 1));
      if (errs.length) {
        w.writeLine('errors: {');
        w.indent(() => {
          for (const [k, v] of errs) w.writeLine(`${k}: ${q(v)},`);
        });
        w.writeLine('},');
      } else w.writeLine('errors: {},');
    });
    w.write(';').newLine();
  });
  file.addStatements(`const intKinds = [${intKinds.join(', ')}] as const;`);

  file.addStatements((w) => {
    w.writeLine('/**\n * The argument check, compiled once (z.compile): C types first, then each precondition in parameter order.\n * abort: a rule is only evaluated when every rule before it holds, so it may rely on them (a live ring, say).\n */');
    w.write('const check = z.compile(').indent(() => {
      w.write('z.tuple([').indent(() => {
        for (const mp of f.params) w.writeLine(`${zodType(mp, model)}, // ${mp.p.name}`);
      });
      w.write('])');
      if (pres.length) {
        // pipe: the rules see only arguments of the right C types.
        w.newLine().write('.pipe(').indent(() => {
          w.write('z.custom<Args>()');
          pres.forEach((p, i) => {
            w.newLine().write(`.refine((${pattern(f, [p.check])}) => ${p.check}, { params: { precondition: ${i} }, path: [${p.param.index}], abort: true })`);
          });
        });
        w.write(')');
      }
      // strict: a check zod cannot compile fails loudly at load instead of silently running the slow interpreter.
      w.write(',').newLine().write('{ strict: true },');
    });
    w.write(');').newLine();
  });

  const params = f.params.map((mp) => ({ name: mp.p.name, type: tsParamType(mp, model) }));
  const completion = f.params.filter((mp) => mp.p.ownership === 'completion');
  const sqeParam = f.params.find((mp) => mp.ct.kind === 'struct' && mp.ct.struct === 'io_uring_sqe');
  const ringParam = f.params.find((mp) => mp.ct.kind === 'struct' && mp.ct.struct === 'io_uring');
  const ffiArgs = f.params.map(marshal).join(', ');
  const resultType = tsResultType(f, model);
  const r = e.returns;
  const kindOfResult = f.result.kind === 'int' ? f.result.int : null;

  // The unchecked twin: marshal and call, nothing else.
  file.addFunction({
    name: `unchecked_${e.name}`,
    isExported: true,
    docs: [{ description: `${e.name} without any check or bookkeeping: marshals the arguments and calls C, returning C's result as is${e.category === 'prep' && sqeParam ? ' (an SQE a refused checked call made a NOP gets its op-flags word cleared first, as io_uring_get_sqe leaves it)' : ''}.\nUnsafe: wrong arguments can crash the process. For tests that prove preconditions real, and for callers who have checked everything themselves.` }],
    parameters: params,
    returnType: f.result.kind === 'void' ? 'void' : f.result.kind === 'bool' ? 'boolean' : f.result.kind === 'int' ? 'number | bigint' : 'unknown',
    statements: (w) => {
      // Not a check: a prep starts from what io_uring_get_sqe gives, even after a refused checked call made the SQE a NOP.
      if (e.category === 'prep' && sqeParam) w.writeLine(`rt.prepStarts(${sqeParam.p.name});`);
      for (const mp of f.params) if (mp.ct.kind === 'string' && mp.p.ownership === 'completion') w.writeLine(`const ${mp.p.name}_c = rt.cString(${mp.p.name});`);
      w.writeLine(`return ffi.${e.name}(${ffiArgs})${f.result.kind === 'void' ? '' : ` as ${f.result.kind === 'bool' ? 'boolean' : f.result.kind === 'int' ? 'number | bigint' : 'unknown'}`};`);
    },
  });

  const tags: { tagName: string; text?: string }[] = [];
  for (const mp of f.params) tags.push({ tagName: 'param', text: `${mp.p.name} ${paramDoc(mp, pres)}` });
  const returnsDoc = [r.doc];
  if (r.kind === 'pointer' && r.nullMeans) returnsDoc.push(`null: ${r.nullMeans}.`);
  if (r.passthrough.length) returnsDoc.push(`Returned rather than thrown: ${r.passthrough.map((x) => `-${x}`).join(', ')}.`);
  if (r.kind !== 'void') tags.push({ tagName: 'returns', text: doc(returnsDoc.join(' ')) });
  tags.push({ tagName: 'throws', text: `{PreconditionError} before C is called, when an argument breaks a rule above.` });
  if (r.kind === 'errno' || r.kind === 'count') {
    const errs = Object.entries(e.errors).filter(([k]) => !r.passthrough.includes(k));
    tags.push({ tagName: 'throws', text: `{UringError} when C returns a negative errno${errs.length ? ': ' + errs.map(([k, v]) => `${k}: ${doc(v)}`).join('; ') : ''}.` });
  }
  tags.push({ tagName: 'throws', text: `{UnsupportedError} when the loaded liburing is older than ${e.since}.` });
  tags.push({ tagName: 'since', text: `liburing ${e.since}` });
  if (e.man) tags.push({ tagName: 'see', text: `man ${e.man.replace(/\((\d)\)/, ' $1')} (${e.man})` });
  const description = [doc(e.summary)];
  if (e.description) description.push('', doc(e.description));
  for (const quirk of e.quirks) description.push('', `Note: ${doc(quirk.text)} (${doc(quirk.source)})`);

  file.addFunction({
    name: e.name,
    isExported: true,
    docs: [{ description: description.join('\n'), tags }],
    parameters: params,
    returnType: resultType,
    statements: (w) => {
      w.writeLine(`const args = [${names.join(', ')}] as const;`);
      w.writeLine('const parsed = check.safeParse(args);');
      w.writeLine('if (!parsed.success) rt.check.fail(spec, intKinds, args, parsed.error);');
      if (e.effect === 'cqe-seen' && ringParam) {
        const cqeP = f.params.find((mp) => mp.ct.kind === 'struct' && mp.ct.struct === 'io_uring_cqe');
        if (cqeP) w.writeLine(`${cqeP.p.nullable ? `if (${cqeP.p.name} !== null) ` : ''}rt.cqeSeen(${ringParam.p.name}, ${cqeP.p.name});`);
      }
      if (e.effect === 'cq-advance' && ringParam) {
        const nr = f.params.find((mp) => mp.ct.kind === 'int');
        if (nr) w.writeLine(`rt.cqAdvanced(${ringParam.p.name}, Number(${nr.p.name}));`);
      }
      const bookkeeping = bookkeepingOf(f, names);
      if (bookkeeping?.before) w.writeLine(bookkeeping.call);
      // A refused call may have made the SQE a NOP; a prep starts from what io_uring_get_sqe gives.
      if (e.category === 'prep' && sqeParam) w.writeLine(`rt.prepStarts(${sqeParam.p.name});`);
      for (const mp of f.params) if (mp.ct.kind === 'string' && mp.p.ownership === 'completion') w.writeLine(`const ${mp.p.name}_c = rt.cString(${mp.p.name});`);
      const call = `ffi.${e.name}(${ffiArgs})`;
      if (r.kind === 'void') w.writeLine(`${call};`);
      else if (r.kind === 'pointer') w.writeLine(`const ret = ${call} as bigint | null;`);
      else if (r.kind === 'bool') w.writeLine(`const ret = ${call} as boolean;`);
      else w.writeLine(`const ret = ${call} as number${kindOfResult && INT_LIMITS[kindOfResult].bits === 64 ? ' | bigint' : ''};`);
      // A submit may flush the SQ and then fail: the flushed SQEs are the kernel's all the same.
      if (e.effect === 'submit' && ringParam) w.writeLine(`rt.ringSubmitted(${ringParam.p.name});`);
      if (r.kind === 'errno' || r.kind === 'count') {
        const pass = r.passthrough.map((x) => `ret !== -rt.errnoNumber(${q(x)})`);
        w.writeLine(`if (ret < 0${pass.length ? ' && ' + pass.join(' && ') : ''}) throw rt.check.uringError(spec, Number(ret));`);
      }
      // Memory the kernel keeps using.
      if (sqeParam) {
        for (const mp of completion) w.writeLine(`rt.holdUntilCompletion(${sqeParam.p.name}, ${mp.ct.kind === 'string' ? `${mp.p.name}_c` : mp.p.name});`);
      }
      for (const mp of f.params) {
        if (mp.ct.kind === 'structOut') {
          const from = mp.p.borrowedFrom;
          if (mp.p.lengthFrom) {
            w.writeLine(`${mp.p.name}.items = [];`);
            w.write(`for (let i = 0; i < Math.min(Number(ret), ${mp.p.name}.capacity); i++)`).block(() => {
              w.writeLine(`${mp.p.name}.items.push(${borrowExpr(model, (mp.ct as { struct: string }).struct, from, `${mp.p.name}.slots[i]!`)});`);
            });
          } else {
            w.writeLine(`${mp.p.name}.value = ${mp.p.name}.slot[0] ? ${borrowExpr(model, (mp.ct as { struct: string }).struct, from, `${mp.p.name}.slot[0]`)} : null;`);
            w.writeLine(`${mp.p.name}.slot[0] = 0n;`);
          }
        }
        if (mp.p.ownership === 'consumed') w.writeLine(`rt.consumed(${mp.p.name}, ${q(`it was freed by ${e.name}`)});`);
      }
      if (e.effect !== 'ring-init' && ringParam) {
        // Memory the ring keeps using after the call (registered buffers): held until io_uring_queue_exit.
        for (const mp of f.params.filter((x) => x.p.ownership === 'ring')) w.writeLine(`rt.holdForRing(${ringParam.p.name}, ${mp.p.name});`);
      } else if (sqeParam) {
        // The same for the ring of an SQE (provided buffers).
        for (const mp of f.params.filter((x) => x.p.ownership === 'ring')) w.writeLine(`rt.holdForRingOfSqe(${sqeParam.p.name}, ${mp.p.name});`);
      }
      if (bookkeeping && !bookkeeping.before) w.writeLine(bookkeeping.call);
      if (e.effect === 'ring-init' && ringParam) {
        const kept = f.params.filter((mp) => mp.p.ownership === 'ring').map((mp) => mp.p.name);
        w.writeLine(`rt.ringInitialized(${ringParam.p.name}, [${kept.join(', ')}]);`);
      }
      if (e.effect === 'ring-exit' && ringParam) w.writeLine(`rt.ringExited(${ringParam.p.name});`);
      if (e.effect === 'ring-remap' && ringParam) w.writeLine(`rt.ringRemapped(${ringParam.p.name});`);
      if (r.kind === 'void') return;
      if (r.kind === 'pointer') {
        if (f.result.kind === 'struct') w.writeLine(`return ret === null || ret === 0n ? null : ${borrowExpr(model, f.result.struct, r.borrowedFrom, 'ret', r.flexibleCount)};`);
        else w.writeLine('return ret === null || ret === 0n ? null : ret;');
        return;
      }
      if (resultType === 'bigint') w.writeLine('return BigInt(ret);');
      else if (r.kind === 'bool') w.writeLine('return ret;');
      else w.writeLine('return Number(ret);');
    },
  });
  if (e.sqe) {
    const eps = encoderParams(f).map((mp) => ({ name: mp.p.name, type: mp.ct.kind === 'string' ? 'rt.Memory' + (mp.p.nullable ? ' | null' : '') : tsParamType(mp, model) }));
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
  return { path: `functions/${e.name}.ts`, text: finish(file, [f.file]) };
}

/** The lazily bound koffi declarations of every function. */
export function emitFfi(model: Model, opts: EmitOptions): OutFile {
  const project = newProject();
  const file = project.createSourceFile('ffi.ts');
  file.addImportDeclaration({ moduleSpecifier: opts.runtime(0), namedImports: ['lazyBindings'] });
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
        const ps = f.params.map((mp) => q(koffiType(mp.ct, mp.p.ownership === 'completion'))).join(', ');
        w.writeLine(`${e.name}: { since: ${q(e.since)}, library: ${q(e.library)}, result: ${q(koffiType(f.result, false))}, params: [${ps}] },`);
      }
    });
    w.write(');').newLine();
  });
  return { path: 'ffi.ts', text: finish(file, ['schema/functions']) };
}
