/** The entry points: the index that exports every liburing wrapper under its C name, the structs and the constants; the libc index; the unsafe one. */
import type { Model } from './model.js';
import { finish, newProject, type OutFile } from './emit-common.js';

export function emitIndex(model: Model): OutFile {
  const project = newProject();
  const file = project.createSourceFile('index.ts');
  file.addExportDeclaration({ moduleSpecifier: './structs.js' });
  file.addExportDeclaration({ moduleSpecifier: './constants.js' });
  // From the one wrappers module, not functions/<name>.ts: an import pays per module loaded.
  file.addStatements(reexport(model.functions.filter((x) => x.entryPoint === 'main').map((f) => f.entry.name)));
  return { path: 'index.ts', text: finish(file, ['schema/']) };
}

/** `export { ... } from './wrappers.js'`, a name a line. */
function reexport(names: string[]): string {
  return `export {\n${names.map((n) => `  ${n},\n`).join('')}} from './wrappers.js';`;
}

/** Whether a constant group comes from a system header (libc's or the kernel's) rather than liburing's. */
export function systemGroup(header: string): boolean {
  return !/^liburing[./]/.test(header);
}

/**
 * liburing-ts/libc: the libc companions (pipe2, eventfd, mmap...), apart from
 * the liburing API, with the constants of the system headers they take.
 */
export function emitLibcIndex(model: Model): OutFile {
  const project = newProject();
  const file = project.createSourceFile('libc.ts');
  file.addStatements('/**\n * The libc companions of liburing: the C library calls ports of liburing programs need and Node lacks,\n * checked like the liburing wrappers, with the constants of the system headers they take.\n */');
  const groups = model.schema.constants.filter((g) => systemGroup(g.entry.header));
  file.addExportDeclaration({
    moduleSpecifier: './constants.js',
    namedExports: groups.flatMap((g) => [g.entry.group, ...g.entry.values.map((v) => v.name)]),
  });
  const libc = model.functions.filter((x) => x.entryPoint === 'libc').map((f) => f.entry.name);
  if (libc.length) file.addStatements(reexport(libc));
  return { path: 'libc.ts', text: finish(file, ['schema/']) };
}

/** The unsafe escape hatch: the raw koffi functions, the unchecked twins and the inline helpers in JavaScript, apart from the checked API. */
export function emitUnsafe(model: Model): OutFile {
  const project = newProject();
  const file = project.createSourceFile('unsafe.ts');
  file.addStatements('/**\n * Unsafe: nothing exported here checks its arguments. A wrong pointer or length crashes the\n * process or corrupts memory. Use the checked wrappers from the package\'s main entry instead.\n */');
  file.addExportDeclaration({ moduleSpecifier: './ffi.js', namedExports: ['ffi'] });
  file.addStatements(reexport(model.functions.flatMap((f) => [`unchecked_${f.entry.name}`, ...(f.implementation.kind === 'js' ? [`inline_${f.entry.name}`] : [])])));
  return { path: 'unsafe.ts', text: finish(file, ['schema/']) };
}
