/**
 * `liburing-ts generate`: the built-in schema merged with the user's schema
 * folders, compiled into the user's project. The output is a complete binding
 * (every wrapper, the constants, the koffi declarations, one vitest file per
 * function) that imports the runtime from 'liburing-ts/runtime' and the test
 * helpers from 'liburing-ts/testing', so its tests run in the user's vitest.
 *
 * The struct classes of the output are the package's own (re-exported from
 * 'liburing-ts') whenever the merged schema leaves a struct as it is: a ring,
 * SQE or CQE made with the package's API, or by its test helpers (newRing),
 * is then accepted by the user's wrappers, whose argument checks test the
 * class. A struct the user's schema adds or replaces gets its own class.
 *
 * The generator's modules are loaded only when generate runs: they need
 * ts-morph (and the schema entries need tsx), which are dev dependencies.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { builtinSchemaDir, packageDir, Progress, projectHas, requireGeneratorDeps, schemaDirs } from './tooling.js';
import { CliError, runCommand } from './errors.js';
import { choiceOption, parseCommandArgs, usageError } from './args.js';
import type { Model } from '../generator/model.js';
import type { Schema } from '../generator/load.js';

export const generateUsage = `usage: liburing-ts generate [--schema DIR ...] [--out DIR] [--docs DIR] [--tests all|changed] [--check | --force] [--quiet]

Compiles liburing-ts's built-in schema, merged with your schema folders, into
your project: the checked wrappers, the constants, the koffi declarations and
one vitest test file per function (in OUT/tests). The output imports the
runtime from 'liburing-ts/runtime' and the test helpers from 'liburing-ts/testing'.

A file in a --schema folder is one of:
  - a new function entry (the same fields as schema/functions/*/*.ts of the
    package, see docs/schema.md), e.g. a function of a newer liburing;
  - an entry with the name of a built-in one, which replaces it;
  - an override, changing the preconditions of one parameter of a built-in
    function: { override: 'io_uring_prep_read', params: { nbytes: {
    preconditions: [...], mode: 'add' | 'replace' } } } (mode defaults to add).
Every override is reported, with the preconditions it adds or removes.

Options:
  --schema DIR  a folder of your schema entries (repeatable; sub-folders are read)
  --out DIR     where to write the binding (default: generated). A new or empty
                folder, or one generate wrote before: it keeps a manifest
                (liburing-ts.manifest.json) of the files it wrote, and removes
                or overwrites only those; it refuses (exit 2) a folder holding
                other files, and generated files changed by hand
  --docs DIR    also write the API reference (one Markdown page per function)
  --tests WHICH all (the default): a test file for every function; changed: only
                for the functions your schema adds, replaces or overrides (the
                others are the package's own, already tested by it)
  --check       write nothing; exit 1 when OUT (and DOCS) differ from what the
                schema produces (for CI)
  --force       write into a folder generate did not make (beside what is there),
                and replace generated files changed by hand. A file generate did
                not write is never removed or overwritten, even with --force
  --quiet       no progress lines on stderr

Needs ts-morph and tsx as dev dependencies of your project (optional peer
dependencies of liburing-ts), and vitest and fast-check to run the generated
tests. Works in CommonJS projects (schema entries are loaded as ES modules),
with pnpm, and with these packages in a nested node_modules.`;

/** Folder with index.ts, testing.ts and fuzz.ts of the runtime, read by the test emitter for the names tests may use. */
function runtimeSources(): { dir: string; cleanup: () => void } {
  const pkg = packageDir();
  const names = ['index', 'testing', 'fuzz'];
  const src = join(pkg, 'runtime');
  if (names.every((n) => existsSync(join(src, `${n}.ts`)))) return { dir: src, cleanup: () => {} };
  // An installed package has only the compiled runtime: point the emitter at its declarations.
  const dist = join(pkg, 'dist', 'runtime');
  const missing = names.filter((n) => !existsSync(join(dist, `${n}.d.ts`)));
  if (missing.length) throw new CliError(`liburing-ts generate: the package at ${pkg} is not built (no ${missing.map((n) => `dist/runtime/${n}.d.ts`).join(', ')}): run \`npm run build\` in it`);
  const dir = mkdtempSync(join(tmpdir(), 'liburing-ts-runtime-'));
  for (const n of names) writeFileSync(join(dir, `${n}.ts`), `export * from ${JSON.stringify(join(dist, `${n}.js`))};\n`);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const stable = (v: unknown): string => JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : x));

/** The functions the user's schema adds, replaces or overrides. */
function changedFunctions(model: Model, builtin: Schema): Set<string> {
  const before = new Map(builtin.functions.map((f) => [f.entry.name, stable(f.entry)]));
  return new Set(model.functions.filter((f) => before.get(f.entry.name) !== stable(f.entry)).map((f) => f.entry.name));
}

/** What the user's schema folders did to the built-in schema, precondition by precondition. */
function overrideReport(model: Model, builtin: Schema): string[] {
  const lines: string[] = [];
  const before = new Map(builtin.functions.map((f) => [f.entry.name, f.entry]));
  for (const f of model.functions) {
    const old = before.get(f.entry.name);
    if (!old) {
      lines.push(`added ${f.entry.name} (since ${f.entry.since}, category ${f.entry.category}) from ${f.file}`);
      continue;
    }
    if (stable(old) === stable(f.entry)) continue;
    const overriddenBy = f.sources.slice(1);
    const fromOverride = f.origin === 'builtin' && overriddenBy.length > 0;
    lines.push(`${fromOverride ? 'overrode' : 'replaced'} ${f.entry.name} from ${fromOverride ? overriddenBy.join(', ') : f.file}`);
    for (const p of f.entry.params) {
      const q = old.params.find((x) => x.name === p.name);
      if (!q) continue;
      const was = new Set(q.preconditions.map((x) => stable(x)));
      const now = new Set(p.preconditions.map((x) => stable(x)));
      for (const x of p.preconditions) if (!was.has(stable(x))) lines.push(`    + ${p.name}: ${x.rule.kind}: ${x.message}${x.errno ? ` [${x.errno}]` : ''}`);
      for (const x of q.preconditions) if (!now.has(stable(x))) lines.push(`    - ${p.name}: ${x.rule.kind}: ${x.message} (built-in, removed)`);
    }
  }
  return lines;
}

const generateOptions = {
  schema: { type: 'string', multiple: true },
  out: { type: 'string' },
  docs: { type: 'string' },
  tests: { type: 'string' },
  check: { type: 'boolean' },
  force: { type: 'boolean' },
  quiet: { type: 'boolean' },
} as const;

export function generateCommand(argv: string[]): Promise<number> {
  return runCommand(async () => {
    const { values } = parseCommandArgs('generate', argv, generateOptions);
    if (values.help) {
      console.log(generateUsage);
      return 0;
    }
    const which = choiceOption('generate', 'tests', values.tests ?? 'all', ['all', 'changed'] as const);
    const check = values.check === true;
    if (check && values.force) throw usageError('generate', '--check writes nothing, so --force means nothing with it');
    const outDir = resolve(values.out ?? 'generated');
    const docsDir = values.docs ? resolve(values.docs) : null;
    const user = schemaDirs(values.schema, 'generate');
    const progress = new Progress('generate', values.quiet === true);
    if (outDir === resolve(packageDir(), 'generated')) {
      throw new CliError(`liburing-ts generate: --out ${outDir} is the package's own generated/ folder; choose a folder of your project`, 2);
    }
    if (docsDir === outDir) throw usageError('generate', '--docs and --out must be different folders');
    await requireGeneratorDeps();
    const { generateFiles } = await import('../generator/generate.js');
    const { assertOutputFolder, assertWritable, checkOutput, writeOutput, OutputRefusedError, OutputWriteError } = await import('../generator/write-output.js');
    const refused = (e: unknown): never => {
      if (e instanceof OutputRefusedError || e instanceof OutputWriteError) throw new CliError(`liburing-ts generate: ${e.message}`, e.exitCode);
      throw e;
    };
    const shownOut = relative(process.cwd(), outDir) || '.';
    const shownDocs = docsDir ? relative(process.cwd(), docsDir) || '.' : null;
    if (!check) {
      // A folder generate will not write into is refused before the minute generating takes.
      try {
        assertOutputFolder(outDir, { force: values.force === true, shown: shownOut });
        if (docsDir) assertOutputFolder(docsDir, { force: values.force === true, shown: shownDocs! });
      } catch (e) {
        refused(e);
      }
    }
    const { loadSchema } = await import('../generator/load.js');
    const { summary } = await import('../generator/summary.js');
    const { IN_PACKAGE } = await import('../generator/emit-common.js');

    progress.step(`loading the built-in schema${user.length ? ` and your schema folder${user.length > 1 ? 's' : ''} ${user.map((d) => relative(process.cwd(), d) || '.').join(', ')}` : ''}, generating the binding and its tests`);
    const schemaDir = builtinSchemaDir();
    const runtime = runtimeSources();
    let result;
    try {
      // The merged schema first: a problem in the built-in entries and in yours is reported at once.
      result = await generateFiles({ schemaDir, userSchemaDirs: user, runtimeDir: runtime.dir, emit: IN_PACKAGE });
    } finally {
      runtime.cleanup();
    }
    // The built-in schema alone, to tell what your folders changed (entry modules are cached: this is quick).
    const builtin = await loadSchema(schemaDir);
    const { docs, model } = result;
    // Struct classes of the user's own (added or replaced structs); the others are the package's, shared.
    const own = model.schema.structs.filter((s) => s.origin === 'user').map((s) => s.entry.className).sort();
    const changedFns = changedFunctions(model, builtin);
    const files = which === 'all' ? result.files : result.files.filter((f) => !/^tests\//.test(f.path) || changedFns.has(f.path.replace(/^tests\/(.*)\.test\.ts$/, '$1')));

    if (check) {
      progress.step(`comparing with ${shownOut}`);
      const stale = [...checkOutput(files, outDir).map((s) => `${shownOut}/${s}`), ...(docsDir ? checkOutput(docs, docsDir).map((s) => `${shownDocs}/${s}`) : [])];
      progress.done();
      if (stale.length) {
        console.error(`liburing-ts generate --check: ${stale.length} file(s) differ from what the schema produces:`);
        for (const s of stale.slice(0, 20)) console.error(`  ${s}`);
        if (stale.length > 20) console.error(`  ... and ${stale.length - 20} more`);
        console.error(`Run \`liburing-ts generate\` with the same options and commit the result.`);
        return 1;
      }
      console.log(`${shownOut}${shownDocs ? ` and ${shownDocs}` : ''} are up to date (${files.length}${docsDir ? ` + ${docs.length}` : ''} files).`);
      return 0;
    }
    progress.step(`writing ${shownOut}${shownDocs ? ` and ${shownDocs}` : ''}`);
    const options = { force: values.force === true };
    let wrote: { written: number; removed: number; unchanged: number }[] = [];
    try {
      // Both folders are planned before either is written: a refusal for one leaves the other as it was.
      assertWritable(files, outDir, { ...options, shown: shownOut });
      if (docsDir) assertWritable(docs, docsDir, { ...options, shown: shownDocs! });
      wrote = [writeOutput(files, outDir, { ...options, shown: shownOut }), ...(docsDir ? [writeOutput(docs, docsDir, { ...options, shown: shownDocs! })] : [])];
    } catch (e) {
      refused(e);
    }
    const said = (w: { written: number; removed: number; unchanged: number }) => `${w.written} written, ${w.removed} removed, ${w.unchanged} unchanged`;
    console.log(`wrote ${shownOut}/: ${files.length} files (${said(wrote[0]!)}).`);
    if (docsDir) console.log(`wrote ${shownDocs}/: ${docs.length} files (${said(wrote[1]!)}).`);
    console.log(summary(model).split('\n').filter((l) => !l.startsWith('override: ')).join('\n'));
    const report = overrideReport(model, builtin);
    if (report.length) console.log(['from your schema:', ...report.map((l) => `  ${l}`)].join('\n'));
    else if (user.length) console.log('from your schema: nothing changes the built-in schema');
    if (own.length) console.log(`struct classes of your own (added or changed structs): ${own.join(', ')}`);
    const tests = files.filter((f) => f.path.startsWith('tests/')).length;
    // The output imports these itself; a project that does not declare them works only while npm happens to hoist them.
    const undeclared = ['zod', ...(tests ? ['vitest', 'fast-check'] : [])].filter((p) => !projectHas(p));
    if (undeclared.length) {
      const dev = undeclared.filter((p) => p !== 'zod');
      const fix = [undeclared.includes('zod') ? 'npm install zod' : '', dev.length ? `npm install --save-dev ${dev.join(' ')}` : ''].filter(Boolean).join(' && ');
      console.log(`note: the generated code imports ${undeclared.join(', ')}, which this project cannot load: ${fix}`);
    }
    console.log(`${tests} test file(s) in ${shownOut}/tests${which === 'changed' ? ' (--tests changed: for the functions your schema adds, replaces or overrides)' : ''}; run them with: npx vitest run ${shownOut}/tests`);
    progress.done();
    return 0;
  });
}
