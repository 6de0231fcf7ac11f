/** Constants: one typed object per group, and each constant under its C name, each documented with its versions. */
import type { Model } from './model.js';
import type { ConstantGroup } from '../schema/language.js';
import { isLiburingHeader } from '../schema/language/constants.js';
import { doc, finish, newProject, num, type OutFile } from './emit-common.js';

type Value = ConstantGroup['values'][number];

/** "liburing 2.13, Linux 6.18": the versions that have the constant, as its group's rule gives them. */
export function versionNote(g: ConstantGroup, v: Value): string {
  const parts: string[] = [];
  if (isLiburingHeader(g.header)) parts.push(`liburing ${v.since ?? g.since}`);
  const kernel = v.kernel ?? g.kernel;
  if (kernel) parts.push(`Linux ${kernel}`);
  return parts.join(', ');
}

function jsdoc(g: ConstantGroup, v: Value, suffix = ''): string {
  const note = versionNote(g, v);
  const text = [v.doc ? doc(v.doc) : '', note ? `Since ${note}.` : '', suffix].filter(Boolean).join(' ');
  return text ? `/** ${text} */` : '';
}

export function emitConstants(model: Model): OutFile {
  const project = newProject();
  const file = project.createSourceFile('constants.ts');
  for (const g of model.schema.constants) {
    const e = g.entry;
    const since = isLiburingHeader(e.header) ? ` Since liburing ${e.since}.` : '';
    file.addStatements((w) => {
      w.writeLine(`/** ${doc(e.summary)} From <${e.header}>.${since} */`);
      w.writeLine(`export const ${e.group} = {`);
      w.indent(() => {
        for (const v of e.values) {
          const d = jsdoc(e, v);
          if (d) w.writeLine(d);
          w.writeLine(`${v.name}: ${num(v.value)},`);
        }
      });
      w.writeLine('} as const;');
    });
    for (const v of e.values) {
      file.addStatements(`${jsdoc(e, v, `(${e.group})`)}\nexport const ${v.name} = ${e.group}.${v.name};`);
    }
  }
  return { path: 'constants.ts', text: finish(file, model.schema.constants.map((c) => c.file)) };
}
