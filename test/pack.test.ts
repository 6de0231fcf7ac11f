// The published package works from plain Node: `npm pack` (which builds dist/ through
// prepack), install the tarball into an empty ESM project, import the checked API, make a
// ring, and run the `liburing-ts` bin. The same tarball in a CommonJS project (require(),
// and generate with an override there) and in pnpm's isolated layout, where ts-morph is in
// the project's node_modules but not reachable from where liburing-ts is. Needs the npm
// registry for koffi and zod (npm's own cache is kept, so a second run is fast); liburing
// itself comes from LIBURING_FFI_PATH, except in the last test, where postinstall provisions
// it from a local Debian mirror.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { provision } from '../runtime/provision/provision.js';
import { mirrorUnavailable, startMirror, type Mirror } from './support/debian-mirror.js';

const root = join(import.meta.dirname, '..');
const TIMEOUT = 120_000;
const PACK_TIMEOUT = 400_000;

let work: string;
let tarball: string;
let consumer: string;
let env: NodeJS.ProcessEnv;
let version: string;

/** This process's environment without what `npm test` sets for the package under test (npm_*, INIT_CWD). */
function cleanEnv(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^npm_/i.test(k) && k !== 'INIT_CWD') e[k] = v;
  }
  return e;
}

function run(cmd: string, args: string[], cwd: string, timeout = TIMEOUT): string {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (status ${r.status}, signal ${r.signal}):\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

beforeAll(() => {
  // The liburing the tests use (.liburing/trixie/manifest.json after postinstall), so the
  // consumer neither fetches its own copy nor depends on the network for it.
  const install = provision();
  version = install.version;
  const cache = process.env.npm_config_cache || execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim();
  env = {
    ...cleanEnv(),
    LIBURING_FFI_PATH: install.ffi,
    npm_config_cache: cache,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  work = mkdtempSync(join(tmpdir(), 'liburing-ts-pack-'));
  // npm pack builds dist/ with tsc first: minutes on a loaded 2-core machine.
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], root, PACK_TIMEOUT)) as { filename: string }[];
  tarball = join(work, packed[0]!.filename);
  consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '0.0.0', private: true, type: 'module' }, null, 2) + '\n');
  run('npm', ['install', '--prefer-offline', '--no-package-lock', tarball], consumer);
}, PACK_TIMEOUT + TIMEOUT);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the packed tarball installs and works from plain Node', () => {
  const pkg = JSON.parse(readFileSync(join(consumer, 'node_modules/liburing-ts/package.json'), 'utf8')) as { name: string };
  expect(pkg.name).toBe('liburing-ts');
  writeFileSync(
    join(consumer, 'check.mjs'),
    `import { io_uring_queue_init, io_uring_queue_exit, IoUring, PreconditionError } from 'liburing-ts';
const ring = new IoUring();
io_uring_queue_init(8, ring, 0);
if (ring.sq.ring_entries !== 8) throw new Error('sq.ring_entries is ' + ring.sq.ring_entries);
let threw = null;
try {
  io_uring_queue_init(0, new IoUring(), 0);
} catch (e) {
  threw = e;
}
if (!(threw instanceof PreconditionError)) throw new Error('expected a PreconditionError for 0 entries, got ' + threw);
io_uring_queue_exit(ring);
console.log('OK');
`,
  );
  const out = run(process.execPath, ['check.mjs'], consumer);
  expect(out.trim()).toBe('OK');
}, TIMEOUT);

test('the unsafe entry point stays apart and loads', () => {
  const out = run(process.execPath, ['--input-type=module', '-e', `import * as u from 'liburing-ts/unsafe'; console.log(typeof u.ffi, typeof u.unchecked_io_uring_queue_init);`], consumer);
  expect(out.trim()).toBe('object function');
}, TIMEOUT);

test('the libc entry point stays apart from the main one and calls the C library', () => {
  const script = `import { pipe2, O_CLOEXEC } from 'liburing-ts/libc'; import * as main from 'liburing-ts'; const fds = new Int32Array(2); console.log(pipe2(fds, O_CLOEXEC), fds[0] > 2 && fds[1] > 2, 'pipe2' in main);`;
  const out = run(process.execPath, ['--input-type=module', '-e', script], consumer);
  expect(out.trim()).toBe('0 true false');
}, TIMEOUT);

test('the liburing-ts bin runs: npx liburing-ts doctor', () => {
  const r = spawnSync('npx', ['--no-install', 'liburing-ts', 'doctor'], { cwd: consumer, env, encoding: 'utf8', timeout: TIMEOUT });
  expect(r.stdout).toContain(`liburing ${version} (origin: env)`);
  expect(r.stdout).toMatch(/^io_uring_setup\s+ok:/m);
  expect(r.status, r.stdout + r.stderr).toBe(0);
}, TIMEOUT);

test('the liburing-ts bin rejects an unknown command with usage and exit code 2', () => {
  const r = spawnSync('npx', ['--no-install', 'liburing-ts', 'frobnicate'], { cwd: consumer, env, encoding: 'utf8', timeout: TIMEOUT });
  expect(r.status).toBe(2);
  expect(r.stderr).toContain("unknown command 'frobnicate'");
  expect(r.stderr).toContain('usage: liburing-ts <command>');
}, TIMEOUT);

test('npx liburing-ts --version prints the package version', () => {
  const r = spawnSync('npx', ['--no-install', 'liburing-ts', '--version'], { cwd: consumer, env, encoding: 'utf8', timeout: TIMEOUT });
  expect(r.stdout.trim()).toBe((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version);
  expect(r.status).toBe(0);
}, TIMEOUT);

/** A package from the repository's node_modules, linked into a test project (no registry needed). */
function linkFromRepo(nodeModules: string, name: string): void {
  mkdirSync(nodeModules, { recursive: true });
  symlinkSync(join(root, 'node_modules', name), join(nodeModules, name));
}

/** An override of the kind a project keeps in its schema folder: rings of at most 4096 entries. */
function writeOverride(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'io_uring_queue_init.ts'),
    `export default {
  override: 'io_uring_queue_init',
  params: { entries: { mode: 'add', preconditions: [{ rule: { kind: 'range', max: 4096 }, message: 'entries must be at most 4096 here', source: 'project policy', errno: null }] } },
};
`,
  );
}

describe('a CommonJS project (no "type": "module")', () => {
  let cjs: string;
  beforeAll(() => {
    cjs = join(work, 'cjs');
    mkdirSync(cjs);
    writeFileSync(join(cjs, 'package.json'), JSON.stringify({ name: 'cjs-consumer', version: '0.0.0', private: true }, null, 2) + '\n');
    run('npm', ['install', '--prefer-offline', '--no-package-lock', tarball], cjs);
    // What generate needs (ts-morph, tsx), and what liburing-ts/fuzz imports (fast-check): the optional peer dependencies.
    for (const p of ['ts-morph', 'tsx', 'fast-check']) linkFromRepo(join(cjs, 'node_modules'), p);
  }, TIMEOUT);

  test.skipIf(!process.features.require_module)('require() gives the checked API and every entry point (Node >= 20.19)', () => {
    writeFileSync(
      join(cjs, 'check.js'),
      `const { io_uring_queue_init, io_uring_queue_exit, IoUring, PreconditionError } = require('liburing-ts');
const ring = new IoUring();
io_uring_queue_init(8, ring, 0);
let threw = null;
try { io_uring_queue_init(0, new IoUring(), 0); } catch (e) { threw = e; }
io_uring_queue_exit(ring);
const entries = ['runtime', 'testing', 'schema', 'fast', 'fuzz', 'unsafe', 'libc'].map((s) => s + ':' + Object.keys(require('liburing-ts/' + s)).length);
console.log(ring.sq.ring_entries, threw instanceof PreconditionError, entries.every((e) => !e.endsWith(':0')));
`,
    );
    expect(run(process.execPath, ['check.js'], cjs).trim()).toBe('8 true true');
  }, TIMEOUT);

  test('where Node cannot require() ES modules, require() says so and names the fix', () => {
    // --no-experimental-require-module gives Node 20.19+ the behaviour of older versions.
    const flag = process.features.require_module ? ['--no-experimental-require-module'] : [];
    const r = spawnSync(process.execPath, [...flag, '-e', "try { require('liburing-ts') } catch (e) { console.log(e.message) }"], { cwd: cjs, env, encoding: 'utf8', timeout: TIMEOUT });
    expect(r.stdout).toMatch(/^require\('liburing-ts'\): liburing-ts is an ES module, and .*Use Node 20\.19 or newer/);
  }, TIMEOUT);

  test('generate loads the project\'s TypeScript schema entries and reports the override', () => {
    writeOverride(join(cjs, 'schema'));
    const r = spawnSync('npx', ['--no-install', 'liburing-ts', 'generate', '--schema', 'schema', '--out', 'gen', '--tests', 'changed', '--quiet'], { cwd: cjs, env, encoding: 'utf8', timeout: 300_000 });
    expect(r.stdout + r.stderr).toContain('overrode io_uring_queue_init from schema/io_uring_queue_init.ts');
    expect(r.stdout).toContain('+ entries: range: entries must be at most 4096 here');
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(cjs, 'gen', 'wrappers.ts'), 'utf8')).toContain('entries must be at most 4096 here');
    expect(existsSync(join(cjs, 'gen', 'liburing-ts.manifest.json'))).toBe(true);
  }, 300_000);
});

test('generate in pnpm\'s isolated layout: ts-morph in the project, not reachable from liburing-ts', () => {
  // What pnpm (hoist: false) makes: the package in a store folder with only its own dependencies
  // beside it, and the project's node_modules holding links to it and to the project's dev dependencies.
  const store = join(work, 'store', 'liburing-ts', 'node_modules');
  mkdirSync(store, { recursive: true });
  run('tar', ['xzf', tarball, '-C', join(work, 'store')], work);
  cpSync(join(work, 'store', 'package'), join(store, 'liburing-ts'), { recursive: true });
  for (const p of ['koffi', 'zod']) linkFromRepo(store, p);
  const app = join(work, 'workspace', 'packages', 'app');
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '0.0.0', private: true, type: 'module' }, null, 2) + '\n');
  mkdirSync(join(app, 'node_modules'));
  symlinkSync(join(store, 'liburing-ts'), join(app, 'node_modules', 'liburing-ts'), 'dir');
  for (const p of ['ts-morph', 'tsx', 'zod']) linkFromRepo(join(app, 'node_modules'), p);
  writeOverride(join(app, 'schema'));
  const bin = join(app, 'node_modules', 'liburing-ts', 'bin', 'liburing-ts.mjs');
  const r = spawnSync(process.execPath, [bin, 'generate', '--schema', 'schema', '--out', 'gen', '--tests', 'changed', '--quiet'], { cwd: app, env, encoding: 'utf8', timeout: 300_000 });
  expect(r.stderr).not.toContain('ERR_MODULE_NOT_FOUND');
  expect(r.stdout).toContain('overrode io_uring_queue_init from schema/io_uring_queue_init.ts');
  expect(r.status, r.stderr).toBe(0);
  expect(readFileSync(join(app, 'gen', 'wrappers.ts'), 'utf8')).toContain('entries must be at most 4096 here');
}, 300_000);

describe.skipIf(mirrorUnavailable())('installed as a user installs it: postinstall provisions, then offline and moved it keeps working', () => {
  let mirror: Mirror;
  beforeAll(async () => {
    mirror = await startMirror();
  }, TIMEOUT);
  afterAll(async () => {
    await mirror?.stop();
  });

  test('npm install fetches only the libraries into the package (verified), and the moved project runs with the network gone', async () => {
    const tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);
    const project = join(work, 'user-project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', version: '0.0.0', private: true, type: 'module' }) + '\n');
    const fetchEnv = { ...env, LIBURING_FFI_PATH: undefined, LIBURING_TS_HOME: undefined, LIBURING_SUITE: 'good', LIBURING_TS_MIRROR: mirror.url, LIBURING_TS_KEYRING: mirror.keyring };
    const install = spawnSync('npm', ['install', '--prefer-offline', '--no-package-lock', tarball], { cwd: project, env: defined(fetchEnv), encoding: 'utf8', timeout: TIMEOUT });
    expect(install.status, install.stdout + install.stderr).toBe(0);
    const dir = join(project, 'node_modules', 'liburing-ts', '.liburing', 'good');
    const record = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(record).toMatchObject({ format: 2, verified: 'apt-signature', include: null });
    // Only the shared libraries and the record; no apt lists, no .debs, no headers.
    const kept = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => statSync(join(dir, f)).isFile());
    expect(kept.every((f) => f === 'manifest.json' || /^root\/usr\/lib\/[^/]+\/liburing(-ffi)?\.so\.2(\.\d+)?$/.test(f)), kept.join('\n')).toBe(true);
    // Moved, with the mirror unreachable and the first-use fetch turned off: it must find what is there.
    const moved = join(work, 'user-project-moved');
    renameSync(project, moved);
    writeFileSync(join(moved, 'check.mjs'), `import { io_uring_queue_init, io_uring_queue_exit, IoUring, liburingVersion } from 'liburing-ts';
const ring = new IoUring();
io_uring_queue_init(8, ring, 0);
console.log('OK', liburingVersion(), ring.sq.ring_entries);
io_uring_queue_exit(ring);
`);
    const offline = { ...fetchEnv, LIBURING_TS_MIRROR: 'http://127.0.0.1:1/debian', LIBURING_TS_AUTO_PROVISION: '0' };
    const r = spawnSync(process.execPath, ['check.mjs'], { cwd: moved, env: defined(offline), encoding: 'utf8', timeout: TIMEOUT });
    expect(r.stdout.trim(), r.stderr).toBe(`OK ${mirror.version} 8`);
  }, TIMEOUT);
});

/** An environment without the variables set to undefined. */
function defined(e: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined));
}
