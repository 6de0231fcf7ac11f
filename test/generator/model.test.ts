// The model (generator/model.ts, generator/model/): what it decides once for the emitters to print.
import { beforeAll, describe, expect, test } from 'vitest';
import { classify } from '../../runtime/ctypes.js';
import type { FunctionEntry } from '../../schema/language.js';
import { Param } from '../../schema/language/index.js';
import type { Schema } from '../../generator/load.js';
import type { Model, ModelParam } from '../../generator/model.js';
import { resolveBookkeeping } from '../../generator/model/bookkeeping.js';
import { fixture, fn, modelWith } from './fixture.js';

let schema: Schema;
let model: Model;
beforeAll(async () => {
  ({ schema, model } = await fixture());
});

const ids = (name: string, m = model) => fn(m, name).preconditions.map((p) => p.id);

describe('preconditions', () => {
  test('each has its identity, <param>.<kind>, in parameter order with the implicit ones first', () => {
    expect(ids('io_uring_queue_init')).toEqual(['entries.range', 'ring.ringState', 'flags.flags']);
    expect(ids('io_uring_prep_readv2')).toEqual(['fd.fd', 'iovecs.count', 'flags.flags']);
    expect(ids('io_uring_get_sqe')).toEqual(['ring.ringState']);
    expect(ids('io_uring_cq_advance')).toEqual(['ring.ringState', 'nr.relation']);
  });

  test('a second rule of the same kind on a parameter is #2, and its test title says so', () => {
    const m = modelWith(schema, 'io_uring_queue_init', (e) => {
      e.params[0]!.preconditions.push({ rule: { kind: 'range', max: 4096 }, message: 'entries must be at most 4096 in this project', source: 'a project rule', errno: null, reportedIn: 'return' });
      return e;
    });
    expect(ids('io_uring_queue_init', m)).toEqual(['entries.range', 'entries.range#2', 'ring.ringState', 'flags.flags']);
    const titles = fn(m, 'io_uring_queue_init').tests.preconditions.map((t) => t.title);
    expect(titles[0]).toBe('entries: range #1 is checked before C is called, and C gives -EINVAL');
    expect(titles[1]).toBe('entries: range #2 is checked before C is called (nothing in C checks it)');
  });

  test("a precondition's own id replaces the derived one; two with one id are an error", () => {
    const own = modelWith(schema, 'io_uring_queue_init', (e) => {
      e.params[0]!.preconditions[0] = { ...e.params[0]!.preconditions[0]!, id: 'entries-in-range' };
      return e;
    });
    expect(ids('io_uring_queue_init', own)).toEqual(['entries-in-range', 'ring.ringState', 'flags.flags']);
    expect(() =>
      modelWith(schema, 'io_uring_queue_init', (e) => {
        e.params[0]!.preconditions[0] = { ...e.params[0]!.preconditions[0]!, id: 'flags.flags' };
        return e;
      }),
    ).toThrow('schema/functions/setup/io_uring_queue_init.ts: entry io_uring_queue_init: two preconditions have the id flags.flags');
  });

  test('implicit ringState: live for most functions, uninitialized for init; only a live one is tested', () => {
    const live = fn(model, 'io_uring_get_sqe').preconditions[0]!;
    expect(live).toMatchObject({ kind: 'ringState', implicit: true, errno: null, check: "rt.check.ringIs(ring, 'live')" });
    expect(live.message).toBe('the ring must be initialized (io_uring_queue_init, _params or _mem succeeded) and not exited');
    const init = fn(model, 'io_uring_queue_init').preconditions[1]!;
    expect(init).toMatchObject({ id: 'ring.ringState', implicit: true, check: "rt.check.ringIs(ring, 'uninitialized')" });
    expect(fn(model, 'io_uring_queue_init').tests.preconditions.map((t) => t.pre.id)).toEqual(['entries.range', 'flags.flags']);
    // Broken by default with a new (never initialized) IoUring, which the test then imports.
    const t = fn(model, 'io_uring_get_sqe').tests.preconditions[0]!;
    expect(t.replace).toEqual([{ index: 0, expr: 'new IoUring()' }]);
    expect(fn(model, 'io_uring_get_sqe').tests.scope.has('IoUring')).toBe(true);
  });

  test("implicit count: from a pointer's `count`, worded from its element type", () => {
    const count = fn(model, 'io_uring_prep_readv2').preconditions[1]!;
    expect(count).toMatchObject({
      id: 'iovecs.count',
      kind: 'count',
      implicit: true,
      message: 'iovecs must hold nr_vecs × struct iovec: C reads that many (nr_vecs)',
      source: 'io_uring_prep_readv2(3): iovecs is an array of nr_vecs struct iovec; kernel lib/iov_iter.c __import_iovec() copies nr_vecs of them',
      errno: null,
      unprovable: 'C would read past the end of iovecs',
      check: 'rt.rules.elementsOf(iovecs, 16) >= Number(nr_vecs)',
    });
    expect(count.param.element).toEqual({ cType: 'struct iovec', size: 16, kind: 'struct' });
    expect(count.defaultViolation).toEqual({ args: { nr_vecs: 'Number(args[3]) + 1' } });
  });

  test('a count on an integer parameter is an error naming the field', () => {
    expect(() =>
      modelWith(schema, 'io_uring_cq_advance', (e) => {
        e.params[1] = { ...e.params[1]!, count: 2, countSource: 'a source for the test' };
        return e;
      }),
    ).toThrow('schema/functions/cqe/io_uring_cq_advance.ts: entry io_uring_cq_advance: field params[1].count: only pointer parameters have an element count');
  });

  test('the checks share one versioned flag table per function, and name the derived helpers they call', () => {
    const f = fn(model, 'io_uring_queue_init');
    expect([...f.hoisted.keys()]).toEqual(['flagsFlags']);
    expect(f.preconditions[2]!.check).toBe('rt.rules.flagsWithin(flags, flagsFlags.mask(), 32)');
    expect(f.derived).toEqual([]);
    expect(fn(model, 'io_uring_cq_advance').derived).toEqual(['cqReady']);
    // Destructuring patterns name only the arguments each expression uses.
    expect(fn(model, 'io_uring_cq_advance').patterns).toEqual([{ check: '[ring]', explain: '[ring]' }, { check: '[ring, nr]', explain: '[]' }]);
  });
});

describe('the tests of a function', () => {
  test('an errno reported in the CQE is proven through the ring of the fixture; one nothing checks is not proven', () => {
    const [fd, count, flags] = fn(model, 'io_uring_prep_readv2').tests.preconditions;
    expect(fd).toMatchObject({ proof: { via: 'cqe', errno: 'EBADF' }, fixture: ['ring'], replace: [{ index: 1, expr: '-1' }] });
    expect(count).toMatchObject({ proof: null, fixture: [], replace: [{ index: 3, expr: 'Number(args[3]) + 1' }] });
    // test.violations' literal, not the default violation.
    expect(flags).toMatchObject({ proof: { via: 'cqe', errno: 'EOPNOTSUPP' }, replace: [{ index: 5, expr: '1073741824' }] });
    expect(fn(model, 'io_uring_queue_init').tests.preconditions[0]).toMatchObject({ proof: { via: 'return', errno: 'EINVAL' }, replace: [{ index: 0, expr: '0' }] });
  });

  test('violation code takes the fixture names it destructures, and its scope names become imports', () => {
    const f = fn(model, 'io_uring_cq_advance');
    const relation = f.tests.preconditions[1]!;
    expect(relation).toMatchObject({ fixture: ['args'], replace: [{ index: 1, expr: '(derived.cqReady(args[0]) + 1)' }], proof: null });
    expect([...f.tests.scope].sort()).toEqual(
      ['derived', 'exitQuietly', 'expect', 'io_uring_cq_advance', 'io_uring_get_sqe', 'io_uring_prep_readv2', 'Iovec', 'IoUring', 'newRing', 'tempDir', 'waitOne'].sort(),
    );
  });

  test('a function whose only argument is the ring gets a default test.valid', () => {
    const v = fn(model, 'io_uring_get_sqe').tests.valid!;
    expect(v.body).toBe('const ring = newRing(4);\nreturn { args: [ring] as Parameters<typeof io_uring_get_sqe>, cleanup: () => exitQuietly(ring) };');
    expect(v.scope).toEqual(['exitQuietly', 'newRing', 'io_uring_get_sqe']);
  });

  test('a test.violations id that names no precondition is an error listing the ids there are', () => {
    expect(() =>
      modelWith(schema, 'io_uring_cq_advance', (_e, loaded) => ({
        code: { ...loaded.code!, violations: { ...loaded.code!.violations, 'nr.range': { args: { nr: { literal: '1' } } } } },
      })),
    ).toThrow('schema/functions/cqe/io_uring_cq_advance.ts: entry io_uring_cq_advance: field test.violations.nr.range: no precondition has this id (they are: ring.ringState, nr.relation)');
  });

  test('a rule without a default violation and no test.violations entry is an error naming it', () => {
    expect(() =>
      modelWith(schema, 'io_uring_cq_advance', (_e, loaded) => ({ code: { ...loaded.code!, violations: {} } })),
    ).toThrow('entry io_uring_cq_advance: params.nr: precondition nr.relation: no default violation for a relation: give test.violations an entry');
  });

  test('preconditions without test.valid are an error naming the field', () => {
    expect(() =>
      modelWith(schema, 'io_uring_prep_readv2', (_e, loaded) => ({ code: { ...loaded.code!, valid: undefined } })),
    ).toThrow('entry io_uring_prep_readv2: field test.valid: needed to test precondition fd.fd');
  });
});

describe('parameters and results', () => {
  test('roles, TypeScript types and how each argument reaches C', () => {
    const ps = fn(model, 'io_uring_prep_readv2').params;
    expect(ps.map((p) => p.role)).toEqual(['sqe', 'data', 'data', 'data', 'data', 'data']);
    expect(ps.map((p) => p.tsType)).toEqual(['IoUringSqe', 'number', 'Iovec', 'number', 'number | bigint', 'number']);
    expect(ps.map((p) => p.marshal)).toEqual(['sqe.address', 'fd', 'iovecs.address', 'nr_vecs', 'offset', 'flags']);
    expect(ps.map((p) => p.koffiType)).toEqual(['void *', 'int32_t', 'void *', 'uint32_t', 'uint64_t', 'int32_t']);
  });

  test('a struct the schema does not define is an error naming the field', () => {
    expect(() =>
      modelWith(schema, 'io_uring_cq_advance', (e) => {
        e.params[0] = { ...e.params[0]!, type: 'struct io_uring_params *' };
        return e;
      }),
    ).toThrow('entry io_uring_cq_advance: field params[0].type: struct io_uring_params has no entry in schema/structs');
  });

  test('a pointer result borrowed from the ring', () => {
    const o = fn(model, 'io_uring_get_sqe').outputs;
    expect(o).toMatchObject({ cast: 'bigint | null', throwsBelowZero: null, ret: 'return ret === null || ret === 0n ? null : rt.borrowSqe(ring, IoUringSqe, ret);' });
    expect(fn(model, 'io_uring_get_sqe').resultType).toBe('IoUringSqe | null');
    expect(fn(model, 'io_uring_queue_init').outputs).toMatchObject({ cast: 'number', throwsBelowZero: { passthrough: [] }, ret: 'return Number(ret);' });
  });
});

describe('bookkeeping', () => {
  test('the fixture: ring-init, cq-advance, memory held until the completion, and where a prep starts', () => {
    expect(fn(model, 'io_uring_queue_init').bookkeeping).toEqual({ before: [], always: [], after: [{ fn: 'registrations.ringStarted', args: ['ring'] }, { fn: 'ringInitialized', args: ['ring', '[]'] }], prepStarts: null });
    expect(fn(model, 'io_uring_cq_advance').bookkeeping).toEqual({ before: [{ fn: 'cqAdvanced', args: ['ring', 'Number(nr)'] }], always: [], after: [], prepStarts: null });
    expect(fn(model, 'io_uring_prep_readv2').bookkeeping).toEqual({ before: [], always: [], after: [{ fn: 'holdUntilCompletion', args: ['sqe', 'iovecs'] }], prepStarts: 'sqe' });
    expect(fn(model, 'io_uring_get_sqe').bookkeeping).toEqual({ before: [], always: [], after: [], prepStarts: null });
  });

  /** A parameter as the model resolves it, enough for the bookkeeping table. */
  function param(name: string, type: string, more: Partial<Parameters<typeof Param.parse>[0]> = {}): ModelParam {
    const ct = classify(type);
    const role = ct.kind === 'struct' && ct.struct === 'io_uring' ? 'ring' : ct.kind === 'struct' && ct.struct === 'io_uring_sqe' ? 'sqe' : ct.kind === 'struct' && ct.struct === 'io_uring_cqe' ? 'cqe' : 'data';
    return { p: Param.parse({ name, type, doc: 'x', ...more }), ct, role } as ModelParam;
  }
  const ring = param('ring', 'struct io_uring *');
  const entry = (bookkeeping: FunctionEntry['bookkeeping'], category: FunctionEntry['category'] = 'register') => ({ name: 'io_uring_x', category, bookkeeping }) as FunctionEntry;
  const calls = (bookkeeping: FunctionEntry['bookkeeping'], params: ModelParam[]) => resolveBookkeeping(entry(bookkeeping), params, 'x.ts: entry io_uring_x');

  test.each([
    ['ring-exit', [ring], { before: [{ fn: 'ringExiting', args: ['ring'] }], after: [{ fn: 'ringExited', args: ['ring'] }, { fn: 'registrations.ringEnded', args: ['ring'] }] }],
    ['ring-remap', [ring], { after: [{ fn: 'ringRemapped', args: ['ring'] }] }],
    ['submit', [ring], { always: [{ fn: 'ringSubmitted', args: ['ring'] }] }],
    ['cqe-seen', [ring, param('cqe', 'struct io_uring_cqe *')], { before: [{ fn: 'cqeSeen', args: ['ring', 'cqe'], guard: undefined }] }],
    ['resource-tags', [ring, param('tags', '__u64 *')], { after: [{ fn: 'tagsRegistered', args: ['ring', 'tags'] }] }],
    ['msg-ring-sync', [param('sqe', 'struct io_uring_sqe *')], { before: [{ fn: 'msgRingSent', args: ['sqe'] }] }],
    ['register-raw', [param('fd', 'unsigned'), param('opcode', 'unsigned')], { after: [{ fn: 'rawRegistered', args: ['fd', 'opcode'] }, { fn: 'registrations.rawRegistered', args: ['fd', 'opcode'] }] }],
    ['buf-ring-setup', [ring, param('bgid', 'int')], { after: [{ fn: 'bufRingRegistered', args: ['ring', 'ret', 'bgid'], guard: 'ret' }, { fn: 'registrations.bufferGroupAdded', args: ['ring', 'bgid'], guard: 'ret' }] }],
    ['buf-ring-register', [ring, param('reg', 'void *')], { after: [{ fn: 'bufRingRegistered', args: ['ring', 'reg.ring_addr', 'reg.bgid'] }, { fn: 'registrations.bufferGroupAdded', args: ['ring', 'reg.bgid'] }] }],
    ['buf-ring-unregister', [ring, param('bgid', 'int')], { after: [{ fn: 'bufRingUnregistered', args: ['ring', 'bgid'] }, { fn: 'registrations.bufferGroupRemoved', args: ['ring', 'bgid'] }] }],
    ['files-unregister', [ring], { after: [{ fn: 'registrations.filesUnregistered', args: ['ring'] }] }],
    ['buffers-unregister', [ring], { after: [{ fn: 'registrations.buffersUnregistered', args: ['ring'] }] }],
    ['buffers-provide', [param('sqe', 'struct io_uring_sqe *'), param('bgid', 'int')], { after: [{ fn: 'registrations.buffersProvided', args: ['sqe', 'bgid'] }] }],
    ['buf-ring-add', [param('br', 'void *'), param('addr', 'void *')], { after: [{ fn: 'bufRingAdded', args: ['br', 'addr'] }] }],
  ] as const)('%s', (kind, params, expected) => {
    expect(calls(kind, [...params])).toEqual({ before: [], always: [], after: [], prepStarts: null, ...expected });
  });

  test('cqe-seen on a nullable CQE is guarded; cq-advance counts by the parameter it names', () => {
    expect(calls('cqe-seen', [ring, param('cqe', 'struct io_uring_cqe *', { nullable: true })]).before).toEqual([{ fn: 'cqeSeen', args: ['ring', 'cqe'], guard: 'cqe !== null' }]);
    expect(calls({ kind: 'cq-advance', count: 'n' }, [ring, param('n', 'unsigned')]).before).toEqual([{ fn: 'cqAdvanced', args: ['ring', 'Number(n)'] }]);
  });

  test('registrations: file tables and registered buffers by the parameters named, several kinds in one entry', () => {
    const iovecs = param('iovecs', 'const struct iovec *');
    const nr = param('nr', 'unsigned');
    expect(calls({ kind: 'files-register', count: 'nr' }, [ring, nr]).after).toEqual([{ fn: 'registrations.filesRegistered', args: ['ring', 'Number(nr)'] }]);
    expect(calls({ kind: 'buffers-register', count: 'nr' }, [ring, nr]).after).toEqual([{ fn: 'registrations.buffersSparse', args: ['ring', 'Number(nr)'] }]);
    expect(calls({ kind: 'buffers-register', iovecs: 'iovecs', count: 'nr' }, [ring, iovecs, nr]).after).toEqual([{ fn: 'registrations.buffersRegistered', args: ['ring', 'iovecs', 'Number(nr)'] }]);
    expect(calls({ kind: 'buffers-register', iovecs: 'iovecs', count: 'nr', offset: 'off' }, [ring, param('off', 'unsigned'), iovecs, nr]).after).toEqual([
      { fn: 'registrations.buffersUpdated', args: ['ring', 'Number(off)', 'iovecs', 'Math.min(Number(nr), Number(ret))'] },
    ]);
    expect(calls({ kind: 'buffers-clone', whole: true }, [param('dst', 'struct io_uring *'), param('src', 'struct io_uring *')]).after).toEqual([{ fn: 'registrations.buffersCloned', args: ['dst', 'src', 'true'] }]);
    const tags = param('tags', '__u64 *');
    expect(calls(['resource-tags', { kind: 'files-register', count: 'nr' }], [ring, tags, nr]).after).toEqual([
      { fn: 'tagsRegistered', args: ['ring', 'tags'] },
      { fn: 'registrations.filesRegistered', args: ['ring', 'Number(nr)'] },
    ]);
    expect(() => calls({ kind: 'files-register', count: 'iovecs' }, [ring, iovecs])).toThrow('field bookkeeping: iovecs is not an integer parameter');
  });

  test('ring-init lists the memory the ring keeps, and holds it itself', () => {
    const buf = param('buf', 'void *', { ownership: 'ring' });
    expect(calls('ring-init', [ring, buf])).toEqual({ before: [], always: [], after: [{ fn: 'registrations.ringStarted', args: ['ring'] }, { fn: 'ringInitialized', args: ['ring', '[buf]'] }], prepStarts: null });
  });

  test('ownership: ring (by the ring, or the ring of the SQE), consumed, completion (a C string through its copy)', () => {
    const sqe = param('sqe', 'struct io_uring_sqe *');
    expect(calls(undefined, [ring, param('bufs', 'void *', { ownership: 'ring' })]).after).toEqual([{ fn: 'holdForRing', args: ['ring', 'bufs'] }]);
    expect(calls(undefined, [sqe, param('addr', 'void *', { ownership: 'ring' })]).after).toEqual([{ fn: 'holdForRingOfSqe', args: ['sqe', 'addr'] }]);
    expect(calls(undefined, [param('p', 'void *', { ownership: 'consumed' })]).after).toEqual([{ fn: 'consumed', args: ['p', "'it was freed by io_uring_x'"] }]);
    expect(calls(undefined, [sqe, param('path', 'const char *', { ownership: 'completion' })]).after).toEqual([{ fn: 'holdUntilCompletion', args: ['sqe', 'path_c'] }]);
  });

  test('a prep helper starts from the SQE io_uring_get_sqe gives', () => {
    const sqe = param('sqe', 'struct io_uring_sqe *');
    expect(resolveBookkeeping(entry(undefined, 'prep'), [sqe], 'x').prepStarts).toBe('sqe');
    expect(resolveBookkeeping(entry(undefined, 'sqe'), [sqe], 'x').prepStarts).toBeNull();
  });

  test('missing parameters are errors naming the field', () => {
    expect(() => calls('submit', [param('fd', 'int')])).toThrow('x.ts: entry io_uring_x: field bookkeeping: submit needs parameters named ring');
    expect(() => calls('register-raw', [param('fd', 'int')])).toThrow('field bookkeeping: register-raw needs parameters named opcode');
    expect(() => calls('cqe-seen', [ring])).toThrow('x.ts: entry io_uring_x: field bookkeeping: cqe-seen needs a struct io_uring_cqe * parameter');
    expect(() => calls({ kind: 'cq-advance', count: 'n' }, [ring, param('n', 'void *')])).toThrow('field bookkeeping.count: n is not an integer parameter');
    expect(() => calls(undefined, [param('buf', 'void *', { ownership: 'completion' })])).toThrow('params.buf: ownership completion needs a struct io_uring_sqe * parameter');
    expect(() => calls(undefined, [param('buf', 'void *', { ownership: 'ring' })])).toThrow('params.buf: ownership ring needs a struct io_uring * or io_uring_sqe * parameter');
  });
});
