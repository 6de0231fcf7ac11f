/**
 * `npm run generate [-- --check | --force]`: compile schema/ into generated/
 * and the API reference docs/api/, or check that both are what the schema
 * produces. Writing goes through write-output.ts: a file changed by hand, or
 * one the generator did not write, stops it with exit code 2 (--force
 * replaces the hand-edited ones; the others are never touched).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateFiles } from './generate.js';
import { assertWritable, checkOutput, OutputRefusedError, OutputWriteError, writeOutput } from './write-output.js';
import { SchemaError } from './load.js';
import { summary } from './summary.js';
import { coverage, coverageLine, proofCoverage, proofLine } from './coverage.js';
import { findInstalled } from '../runtime/provision/provision.js';

const root = join(fileURLToPath(import.meta.url), '..', '..');

async function main(argv: string[]): Promise<number> {
  let check: boolean;
  let force: boolean;
  try {
    const { values } = parseArgs({ args: argv, options: { check: { type: 'boolean' }, force: { type: 'boolean' } }, strict: true, allowPositionals: false });
    check = values.check === true;
    force = values.force === true;
  } catch (e) {
    console.error(`npm run generate: ${(e as Error).message.split(/\.(?:\s|$)/)[0]}. It takes --check or --force (npm run generate -- --check).`);
    return 2;
  }
  const outDir = join(root, 'generated');
  const docsDir = join(root, 'docs', 'api');
  const { files, docs, model } = await generateFiles({ schemaDir: join(root, 'schema'), runtimeDir: join(root, 'runtime') });
  if (check) {
    const stale = [...checkOutput(files, outDir, { strict: true }).map((s) => `generated/${s}`), ...checkOutput(docs, docsDir, { strict: true }).map((s) => `docs/api/${s}`)];
    if (stale.length) {
      console.error(`generated/ or docs/api/ is stale: ${stale.length} file(s) differ from what the schema produces:`);
      for (const s of stale.slice(0, 20)) console.error(`  ${s}`);
      if (stale.length > 20) console.error(`  ... and ${stale.length - 20} more`);
      console.error('Run `npm run generate` and commit the result.');
      return 1;
    }
    console.log(`generated/ and docs/api/ are up to date (${files.length} + ${docs.length} files).`);
    return 0;
  }
  const options = { force, forceHint: '`npm run generate -- --force`' };
  let wrote;
  try {
    // Both folders are planned before either is written: a refusal in docs/api/ leaves generated/ as it was too.
    assertWritable(files, outDir, { ...options, shown: 'generated/' });
    assertWritable(docs, docsDir, { ...options, shown: 'docs/api/' });
    wrote = [writeOutput(files, outDir, { ...options, shown: 'generated/' }), writeOutput(docs, docsDir, { ...options, shown: 'docs/api/' })];
  } catch (e) {
    if (!(e instanceof OutputRefusedError || e instanceof OutputWriteError)) throw e;
    // A git merge that combined changes to one generated file leaves content neither side generated.
    const merged = /changed by hand/.test(e.message) ? ' After a git merge that touched generated/ or docs/api/, this is expected: run `npm run generate -- --force`.' : '';
    console.error(`npm run generate: ${e.message}${merged}`);
    return e.exitCode;
  }
  const said = (w: { written: number; removed: number }) => `${w.written} written, ${w.removed} removed`;
  console.log(`generated/: ${files.length} files, ${said(wrote[0]!)}; docs/api/: ${docs.length} files, ${said(wrote[1]!)}.`);
  console.log(summary(model));
  console.log(coverageSummary(model.functions.map((f) => f.entry)));
  console.log(proofLine(proofCoverage(model.functions.map((f) => f.entry))));
  return 0;
}

/** The coverage line of the summary, against the liburing already there (nothing is fetched). */
function coverageSummary(functions: Parameters<typeof coverage>[0]): string {
  const install = findInstalled();
  if (!install) return 'API coverage: no liburing found yet (npm run coverage:api provisions one)';
  try {
    return coverageLine(coverage(functions, install));
  } catch (e) {
    return `API coverage: not measured: ${(e as Error).message}`;
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e) => {
    if (e instanceof SchemaError) console.error(e.message);
    else console.error(e);
    process.exitCode = 1;
  },
);
