// libc companions in the schema language and the model: names, versions, the -1/errno return convention, mmap's view.
import { beforeAll, describe, expect, test } from 'vitest';
import { ConstantGroup, FunctionEntry } from '../../schema/language/index.js';
import type { Schema } from '../../generator/load.js';
import { buildModel, type ModelFunction } from '../../generator/model.js';
import { fixture } from './fixture.js';

let schema: Schema;
beforeAll(async () => {
  ({ schema } = await fixture());
});

/** A libc entry (close(2)-like unless changed), as an entry file would write it. */
function libcEntry(change: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'close',
    since: 'glibc 2.0',
    category: 'libc',
    library: 'libc',
    summary: 'Close a file descriptor (a libc entry for the test).',
    man: 'close(2)',
    params: [{ name: 'fd', type: 'int', doc: 'The descriptor.' }],
    returns: { kind: 'libc', type: 'int', doc: '0.' },
    test: { effect() {} },
    ...change,
  };
}

/** The fixture's model with `entry` added; its function. */
function modelOf(entry: Record<string, unknown>): ModelFunction {
  const parsed = FunctionEntry.parse(entry);
  const model = buildModel({ ...schema, functions: [...schema.functions, { entry: parsed, file: `schema/functions/libc/${parsed.name}.ts`, origin: 'builtin', overriddenBy: [] }] });
  return model.functions.find((f) => f.entry.name === parsed.name)!;
}

const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) => (r.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('the language', () => {
  test('a libc entry takes any C name and a glibc version', () => {
    expect(FunctionEntry.safeParse(libcEntry()).success).toBe(true);
  });

  test('a name that is not io_uring_* needs library libc; libc needs a glibc since, category libc and the libc return convention', () => {
    expect(issues(FunctionEntry.safeParse(libcEntry({ library: 'ffi' })))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^name: a liburing function name \(io_uring_\*\); other C functions need library 'libc'/)]),
    );
    expect(issues(FunctionEntry.safeParse(libcEntry({ since: '2.9' })))).toContain('since: a glibc version such as "glibc 2.27" (library libc)');
    expect(issues(FunctionEntry.safeParse(libcEntry({ category: 'setup' })))).toContain("category: library 'libc' and category 'libc' go together");
    expect(issues(FunctionEntry.safeParse(libcEntry({ returns: { kind: 'errno', type: 'int', doc: '0.' } })))).toContain(
      "returns: a libc function reports errors with -1 and errno: returns.kind 'libc'",
    );
  });

  test("a constant group's values are all numbers or all bigints (they are combined with each other)", () => {
    const group = { group: 'Mixed', header: 'liburing/io_uring.h', summary: 'A mixed group for the test.', cType: 'u64', since: '2.4' };
    const mixed = ConstantGroup.safeParse({ ...group, values: [{ name: 'A', value: 0x80000000n, doc: 'a' }, { name: 'B', value: 16, doc: 'b' }] });
    expect(issues(mixed)).toEqual(["values: a group's values must all be numbers or all bigints: its constants are combined with each other"]);
    expect(ConstantGroup.safeParse({ ...group, values: [{ name: 'A', value: 0x80000000n, doc: 'a' }, { name: 'B', value: 16n, doc: 'b' }] }).success).toBe(true);
  });
});

describe('the model', () => {
  test('a libc function: not gated by liburing, exported from liburing-ts/libc, -1 and errno read right after the call', () => {
    const f = modelOf(libcEntry());
    expect(f.since).toEqual({ library: 'glibc', version: '2.0', label: 'glibc 2.0' });
    expect(f.entryPoint).toBe('libc');
    expect(f.outputs.errnoVar).toEqual({ failed: 'ret === -1', value: '-1' });
    expect(f.outputs.throwsBelowZero).toBeNull();
    expect(f.resultType).toBe('number');
  });

  test("a void * result is a view of returns.bytes bytes that munmap frees; MAP_FAILED is C's failure", () => {
    const params = [
      { name: 'addr', type: 'void *', nullable: true, doc: 'null.' },
      { name: 'length', type: 'size_t', doc: 'bytes.' },
    ];
    const f = modelOf(libcEntry({ name: 'mmap_like', params, returns: { kind: 'libc', type: 'void *', bytes: 'length', freedBy: 'munmap', doc: 'the view.' } }));
    expect(f.resultType).toBe('Uint8Array');
    expect(f.outputs.errnoVar).toEqual({ failed: 'ret === 0xffffffffffffffffn', value: '0xffffffffffffffffn' });
    expect(f.outputs.ret).toBe('return rt.adoptMapping(ret as bigint, Number(length));');
    expect(() => modelOf(libcEntry({ name: 'mmap_like', params, returns: { kind: 'libc', type: 'void *', freedBy: 'munmap', doc: 'the view.' } }))).toThrow(
      /field returns\.bytes: a libc function returning void \* names the argument that gives its length in bytes/,
    );
  });

  test('bookkeeping unmap makes the checked wrapper replace the pages instead of calling munmap', () => {
    const params = [
      { name: 'addr', type: 'void *', ownership: 'consumed', doc: 'the view.' },
      { name: 'length', type: 'size_t', doc: 'bytes.' },
    ];
    const f = modelOf(libcEntry({ name: 'munmap_like', params, bookkeeping: 'unmap' }));
    expect(f.bookkeeping.instead).toEqual({ fn: 'unmapMapping', args: ['addr'] });
  });

  test('an int array the call fills with new descriptors is newFd; only such an array can be', () => {
    const pipefd = { name: 'pipefd', type: 'int *', dir: 'out', count: 2, countSource: 'pipe(2): pipefd[0] and pipefd[1]', newFd: true, doc: 'two ints.' };
    // (Without its count here: the implicit count rule would need test code read from an entry file.)
    expect(modelOf(libcEntry({ name: 'pipe_like', params: [{ ...pipefd, count: undefined, countSource: undefined }] })).params[0]!.p.newFd).toBe(true);
    expect(() => modelOf(libcEntry({ name: 'pipe_like', params: [{ ...pipefd, dir: 'in' }] }))).toThrow(/field params\[0\]\.newFd: only an int array the call writes holds new file descriptors/);
  });

  test('a count needs its source (countSource), and a countSource needs a count', () => {
    const pipefd = { name: 'pipefd', type: 'int *', dir: 'out', doc: 'two ints.' };
    expect(issues(FunctionEntry.safeParse(libcEntry({ name: 'pipe_like', params: [{ ...pipefd, count: 2 }] })))).toContain(
      'params.0.countSource: a count needs its source (countSource): the man page, header or kernel source that says how many elements C uses',
    );
    expect(issues(FunctionEntry.safeParse(libcEntry({ name: 'pipe_like', params: [{ ...pipefd, countSource: 'pipe(2): pipefd[0] and pipefd[1]' }] })))).toContain('params.0.countSource: countSource without count');
  });
});
