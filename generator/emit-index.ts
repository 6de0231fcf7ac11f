/** The index that exports every wrapper under its C name, the structs and the constants. */
import type { Model } from './model.js';
import { finish, newProject, type OutFile } from './emit-common.js';

export function emitIndex(model: Model): OutFile {
  const project = newProject();
  const file = project.createSourceFile('index.ts');
  file.addExportDeclaration({ moduleSpecifier: './structs.js' });
  file.addExportDeclaration({ moduleSpecifier: './constants.js' });
  for (const f of model.functions) file.addExportDeclaration({ moduleSpecifier: `./functions/${f.entry.name}.js`, namedExports: [f.entry.name] });
  return { path: 'index.ts', text: finish(file, ['schema/']) };
}

/** The unsafe escape hatch: the raw koffi functions, the unchecked twins and the inline helpers in JavaScript, apart from the checked API. */
export function emitUnsafe(model: Model): OutFile {
  const project = newProject();
  const file = project.createSourceFile('unsafe.ts');
  file.addStatements('/**\n * Unsafe: nothing exported here checks its arguments. A wrong pointer or length crashes the\n * process or corrupts memory. Use the checked wrappers from the package\'s main entry instead.\n */');
  file.addExportDeclaration({ moduleSpecifier: './ffi.js', namedExports: ['ffi'] });
  for (const f of model.functions) {
    const names = [`unchecked_${f.entry.name}`, ...(f.implementation.kind === 'js' ? [`inline_${f.entry.name}`] : [])];
    file.addExportDeclaration({ moduleSpecifier: `./functions/${f.entry.name}.js`, namedExports: names });
  }
  return { path: 'unsafe.ts', text: finish(file, ['schema/']) };
}
