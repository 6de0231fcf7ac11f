/**
 * Generation: schema in, files out. Pure and deterministic: the same schema
 * gives byte-identical files (entries sorted by name, no timestamps). Writing
 * them into a folder is write-output.ts.
 */
import { loadSchema, SchemaError } from './load.js';
import { buildModel, type Model } from './model.js';
import { IN_REPO, type EmitOptions, type OutFile } from './emit-common.js';
import { emitStructs } from './emit-structs.js';
import { emitConstants } from './emit-constants.js';
import { emitLayout } from './emit-layout.js';
import { emitFfi, emitFunction, emitWrappers } from './emit-functions.js';
import { emitTest, testScope } from './emit-tests.js';
import { emitIndex, emitLibcIndex, emitUnsafe } from './emit-index.js';
import { emitDocs } from './emit-docs.js';

export interface GenerateOptions {
  schemaDir: string;
  userSchemaDirs?: string[];
  runtimeDir: string;
  emit?: EmitOptions;
}

/** `files` go to the output folder (generated/), `docs` to the API reference folder (docs/api/). */
export async function generateFiles(o: GenerateOptions): Promise<{ files: OutFile[]; docs: OutFile[]; model: Model }> {
  const schema = await loadSchema(o.schemaDir, o.userSchemaDirs ?? []);
  const model = buildModel(schema);
  const emit = o.emit ?? IN_REPO;
  const scope = testScope(model, emit, o.runtimeDir);
  const files: OutFile[] = [emitStructs(model, emit), emitConstants(model), emitLayout(model), emitFfi(model, emit), emitIndex(model), emitLibcIndex(model), emitUnsafe(model)];
  const wrappers = emitWrappers(model, emit);
  const problems: string[] = [...wrappers.problems];
  files.push(wrappers.file);
  for (const f of model.functions) {
    try {
      files.push(emitFunction(f));
      files.push(emitTest(f, model, scope, emit));
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  if (problems.length) throw new SchemaError(problems);
  files.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { files, docs: emitDocs(model), model };
}
