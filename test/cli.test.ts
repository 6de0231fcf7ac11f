// The liburing-ts command: --version, strict options for every subcommand (exit code 2, one line),
// bad values in one line, the bin in a fresh clone with no build step, and generate never losing a
// user's file. The packed package's bin is tested in pack.test.ts.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { main } from '../cli/main.js';
import { compareVersions, parseVersion, versionAtLeast } from '../runtime/version.js';
import { provision } from '../runtime/provision/provision.js';

const root = join(import.meta.dirname, '..');
const pkgVersion = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'liburing-ts-cli-'));
  made.push(d);
  return d;
}

/** Run the CLI in this process, collecting what it prints. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await main(argv);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    stderr.mockRestore();
  }
}

describe('version numbers', () => {
  test('compare as numbers, major first', () => {
    expect(compareVersions('2.15', '2.9')).toBeGreaterThan(0);
    expect(compareVersions('2.9', '2.10')).toBeLessThan(0);
    expect(compareVersions('3.0', '2.99')).toBeGreaterThan(0);
    expect(compareVersions('2.9', '2.9')).toBe(0);
    expect(versionAtLeast('2.9', '2.9')).toBe(true);
    expect(versionAtLeast('2.8', '2.9')).toBe(false);
    expect(parseVersion('6.8.0-45-generic')).toEqual([6, 8]);
    expect(versionAtLeast('6.18.44-fc', '5.12')).toBe(true);
    expect(parseVersion('soon')).toBeNull();
    expect(() => compareVersions('soon', '2.9')).toThrow('not a version of the form major.minor: "soon"');
  });
});

describe('the command line', () => {
  test('--version prints the package version', async () => {
    expect(await cli('--version')).toEqual({ code: 0, out: pkgVersion, err: '' });
    expect((await cli('--version', 'extra')).code).toBe(2);
  });

  test.each(['provision', 'doctor', 'generate', 'coverage', 'check-header'])('%s refuses an unknown option with one line and exit code 2, before doing anything', async (name) => {
    const r = await cli(name, '--bogus');
    expect(r).toEqual({ code: 2, out: '', err: `liburing-ts ${name}: unknown option --bogus. See \`liburing-ts ${name} --help\`.` });
  });

  test.each([
    [['generate', '--tests', 'some'], 'liburing-ts generate: --tests takes all or changed, not "some".'],
    [['generate', '--out'], 'liburing-ts generate: --out needs a value.'],
    [['generate', '--out', '--check'], "liburing-ts generate: --out needs a value (a value starting with '-' is written --out=VALUE)."],
    [['generate', '--out='], 'liburing-ts generate: --out needs a value.'],
    [['generate', '--check=yes'], 'liburing-ts generate: --check takes no value.'],
    [['generate', '--check', '--force'], 'liburing-ts generate: --check writes nothing, so --force means nothing with it.'],
    [['generate', 'schema'], 'liburing-ts generate: unexpected argument schema.'],
    [['provision', 'now'], 'liburing-ts provision: unexpected argument now.'],
    [['doctor', '-x'], 'liburing-ts doctor: unknown option -x.'],
    [['check-header', 'a.h', 'b.h'], 'liburing-ts check-header: one argument at most, got a.h b.h.'],
    [['coverage', '--schema'], 'liburing-ts coverage: --schema needs a value.'],
  ])('%j: one line, exit code 2', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err.startsWith(message), r.err).toBe(true);
  });

  test('--schema takes a folder: a file is refused with a message', async () => {
    const file = join(tmp(), 'io_uring_x.ts');
    writeFileSync(file, 'export default {};\n');
    const r = await cli('generate', '--schema', file, '--check');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--schema ${file} is a file; --schema takes a folder of schema entries`);
  });

  test('help is still there for every command', async () => {
    for (const name of ['provision', 'doctor', 'generate', 'coverage', 'check-header']) {
      const r = await cli(name, '--help');
      expect(r.code, name).toBe(0);
      expect(r.out, name).toMatch(new RegExp(`^usage: liburing-ts ${name}`));
    }
  });
});

test('npx liburing-ts works in a fresh clone, with no build step (no dist/)', () => {
  // The files of a clone (no dist/), with the clone's node_modules as `npm install` leaves it.
  const clone = join(tmp(), 'clone');
  mkdirSync(clone);
  for (const f of ['bin', 'cli', 'runtime', 'generator', 'schema', 'generated', 'scripts', 'index.ts', 'package.json', 'tsconfig.json']) cpSync(join(root, f), join(clone, f), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'));
  expect(existsSync(join(clone, 'dist'))).toBe(false);
  // npx links the clone into its cache and runs its postinstall there: a private cache, the tests' liburing.
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_cache: join(tmp(), 'npm-cache'), npm_config_update_notifier: 'false', LIBURING_FFI_PATH: provision().ffi };
  for (const k of Object.keys(env)) if (/^npm_(?!config_cache|config_update)/i.test(k) || k === 'INIT_CWD') delete env[k];
  const npx = (...args: string[]) => spawnSync('npx', ['--no-install', 'liburing-ts', ...args], { cwd: clone, env, encoding: 'utf8', timeout: 120_000 });
  const v = npx('--version');
  expect(v.stdout.trim(), v.stderr).toBe(pkgVersion);
  expect(v.status).toBe(0);
  const bad = npx('provision', '--bogus');
  expect(bad.stderr.trim()).toBe('liburing-ts provision: unknown option --bogus. See `liburing-ts provision --help`.');
  expect(bad.status).toBe(2);
  expect(existsSync(join(clone, 'dist'))).toBe(false);
}, 300_000);

describe('generate into a folder of the user', () => {
  /** Every path under dir with its bytes, to show that nothing changed. */
  function snapshot(dir: string): Record<string, string> {
    const out: Record<string, string> = {};
    const walk = (d: string) => {
      for (const name of readdirSync(d).sort()) {
        const p = join(d, name);
        if (lstatSync(p).isDirectory()) walk(p);
        else out[relative(dir, p)] = readFileSync(p, 'utf8');
      }
    };
    walk(dir);
    return out;
  }

  test('refuses a folder holding other files (exit 2), writes beside them with --force, reports a hand-edited file, and --check writes nothing', async () => {
    const src = join(tmp(), 'src');
    mkdirSync(join(src, '.git'), { recursive: true });
    writeFileSync(join(src, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(join(src, 'app.ts'), 'console.log("my app");\n');
    writeFileSync(join(src, 'NOTES.md'), '# notes\n');
    const mine = snapshot(src);
    const args = ['generate', '--out', src, '--tests', 'changed', '--quiet'];

    const refused = await cli(...args);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/^liburing-ts generate: .*src is not empty and liburing-ts generate did not make it \(it has no liburing-ts\.manifest\.json, and \.git\/, NOTES\.md, app\.ts are not generated files\)\. Nothing was written\./);
    expect(snapshot(src)).toEqual(mine);

    const forced = await cli(...args, '--force');
    expect(forced.code, forced.err).toBe(0);
    const after = snapshot(src);
    for (const [path, content] of Object.entries(mine)) expect(after[path], path).toBe(content);
    expect(after['functions/io_uring_queue_init.ts']).toContain('io_uring_queue_init');
    expect(Object.keys((JSON.parse(after['liburing-ts.manifest.json']!) as { files: object }).files)).not.toContain('app.ts');

    // A generated file edited by hand is reported, and kept, by the next run.
    const edited = join(src, 'functions', 'io_uring_queue_init.ts');
    writeFileSync(edited, readFileSync(edited, 'utf8') + '// my fix\n');
    const before = snapshot(src);
    const again = await cli(...args);
    expect(again.code).toBe(2);
    expect(again.err).toContain('1 generated file(s) in');
    expect(again.err).toContain('were changed by hand since generate wrote them: functions/io_uring_queue_init.ts');
    expect(snapshot(src)).toEqual(before);

    // --check reports it and writes nothing.
    const check = await cli('generate', '--out', src, '--tests', 'changed', '--quiet', '--check');
    expect(check.code).toBe(1);
    expect(check.err).toContain('functions/io_uring_queue_init.ts');
    expect(snapshot(src)).toEqual(before);
  }, 600_000);
});
