/**
 * `npm run generate [-- --check]`: compile schema/ into generated/, or check
 * that generated/ is what the schema produces.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateFiles, staleFiles, writeFiles } from './generate.js';
import { SchemaError } from './load.js';
import { summary } from './summary.js';

const root = join(fileURLToPath(import.meta.url), '..', '..');

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const outDir = join(root, 'generated');
  const { files, model } = await generateFiles({ schemaDir: join(root, 'schema'), runtimeDir: join(root, 'runtime') });
  if (check) {
    const stale = staleFiles(files, outDir);
    if (stale.length) {
      console.error(`generated/ is stale: ${stale.length} file(s) differ from what the schema produces:`);
      for (const s of stale.slice(0, 20)) console.error(`  ${s}`);
      if (stale.length > 20) console.error(`  ... and ${stale.length - 20} more`);
      console.error('Run `npm run generate` and commit the result.');
      return 1;
    }
    console.log(`generated/ is up to date (${files.length} files).`);
    return 0;
  }
  const changed = writeFiles(files, outDir);
  console.log(`wrote generated/: ${files.length} files, ${changed} changed.`);
  console.log(summary(model));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e) => {
    if (e instanceof SchemaError) console.error(e.message);
    else console.error(e);
    process.exitCode = 1;
  },
);
