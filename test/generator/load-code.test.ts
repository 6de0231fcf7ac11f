// Reading test code from entry files (generator/load-code.ts): what the generator copies, and the
// names it turns into imports (scope) and fixture locals.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readTestCode } from '../../generator/load-code.js';
import { loadSchema, SchemaError } from '../../generator/load.js';
import { fixtureDir, root } from './fixture.js';

const entryFile = (category: string, name: string) => join(fixtureDir, 'functions', category, `${name}.ts`);
const temp = mkdtempSync(join(tmpdir(), 'liburing-ts-load-code-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

let n = 0;
/** An entry file whose `test` object is `test` (only parsed, never run). */
function entryWith(test: string): string {
  const file = join(temp, `entry${n++}.ts`);
  writeFileSync(file, `import { defineFunction } from '${join(root, 'schema', 'language.js')}';\nconst made = () => () => {};\nexport default defineFunction({\n  name: 'io_uring_x',\n  test: ${test},\n} as never);\n`);
  return file;
}

describe('the fixture entries', () => {
  test('effect and valid: the names destructured from the scope, and the body as written, dedented', () => {
    const code = readTestCode(entryFile('setup', 'io_uring_queue_init'), { violations: { 'flags.flags': { args: { flags: 0x80000000 } } } });
    expect(code.effect).toEqual({
      scope: ['exitQuietly', 'expect', 'io_uring_queue_init', 'IoUring'],
      fixture: [],
      expression: false,
      body: [
        'const ring = new IoUring();',
        'expect(io_uring_queue_init(8, ring, 0)).toBe(0);',
        'try {',
        '  expect(ring.ring_fd).toBeGreaterThanOrEqual(0);',
        '  expect(ring.cq.ring_entries).toBe(16);',
        '} finally {',
        '  exitQuietly(ring);',
        '}',
      ].join('\n'),
    });
    expect(code.valid?.scope).toEqual(['io_uring_queue_init', 'IoUring']);
    // A literal replacement argument, printed from the loaded value.
    expect(code.violations).toEqual({ 'flags.flags': { args: { flags: { literal: '2147483648' } } } });
    expect(code.typeImports.size).toBe(0);
  });

  test('violation code: the fixture names first, the scope names second; an expression body stays an expression', () => {
    const code = readTestCode(entryFile('cqe', 'io_uring_cq_advance'), {});
    expect(code.violations['nr.relation']).toEqual({ args: { nr: { fixture: ['args'], scope: ['derived'], body: 'derived.cqReady(args[0]) + 1', expression: true } } });
  });

  test("type-only imports of generated/index.js are kept, with the module's absolute path", () => {
    const code = readTestCode(entryFile('sqe', 'io_uring_get_sqe'), {});
    expect([...code.typeImports]).toEqual([['IoUringSqe', join(root, 'generated', 'index')]]);
    expect(code.valid).toBeUndefined();
  });
});

describe('forms the generator cannot copy are errors naming the field', () => {
  test('a test function that is a name, or made by a call', () => {
    expect(() => readTestCode(entryWith('{ effect: made() }'), {})).toThrow('field test.effect: must be a function written right here in the entry (not a name or a call)');
    expect(() => readTestCode(entryWith('{ effect: async () => {}, valid: made }'), {})).toThrow('field test.valid: must be a function written right here in the entry (not a name or a call)');
    expect(() => readTestCode(entryWith("{ effect() {}, violations: { 'a.range': { before: made() } } }"), {})).toThrow('field test.violations.a.range.before: must be a function written right here');
  });

  test('a test object, or a violations object, not written in place', () => {
    expect(() => readTestCode(entryWith('made'), {})).toThrow('field test: must be an object written in place');
    expect(() => readTestCode(entryWith('{ effect() {}, violations: made }'), {})).toThrow('field test.violations: must be an object written in place');
  });

  test('renamed, defaulted or rest bindings of the scope', () => {
    expect(() => readTestCode(entryWith('{ effect({ expect: e }) {} }'), {})).toThrow('field test.effect: destructure plain names only ({ a, b }), not renames, defaults or rest');
    expect(() => readTestCode(entryWith('{ effect({ ...all }) {} }'), {})).toThrow('field test.effect: destructure plain names only');
    expect(() => readTestCode(entryWith('{ effect([a]) {} }'), {})).toThrow('field test.effect: a test function\'s parameters are destructured objects ({ a, b }) or an unused name');
  });

  test('a replacement argument that is neither a literal nor code', () => {
    const file = entryWith("{ effect() {}, violations: { 'n.range': { args: { n: made } } } }");
    expect(() => readTestCode(file, { violations: { 'n.range': { args: { n: () => 1 } } } })).toThrow(
      'field test.violations.n.range.args.n: a replacement argument is a number, bigint, boolean, null, string or a function',
    );
  });

  test('an entry whose default export is not defineFunction({ ... }) written in place', () => {
    const file = join(temp, 'indirect.ts');
    writeFileSync(file, 'const entry = { test: {} };\nexport default entry;\n');
    expect(() => readTestCode(file, {})).toThrow('the entry must be `export default defineFunction({ ... })` with the object written in place');
  });

  test('loading a schema names the file, the entry and the field', async () => {
    const dir = join(temp, 'schema');
    mkdirSync(join(dir, 'functions'), { recursive: true });
    writeFileSync(
      join(dir, 'functions', 'io_uring_made.ts'),
      `import { defineFunction } from '${join(root, 'schema', 'language.js')}';
const made = () => async () => {};
export default defineFunction({
  name: 'io_uring_made', since: '2.9', category: 'misc', summary: 'An entry whose effect is made by a call.', man: null,
  params: [], returns: { kind: 'void', type: 'void', doc: 'Nothing.' },
  test: { effect: made() },
});
`,
    );
    const error = await loadSchema(dir).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaError);
    expect((error as SchemaError).problems).toEqual(['schema/functions/io_uring_made.ts: entry io_uring_made: field test.effect: must be a function written right here in the entry (not a name or a call)']);
  });
});
