/** Constants: one typed object per group, and each constant under its C name. */
import type { Model } from './model.js';
import { doc, finish, newProject, num, type OutFile } from './emit-common.js';

export function emitConstants(model: Model): OutFile {
  const project = newProject();
  const file = project.createSourceFile('constants.ts');
  for (const g of model.schema.constants) {
    const e = g.entry;
    file.addStatements((w) => {
      w.writeLine(`/** ${doc(e.summary)} From <${e.header}>. */`);
      w.writeLine(`export const ${e.group} = {`);
      w.indent(() => {
        for (const v of e.values) {
          if (v.doc || v.since) w.writeLine(`/** ${v.doc ? doc(v.doc) : ''}${v.since ? `${v.doc ? ' ' : ''}Since liburing ${v.since}.` : ''} */`);
          w.writeLine(`${v.name}: ${num(v.value)},`);
        }
      });
      w.writeLine('} as const;');
    });
    for (const v of e.values) {
      file.addStatements(`/** ${v.doc ? doc(v.doc) + ' ' : ''}(${e.group}) */\nexport const ${v.name} = ${e.group}.${v.name};`);
    }
  }
  return { path: 'constants.ts', text: finish(file, model.schema.constants.map((c) => c.file)) };
}
