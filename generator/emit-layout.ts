/**
 * The layout module: every schema struct's size, alignment and field offsets
 * as plain data, so the runtime reads offsets from the schema instead of
 * typing them again (the ABI test proves the layout against the C headers).
 */
import type { Model } from './model.js';
import { doc, finish, newProject, type OutFile } from './emit-common.js';

export function emitLayout(model: Model): OutFile {
  const project = newProject();
  const file = project.createSourceFile('layout.ts');
  const structs = [...model.structs.values()].sort((a, b) => (a.entry.name < b.entry.name ? -1 : 1));
  for (const s of structs) {
    const e = s.entry;
    file.addStatements((w) => {
      w.writeLine(`/** ${e.cType ?? 'struct ' + e.name}: ${doc(e.summary)} */`);
      w.writeLine(`export const ${e.name} = {`);
      w.indent(() => {
        w.writeLine(`/** sizeof(${e.cType ?? 'struct ' + e.name}). */`);
        w.writeLine(`size: ${s.size},`);
        w.writeLine(`/** _Alignof(${e.cType ?? 'struct ' + e.name}). */`);
        w.writeLine(`align: ${s.align},`);
        w.writeLine('/** offsetof() of each member, unions and anonymous structs flattened as C names them. */');
        w.writeLine('offset: {');
        w.indent(() => {
          for (const f of s.fields) w.writeLine(`${f.name}: ${f.offset},`);
          if (s.flexible) w.writeLine(`${s.flexible.name}: ${s.flexible.offset},`);
        });
        w.writeLine('},');
      });
      w.writeLine('} as const;');
    });
  }
  return { path: 'layout.ts', text: finish(file, ['schema/structs/']) };
}
