// The build's second step, after tsc: each entry point of the package (the "exports" of
// package.json) becomes one ES module bundle, the code they share split into chunks, so that
// `import 'liburing-ts'` loads a handful of files instead of about 80. A cold import pays per
// module (resolve, read, compile, link), and that was most of its cost (issue 11 part e).
// The entries share their chunks, so a struct class or a ring's books are one and the same
// through `liburing-ts`, `liburing-ts/unsafe` and `liburing-ts/runtime`. Dependencies (koffi,
// zod, fast-check) stay imports. tsc's other files stay where they were, for the CLI, and the
// .d.ts files are untouched.
//
//   node scripts/bundle.mjs [dist folder, default dist]
// Silent when it succeeds: `npm pack --json` runs it (prepack), and its stdout must stay JSON.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(process.argv[2] ?? join(root, 'dist'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// "./dist/runtime/index.js" -> "runtime/index", for every export that tsc compiled into dist/.
const entries = Object.values(pkg.exports)
  .map((e) => (typeof e === 'object' ? e.default : null))
  .filter((p) => typeof p === 'string' && p.startsWith('./dist/') && p.endsWith('.js'))
  .map((p) => p.slice('./dist/'.length, -'.js'.length));

await build({
  entryPoints: entries.map((e) => ({ in: join(dist, `${e}.js`), out: e })),
  outdir: dist,
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
});
