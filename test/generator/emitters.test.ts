// What every emitter prints for the fixture schema, as file snapshots: a change in the
// generator's output shows up as a reviewable diff under __snapshots__/. After a deliberate change,
// `npx vitest run test/generator -u` rewrites them; review the diff like code.
import { ts } from 'ts-morph';
import { describe, expect, test } from 'vitest';
import { IN_REPO, type OutFile } from '../../generator/emit-common.js';
import { emitConstants } from '../../generator/emit-constants.js';
import { emitDocs } from '../../generator/emit-docs.js';
import { emitFfi, emitFunction, emitWrappers } from '../../generator/emit-functions.js';
import { emitIndex, emitUnsafe } from '../../generator/emit-index.js';
import { emitLayout } from '../../generator/emit-layout.js';
import { emitStructs } from '../../generator/emit-structs.js';
import { emitTest, testScope } from '../../generator/emit-tests.js';
import { fixture, runtimeDir } from './fixture.js';

const FUNCTIONS = ['io_uring_cq_advance', 'io_uring_get_sqe', 'io_uring_prep_readv2', 'io_uring_queue_init'];

// .snap: the snapshots are neither type-checked, nor collected as tests, nor read as docs.
let scope: ReturnType<typeof testScope> | undefined;
const snapshot = (where: string, file: OutFile) => expect(file.text).toMatchFileSnapshot(`__snapshots__/${where}/${file.path}.snap`);

describe('the fixture schema', () => {
  test('loads the four functions, four structs and three constant groups, in name order', async () => {
    const { model } = await fixture();
    expect(model.functions.map((f) => f.entry.name)).toEqual(FUNCTIONS);
    expect(model.schema.structs.map((s) => s.entry.name)).toEqual(['io_uring', 'io_uring_cq', 'io_uring_sqe', 'iovec']);
    expect(model.schema.constants.map((c) => c.entry.group)).toEqual(['IoringOp', 'IoringSetup', 'Rwf']);
    expect(model.functions.map((f) => f.file)).toEqual([
      'schema/functions/cqe/io_uring_cq_advance.ts',
      'schema/functions/sqe/io_uring_get_sqe.ts',
      'schema/functions/prep/io_uring_prep_readv2.ts',
      'schema/functions/setup/io_uring_queue_init.ts',
    ]);
  });
});

describe('emitters (generated/)', () => {
  test.each(FUNCTIONS)('functions/%s.ts', async (name) => {
    const { model } = await fixture();
    await snapshot('generated', emitFunction(model.functions.find((f) => f.entry.name === name)!));
  });

  test('wrappers.ts: every function\'s section, its own names prefixed with its name', async () => {
    const { model } = await fixture();
    const { file, problems } = emitWrappers(model, IN_REPO);
    expect(problems).toEqual([]);
    await snapshot('generated', file);
  });

  test.each(FUNCTIONS)('tests/%s.test.ts', async (name) => {
    const { model } = await fixture();
    scope ??= testScope(model, IN_REPO, runtimeDir);
    await snapshot('generated', emitTest(model.functions.find((f) => f.entry.name === name)!, model, scope, IN_REPO));
  });

  test('structs.ts', async () => {
    const { model } = await fixture();
    await snapshot('generated', emitStructs(model, IN_REPO));
  });

  test('constants.ts', async () => {
    const { model } = await fixture();
    await snapshot('generated', emitConstants(model));
  });

  test('layout.ts', async () => {
    const { model } = await fixture();
    await snapshot('generated', emitLayout(model));
  });

  test('ffi.ts', async () => {
    const { model } = await fixture();
    await snapshot('generated', emitFfi(model, IN_REPO));
  });

  test('index.ts and unsafe.ts', async () => {
    const { model } = await fixture();
    await snapshot('generated', emitIndex(model));
    await snapshot('generated', emitUnsafe(model));
  });

  test('emitting twice prints the same text', async () => {
    const { model } = await fixture();
    expect(emitWrappers(model, IN_REPO).file.text).toBe(emitWrappers(model, IN_REPO).file.text);
    expect(emitStructs(model, IN_REPO).text).toBe(emitStructs(model, IN_REPO).text);
  });
});

describe('emitters (docs/api/)', () => {
  test('one page per function, the index and rules.md', async () => {
    const { model } = await fixture();
    const docs = emitDocs(model);
    expect(docs.map((d) => d.path)).toEqual(['README.md', ...FUNCTIONS.map((n) => `${n}.md`), 'rules.md']);
    for (const d of docs) await snapshot('docs-api', d);
  });
});
