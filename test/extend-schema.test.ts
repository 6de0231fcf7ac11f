// Extending the schema from a user's project: the examples/extend-schema project run end to
// end (liburing-ts installed into it as npm installs the package, its CLI's generate, the
// generated tests in vitest) against the default liburing (2.9); the header parser against
// the provisioned liburing.h; and the schema commands' help and error messages.
// `npm run test:extend-2.15` runs the same example against Debian sid's liburing 2.15.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { provision } from '../runtime/provision/provision.js';
import { canonicalType, headerVersion, parseHeader } from '../generator/header.js';
import { guessCategory } from '../generator/coverage.js';
import { coverageExclusions } from '../schema/coverage-exclusions.js';
import { main } from '../cli/main.js';

const root = join(import.meta.dirname, '..');
const example = join(root, 'examples', 'extend-schema');

/** Run the CLI in this process, collecting what it prints. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    const code = await main(argv);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('the extend-schema example', () => {
  test(
    'generates its merged binding with the CLI and passes its generated tests against the default liburing',
    () => {
      const r = spawnSync(process.execPath, [join(example, 'scripts', 'run.mjs')], { cwd: root, encoding: 'utf8', env: { ...process.env, LIBURING_SUITE: '' } });
      const all = `${r.stdout}\n${r.stderr}`;
      expect(r.status, all).toBe(0);
      // The CLI reports what the project's schema changes...
      // The package has its own io_uring_register_query since the schema covers liburing 2.15: the project's entry replaces it.
      expect(all).toContain('replaced io_uring_register_query from schema/functions/io_uring_register_query.ts');
      expect(all).toContain('overrode io_uring_queue_init from schema/overrides/io_uring_queue_init.ts');
      expect(all).toContain('+ entries: range: entries must be at most 4096 in this project');
      expect(all).toContain('struct classes of your own (added or changed structs): IoUringQueryHdr, IoUringQueryOpcode');
      // ...and vitest ran the two generated test files.
      expect(all).toMatch(/Test Files\s+.*2 passed/);
      // The output imports the runtime and the helpers from the package, and shares its struct classes.
      const fn = readFileSync(join(example, 'generated', 'wrappers.ts'), 'utf8');
      expect(fn).toContain("from 'liburing-ts/runtime'");
      expect(fn).toContain('export function io_uring_register_query(');
      const test = readFileSync(join(example, 'generated', 'tests', 'io_uring_register_query.test.ts'), 'utf8');
      expect(test).toContain("from 'liburing-ts/testing'");
      const structs = readFileSync(join(example, 'generated', 'structs.ts'), 'utf8');
      expect(structs).toMatch(/export \{[^}]*\bIoUring\b[^}]*\} from 'liburing-ts'/);
      expect(structs).toContain('export class IoUringQueryHdr extends Struct');
    },
    600_000,
  );
});

describe('the liburing.h parser', () => {
  test('finds every function of the provisioned liburing 2.9 header, declared and inline, with canonical types', () => {
    const install = provision({ headers: true });
    const header = install.include ? join(install.include, 'liburing.h') : null;
    expect(header && existsSync(header), 'the provisioned liburing has no liburing.h').toBeTruthy();
    const fns = parseHeader(readFileSync(header!, 'utf8'));
    const byName = new Map(fns.map((f) => [f.name, f]));
    if (headerVersion(install.include!) === '2.9') {
      // 196 exported by liburing-ffi.so.2.9, io_uring_buf_ring_head (liburing.so only), and 5 internal inline helpers.
      expect(fns.length).toBe(202);
      expect(fns.filter((f) => !f.inline).length).toBe(71);
    }
    expect(byName.get('io_uring_queue_init_mem')?.prototype).toBe('int io_uring_queue_init_mem(unsigned entries, struct io_uring *ring, struct io_uring_params *p, void *buf, size_t buf_size)');
    expect(byName.get('io_uring_get_sqe')).toMatchObject({ inline: true, returns: 'struct io_uring_sqe *' });
    expect(byName.get('io_uring_cq_ready')?.params[0]?.type).toBe('const struct io_uring *');
    expect(byName.get('io_uring_peek_batch_cqe')?.params[1]).toEqual({ type: 'struct io_uring_cqe **', name: 'cqes' });
    expect(byName.get('io_uring_major_version')?.params).toEqual([]);
    // Function-like macros are not functions.
    expect(byName.has('io_uring_for_each_cqe')).toBe(false);
    expect(byName.has('io_uring_cqe_index')).toBe(false);
  });

  test('reads C types the way C means them', () => {
    expect(canonicalType('unsigned int')).toBe('unsigned');
    expect(canonicalType('struct  io_uring_cqe * *')).toBe('struct io_uring_cqe **');
    expect(canonicalType('struct iovec const *')).toBe('const struct iovec *');
    expect(parseHeader('int f(unsigned nr, const sigset_t *, int fds[2]);')[0]!.params).toEqual([
      { type: 'unsigned', name: 'nr' },
      { type: 'const sigset_t *', name: null },
      { type: 'int *', name: 'fds' },
    ]);
    expect(parseHeader('#ifdef __cplusplus\nextern "C" {\n#endif\nstatic inline bool g(void) { return 1; }\n#define h(x) (x)\nstruct s { int a; };\n#ifdef __cplusplus\n}\n#endif\n').map((f) => f.prototype)).toEqual(['bool g(void)']);
  });
});

describe('the coverage exclusions', () => {
  test('give a reason for each function, once', () => {
    const names = coverageExclusions.map((x) => x.name);
    expect(new Set(names).size).toBe(names.length);
    for (const x of coverageExclusions) expect(x.reason.length, x.name).toBeGreaterThan(20);
    expect(guessCategory('io_uring_prep_accept')).toBe('prep');
    expect(guessCategory('io_uring_register_buf_ring')).toBe('buf-ring');
  });
});

describe('the schema commands of the CLI', () => {
  test.each(['generate', 'coverage', 'check-header'])('%s --help says what it does and exits 0', async (name) => {
    const r = await cli(name, '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^usage: liburing-ts ${name}`));
  });

  test('an unknown option or a missing folder is a clear error', async () => {
    expect(await cli('generate', '--frobnicate')).toMatchObject({ code: 2, err: expect.stringContaining('unknown option --frobnicate') });
    expect(await cli('generate', '--out')).toMatchObject({ code: 2, err: expect.stringContaining('--out needs a value') });
    expect(await cli('generate', '--tests', 'some')).toMatchObject({ code: 2, err: expect.stringContaining('--tests takes all or changed') });
    expect(await cli('generate', '--schema', join(root, 'no-such-folder'))).toMatchObject({ code: 1, err: expect.stringContaining('no such folder') });
    expect(await cli('check-header', join(root, 'no-such.h'))).toMatchObject({ code: 1, err: expect.stringContaining('no such file') });
    expect(await cli('generate', '--out', join(root, 'generated'))).toMatchObject({ code: 2, err: expect.stringContaining("the package's own generated/ folder") });
  });

  test('a malformed user entry is reported with its file, entry and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'liburing-ts-bad-schema-'));
    try {
      writeFileSync(join(dir, 'io_uring_bogus.ts'), "export default { name: 'io_uring_bogus', since: 'soon', category: 'misc', summary: 'A function that is not there.', man: null, params: [], returns: { kind: 'void', type: 'void', doc: 'Nothing.' }, test: { effect: 'expect(1).toBe(1);' } };\n");
      writeFileSync(join(dir, 'override.ts'), "export default { override: 'io_uring_queue_init', params: { nope: { preconditions: [] } } };\n");
      const r = await cli('generate', '--schema', dir, '--out', join(dir, 'out'), '--check', '--quiet');
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/io_uring_bogus\.ts: entry io_uring_bogus: field since: a liburing version/);
      expect(r.err).toMatch(/override\.ts: override io_uring_queue_init: field params\.nope: io_uring_queue_init has no parameter nope/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
