#!/usr/bin/env node
/**
 * Runs this example end to end from a clone of liburing-ts, without `npm install`
 * here (CI, `npm test` of the package, `npm run test:extend-2.15`):
 *
 *   1. installs liburing-ts into node_modules/liburing-ts the way npm installs the
 *      published package: its compiled dist/ (built from the clone's sources with
 *      tsc into that folder, so the clone's own dist/ is never touched), its
 *      schema/, package.json, bin/, cjs/ and postinstall script (package.json's
 *      "files"), plus the `liburing-ts` bin link. The build is
 *      reused while the sources are unchanged;
 *   2. runs the package's CLI: `liburing-ts generate --schema schema --out generated --tests changed`;
 *   3. runs vitest on the generated tests.
 *
 * The dev dependencies (vitest, fast-check, ts-morph, tsx) and liburing-ts's own
 * dependencies (koffi, zod) resolve from the clone's node_modules, two folders up.
 * liburing itself is the clone's provisioned one (LIBURING_TS_HOME is the
 * clone's .liburing/); `--suite sid` (or LIBURING_SUITE=sid) runs against Debian
 * sid's liburing 2.15, provisioning it into .liburing/sid first when needed.
 *
 * A project of your own does not need this: `npm install` then `npm test` (see README.md).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const example = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(example, '..', '..');
const installed = join(example, 'node_modules', 'liburing-ts');
const require = createRequire(join(root, 'package.json'));

const argv = process.argv.slice(2);
const suiteAt = argv.indexOf('--suite');
const suite = suiteAt >= 0 ? argv[suiteAt + 1] : process.env.LIBURING_SUITE;
if (suiteAt >= 0 && !suite) fail('--suite needs a Debian suite, e.g. --suite sid');

function fail(message) {
  console.error(`extend-schema: ${message}`);
  process.exit(1);
}

function log(line) {
  console.error(`extend-schema: ${line}`);
}

/** The environment of the steps: this clone's liburing, the suite asked for, no npm_* of an outer `npm test`. */
function env() {
  const e = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'INIT_CWD') e[k] = v;
  e.LIBURING_TS_HOME = process.env.LIBURING_TS_HOME ?? join(root, '.liburing');
  if (suite) e.LIBURING_SUITE = suite;
  else delete e.LIBURING_SUITE;
  return e;
}

function run(what, cmd, args, options = {}) {
  const started = Date.now();
  log(`${what}...`);
  const r = spawnSync(cmd, args, { cwd: example, env: env(), stdio: options.capture ? 'pipe' : 'inherit', encoding: 'utf8' });
  if (r.error) fail(`${what}: ${r.error.message}`);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0 && !options.allowFailure) {
    if (options.capture) process.stderr.write(r.stdout + r.stderr);
    fail(`${what} failed (exit ${r.status ?? r.signal}) after ${secs}s`);
  }
  log(`${what}: done in ${secs}s`);
  return r;
}

/** The files the installed package is built from, for the reuse stamp. */
function sourceFiles(dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name === 'tests' && dir.endsWith('generated')) continue;
      sourceFiles(p, out);
    } else if (/\.(ts|json|cjs)$/.test(name)) out.push(p);
  }
  return out;
}

function stamp() {
  const h = createHash('sha256');
  const files = [
    ...['package.json', 'tsconfig.json', 'tsconfig.build.json', 'index.ts', 'bin/liburing-ts.mjs', 'scripts/bundle.mjs'].map((f) => join(root, f)),
    ...sourceFiles(join(root, 'cjs')),
    ...['runtime', 'generated', 'cli', 'generator', 'schema'].flatMap((d) => sourceFiles(join(root, d))),
  ];
  for (const f of files) {
    h.update(relative(root, f));
    h.update(readFileSync(f));
  }
  return h.digest('hex');
}

/** node_modules/liburing-ts as npm would install the package: dist/, schema/, package.json, the bin. */
function installPackage() {
  const want = stamp();
  const stampFile = join(installed, '.extend-schema-stamp');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === want) {
    log('liburing-ts in node_modules is built from the current sources');
    return;
  }
  if (existsSync(installed) && lstatSync(installed).isSymbolicLink()) {
    log('replacing the node_modules/liburing-ts link (from `npm install` here) with a build of the sources');
  }
  const partial = `${installed}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const tsc = require.resolve('typescript/bin/tsc');
  const build = run('building liburing-ts (tsc -p tsconfig.build.json) into node_modules/liburing-ts', process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', join(partial, 'dist')], { capture: true, allowFailure: true });
  if (build.status !== 0) {
    if (!existsSync(join(partial, 'dist', 'cli', 'main.js')) || !existsSync(join(partial, 'dist', 'runtime', 'index.js'))) {
      process.stderr.write(build.stdout + build.stderr);
      fail('tsc emitted no package');
    }
    // Type errors elsewhere in the tree (typecheck reports them) do not stop the emitted JavaScript from working.
    log(`tsc reported type errors (exit ${build.status}); using what it emitted:\n${(build.stdout + build.stderr).split('\n').slice(0, 10).join('\n')}`);
  }
  // npm run build's second step: the entry points bundled, as the published package has them.
  run('bundling its entry points (scripts/bundle.mjs)', process.execPath, [join(root, 'scripts', 'bundle.mjs'), join(partial, 'dist')]);
  cpSync(join(root, 'package.json'), join(partial, 'package.json'));
  cpSync(join(root, 'README.md'), join(partial, 'README.md'));
  cpSync(join(root, 'schema'), join(partial, 'schema'), { recursive: true });
  cpSync(join(root, 'scripts', 'postinstall.mjs'), join(partial, 'scripts', 'postinstall.mjs'));
  cpSync(join(root, 'bin', 'liburing-ts.mjs'), join(partial, 'bin', 'liburing-ts.mjs'));
  cpSync(join(root, 'cjs'), join(partial, 'cjs'), { recursive: true });
  writeFileSync(join(partial, '.extend-schema-stamp'), want);
  rmSync(installed, { recursive: true, force: true });
  renameSync(partial, installed);
  const bin = join(example, 'node_modules', '.bin');
  mkdirSync(bin, { recursive: true });
  rmSync(join(bin, 'liburing-ts'), { force: true });
  symlinkSync(join('..', 'liburing-ts', 'bin', 'liburing-ts.mjs'), join(bin, 'liburing-ts'));
  chmodSync(join(installed, 'bin', 'liburing-ts.mjs'), 0o755);
}

installPackage();
const cli = join(installed, 'bin', 'liburing-ts.mjs');
if (suite && suite !== 'trixie') {
  run(`provisioning Debian ${suite}'s liburing (liburing-ts provision)`, process.execPath, [cli, 'provision']);
}
// The same command as `npm run generate` here (package.json).
run('liburing-ts generate --schema schema --out generated --tests changed', process.execPath, [cli, 'generate', '--schema', 'schema', '--out', 'generated', '--tests', 'changed']);
const vitest = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const tests = run(`vitest run (liburing from ${suite ? `Debian ${suite}` : 'the default provisioning'})`, process.execPath, [vitest, 'run', '--root', example], { allowFailure: true });
process.exit(tests.status ?? 1);
