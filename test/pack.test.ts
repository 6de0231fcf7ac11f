// The published package works from plain Node: `npm pack` (which builds dist/ through
// prepack), install the tarball into an empty ESM project, import the checked API, make a
// ring, and run the `liburing-ts` bin. Needs the npm registry for koffi and zod (npm's own
// cache is kept, so a second run is fast); liburing itself comes from LIBURING_FFI_PATH, except
// in the last test, where postinstall provisions it from a local Debian mirror.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { provision } from '../runtime/provision/provision.js';
import { mirrorUnavailable, startMirror, type Mirror } from './support/debian-mirror.js';

const root = join(import.meta.dirname, '..');
const TIMEOUT = 120_000;

let work: string;
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

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: TIMEOUT });
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
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], root)) as { filename: string }[];
  const tarball = join(work, packed[0]!.filename);
  consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '0.0.0', private: true, type: 'module' }, null, 2) + '\n');
  run('npm', ['install', '--prefer-offline', '--no-package-lock', tarball], consumer);
}, TIMEOUT);

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
