/**
 * `npm run generate [-- --check]`: compile schema/ into generated/ and the API
 * reference docs/api/, or check that both are what the schema produces.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateFiles, staleFiles, writeFiles } from './generate.js';
import { SchemaError } from './load.js';
import { summary } from './summary.js';
import { coverage, coverageLine } from './coverage.js';
import { findInstalled } from '../runtime/provision/provision.js';

const root = join(fileURLToPath(import.meta.url), '..', '..');

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const outDir = join(root, 'generated');
  const docsDir = join(root, 'docs', 'api');
  const { files, docs, model } = await generateFiles({ schemaDir: join(root, 'schema'), runtimeDir: join(root, 'runtime') });
  if (check) {
    const stale = [...staleFiles(files, outDir).map((s) => `generated/${s}`), ...staleFiles(docs, docsDir).map((s) => `docs/api/${s}`)];
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
  const changed = writeFiles(files, outDir);
  const docsChanged = writeFiles(docs, docsDir);
  console.log(`wrote generated/: ${files.length} files, ${changed} changed; docs/api/: ${docs.length} files, ${docsChanged} changed.`);
  console.log(summary(model));
  console.log(coverageSummary(model.functions.map((f) => f.entry)));
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
