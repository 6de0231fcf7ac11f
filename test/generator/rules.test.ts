// The rule registry (generator/rules/): for each kind, what it prints for a sample rule (check,
// explanation, default violation, API-reference wording, fuzz arbitrary), and the printed checks
// evaluated against real values with the runtime they run on.
import { beforeAll, describe, expect, test } from 'vitest';
import * as rt from '../../runtime/index.js';
import { liburingVersion } from '../../runtime/library.js';
import { versionAtLeast } from '../../runtime/version.js';
import { allRuleKinds, EXPLICIT, IMPLICIT, Rule, ruleKind as registered, type RuleContext, type RuleKind } from '../../generator/rules/index.js';
import { OLDEST_LIBURING } from '../../generator/rules/flags.js';
import type { Model } from '../../generator/model.js';
import { fixture } from './fixture.js';

let model: Model;

/** A rule as a schema entry writes it (the implicit kinds' as the model makes them). */
type AnyRule = { kind: string; [field: string]: unknown };
const ruleKind = (kind: string) => registered(kind) as unknown as RuleKind<AnyRule>;
beforeAll(async () => {
  ({ model } = await fixture());
});

/** A rule context for an argument `v` at index 1 of (ring, v, n, p), the fixture's constants, and what was hoisted. */
function context(over: Partial<RuleContext> = {}): RuleContext & { hoisted: Map<string, string> } {
  const hoisted = new Map<string, string>();
  const names = ['ring', 'v', 'n', 'p'];
  return {
    value: 'v',
    index: 1,
    indexOf: (name) => {
      const i = names.indexOf(name);
      if (i < 0) throw new Error(`no parameter ${name}`);
      return i;
    },
    constant: (name) => model.constants.get(name, 'test'),
    group: (name) => model.constants.group(name, 'test'),
    bits: 32,
    hoist: (name, code) => {
      hoisted.set(name, code);
      return name;
    },
    hoisted,
    ...over,
  };
}

/** Everything the registry prints for one rule. */
function printed(rule: AnyRule, ctx: RuleContext = context()) {
  const k = ruleKind(rule.kind);
  return { check: k.check(rule, ctx), explain: k.explain(rule, ctx), violation: k.violation(rule, ctx), describe: k.describe(rule, ctx), fuzz: k.fuzz?.(rule, ctx) ?? null };
}

/** A printed expression evaluated as the generated wrapper evaluates it: over the named arguments, with `rt` and the derived helpers. */
function evaluate(code: string, args: Record<string, unknown>, hoisted = new Map<string, string>()): unknown {
  const scope: Record<string, unknown> = { rt, ...rt.derived, ...args };
  for (const [name, init] of hoisted) scope[name] = new Function(...Object.keys(scope), `return (${init});`)(...Object.values(scope));
  return new Function(...Object.keys(scope), `return (${code});`)(...Object.values(scope));
}

describe('the registry', () => {
  test('holds every kind once: the explicit ones the schema writes, the implicit ones the model derives', () => {
    const kinds = allRuleKinds().map((k) => k.kind);
    expect(kinds).toEqual(['range', 'powerOfTwo', 'pageAligned', 'aligned', 'zeroFilled', 'minByteLength', 'nonNull', 'fd', 'flags', 'relation', 'ringState', 'count']);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(IMPLICIT.map((k) => k.kind)).toEqual(['ringState', 'count']);
    for (const k of allRuleKinds()) {
      expect(k.docs.holds.length, k.kind).toBeGreaterThan(5);
      expect(k.docs.breaks.length, k.kind).toBeGreaterThan(0);
    }
  });

  test('an unknown kind is an error naming the registry', () => {
    expect(() => ruleKind('evenNumber')).toThrow('no rule kind evenNumber in generator/rules/index.ts');
  });

  test("the schema language's Rule takes exactly the explicit kinds' shapes", () => {
    expect(Rule.safeParse({ kind: 'range', min: 1, max: 8 }).success).toBe(true);
    expect(Rule.safeParse({ kind: 'range', min: 1, step: 2 }).success).toBe(false); // strict: no unknown fields
    expect(Rule.safeParse({ kind: 'ringState', state: 'live' }).success).toBe(false); // implicit: the model adds it
    expect(Rule.safeParse({ kind: 'count', count: 2 }).success).toBe(false);
    expect(Rule.safeParse({ kind: 'flags', allowed: ['A'], group: 'G' }).success).toBe(false); // one or the other
    expect(EXPLICIT.map((k) => k.kind).every((kind) => !IMPLICIT.some((i) => (i.kind as string) === kind))).toBe(true);
  });
});

describe('each kind, for a sample rule', () => {
  test('range (with unlessFlag)', () => {
    const rule = { kind: 'range', min: 1, max: 4096, unlessFlag: { param: 'p', field: 'flags', flag: 'IORING_SETUP_CLAMP' } };
    const p = printed(rule);
    expect(p).toEqual({
      check: '(v >= 1 && v <= 4096) || rt.rules.hasFlag(p?.flags ?? 0, 16 /* IORING_SETUP_CLAMP */)',
      explain: "rt.rules.explainRange(v, 1, 4096, 'IORING_SETUP_CLAMP')",
      violation: { args: { v: '0' } },
      describe: 'from 1 to 4096 unless IORING_SETUP_CLAMP is set',
      fuzz: 'fc.integer({ min: 1, max: 4096 })',
    });
    expect(evaluate(p.check, { v: 4096, p: null })).toBe(true);
    expect(evaluate(p.check, { v: 4097, p: null })).toBe(false);
    expect(evaluate(p.check, { v: 0, p: { flags: 16 } })).toBe(true);
    expect(evaluate(p.explain, { v: 0 })).toEqual({ seen: '0', hint: 'Use a value from 1 to 4096 (or set IORING_SETUP_CLAMP to have it clamped).' });
    // Only a maximum: broken with max + 1; no arbitrary without both bounds; bigint bounds stay bigint.
    expect(printed({ kind: 'range', max: 1024 })).toMatchObject({ check: 'v <= 1024', violation: { args: { v: '1025' } }, describe: 'at most 1024', fuzz: null });
    expect(printed({ kind: 'range', min: 1n, max: 2n ** 64n - 1n }, context({ bits: 64 }))).toMatchObject({ check: 'v >= 1n && v <= 18446744073709551615n', violation: { args: { v: '0n' } }, fuzz: null });
  });

  test('powerOfTwo', () => {
    const p = printed({ kind: 'powerOfTwo' });
    expect(p).toEqual({
      check: 'rt.rules.isPowerOfTwo(v)',
      explain: 'rt.rules.explainPowerOfTwo(v)',
      violation: { args: { v: '3' } },
      describe: 'a power of two',
      fuzz: 'fc.integer({ min: 0, max: 15 }).map((e) => 2 ** e)',
    });
    expect([1, 2, 3, 4096, 0].map((v) => evaluate(p.check, { v }))).toEqual([true, true, false, true, false]);
    expect(printed({ kind: 'powerOfTwo' }, context({ bits: 64 })).fuzz).toBeNull();
  });

  test('pageAligned and aligned', () => {
    const page = printed({ kind: 'pageAligned' });
    expect(page).toEqual({
      check: 'rt.rules.isAligned(v, rt.pageSize())',
      explain: "rt.rules.explainAligned(v, rt.pageSize(), 'page')",
      violation: { args: { v: '(args[1] as Uint8Array).subarray(1)' } },
      describe: 'page-aligned',
      fuzz: null,
    });
    const mem = rt.allocAligned(rt.pageSize());
    try {
      expect(evaluate(page.check, { v: mem })).toBe(true);
      expect(evaluate(page.check, { v: mem.subarray(1) })).toBe(false);
      const a8 = printed({ kind: 'aligned', alignment: 8 });
      expect(a8).toMatchObject({ check: 'rt.rules.isAligned(v, 8)', explain: "rt.rules.explainAligned(v, 8, '8-byte')", describe: 'aligned to 8 bytes' });
      expect(evaluate(a8.check, { v: mem.subarray(8) })).toBe(true);
      expect(evaluate(a8.check, { v: mem.subarray(4) })).toBe(false);
    } finally {
      rt.freeAligned(mem);
    }
  });

  test('zeroFilled', () => {
    const p = printed({ kind: 'zeroFilled', length: 'n * 4' });
    expect(p).toEqual({
      check: 'rt.isZeroFilled(v, byteLength(n * 4))',
      explain: 'rt.rules.explainZeroFilled(v, byteLength(n * 4))',
      violation: { before: 'new Uint8Array((args[1] as Uint8Array).buffer, (args[1] as Uint8Array).byteOffset, 1)[0] = 1;' },
      describe: 'zeroed over its first n * 4 bytes',
      fuzz: null,
    });
    const v = new Uint8Array(16);
    v[12] = 1;
    expect(evaluate(p.check, { v, n: 3 })).toBe(true);
    expect(evaluate(p.check, { v, n: 4 })).toBe(false);
    expect(printed({ kind: 'zeroFilled' })).toMatchObject({ check: 'rt.isZeroFilled(v)', describe: 'zeroed' });
  });

  test('minByteLength (no default violation)', () => {
    const p = printed({ kind: 'minByteLength', bytes: 'n * IORING_SETUP_CLAMP', what: 'sixteen bytes per entry' });
    expect(p).toEqual({
      check: '!(byteLength(v) < n * 16 /* IORING_SETUP_CLAMP */)',
      explain: "rt.rules.explainMinByteLength(v, n * 16 /* IORING_SETUP_CLAMP */, 'sixteen bytes per entry', 'n * IORING_SETUP_CLAMP')",
      violation: 'no default violation for minByteLength: give test.violations an entry with the argument to use',
      describe: 'at least sixteen bytes per entry (n * IORING_SETUP_CLAMP) bytes long',
      fuzz: null,
    });
    expect(evaluate(p.check, { v: new Uint8Array(32), n: 2 })).toBe(true);
    expect(evaluate(p.check, { v: new Uint8Array(31), n: 2 })).toBe(false);
    // NaN (another argument is wrong and reports itself) passes.
    expect(evaluate(p.check, { v: new Uint8Array(0), n: NaN })).toBe(true);
  });

  test('nonNull', () => {
    expect(printed({ kind: 'nonNull' })).toEqual({ check: 'v !== null', explain: 'rt.rules.explainNonNull()', violation: { args: { v: 'null' } }, describe: 'not null', fuzz: null });
  });

  test('fd (and AT_FDCWD, a constant the fixture lacks, is an error)', () => {
    const p = printed({ kind: 'fd' });
    expect(p).toEqual({ check: 'v >= 0', explain: 'rt.rules.explainFd(v)', violation: { args: { v: '-1' } }, describe: 'a file descriptor', fuzz: 'fc.constantFrom(...world.fds)' });
    expect(() => printed({ kind: 'fd', allowAtFdcwd: true })).toThrow('names constant AT_FDCWD, which no schema/constants group defines');
    const withCwd = context({ constant: (name) => ({ name, value: -100, group: 'At', since: '0.0' }) });
    expect(ruleKind('fd').check({ kind: 'fd', allowAtFdcwd: true }, withCwd)).toBe('v >= 0 || v === -100 /* AT_FDCWD */');
  });

  test('flags (allowed, unversioned)', () => {
    const p = printed({ kind: 'flags', allowed: ['IORING_SETUP_IOPOLL', 'IORING_SETUP_CLAMP'], decidedBy: 'liburing' });
    expect(p).toEqual({
      check: 'rt.rules.flagsWithin(v, 0x11, 32)',
      explain: "rt.rules.explainFlags(v, 0x11, 'IORING_SETUP_IOPOLL, IORING_SETUP_CLAMP')",
      violation: { args: { v: 'args[1] | 0x2' } },
      describe: 'flags among IORING_SETUP_IOPOLL, IORING_SETUP_CLAMP',
      fuzz: 'fc.nat().map((v) => (v & 0x11) >>> 0)',
    });
    expect(evaluate(p.check, { v: 0x10 })).toBe(true);
    expect(evaluate(p.check, { v: 0x12 })).toBe(false);
    // An int argument's sign bit is bit 31, not bit 63.
    expect(evaluate(p.check, { v: -1 })).toBe(false);
    // In a struct field: broken with a statement, no arbitrary.
    expect(printed({ kind: 'flags', allowed: ['IORING_SETUP_IOPOLL'], field: 'flags', decidedBy: 'liburing' })).toMatchObject({
      check: 'rt.rules.flagsWithin(v.flags, 0x1)',
      violation: { before: 'args[1].flags |= 0x2;' },
      describe: '.flags: flags among IORING_SETUP_IOPOLL',
      fuzz: null,
    });
  });

  test('relation (no default violation)', () => {
    const p = printed({ kind: 'relation', holds: 'n <= countOf(v) && n < IORING_SETUP_CLAMP', says: 'n must not exceed the array' });
    expect(p).toEqual({
      check: 'n <= countOf(v) && n < 16 /* IORING_SETUP_CLAMP */',
      explain: "rt.rules.explainRelation('n must not exceed the array')",
      violation: 'no default violation for a relation: give test.violations an entry',
      describe: 'n must not exceed the array',
      fuzz: null,
    });
    expect(evaluate(p.check, { v: { count: 3 }, n: 3 })).toBe(true);
    expect(evaluate(p.check, { v: { count: 3 }, n: 4 })).toBe(false);
    expect(evaluate(p.explain, {})).toEqual({ hint: 'n must not exceed the array.' });
  });

  test('ringState (implicit)', () => {
    expect(printed({ kind: 'ringState', state: 'live' })).toEqual({
      check: "rt.check.ringIs(v, 'live')",
      explain: 'rt.check.explainRingState(v)',
      violation: { args: { v: 'new IoUring()' } },
      describe: 'a live ring (initialized, not exited)',
      fuzz: null,
    });
    expect(printed({ kind: 'ringState', state: 'uninitialized' })).toMatchObject({
      check: "rt.check.ringIs(v, 'uninitialized')",
      violation: 'an initialized ring is the valid case of every other test',
      describe: 'a ring not initialized yet',
    });
  });

  test('count (implicit): a number, a parameter name, an expression', () => {
    const ints = context({ element: { cType: 'int', size: 4, kind: 'int' } });
    const two = printed({ kind: 'count', count: 2 }, ints);
    expect(two).toEqual({
      check: 'rt.rules.elementsOf(v, 4) >= 2',
      explain: 'rt.rules.explainCount(v, 4, 2, "int")',
      violation: { args: { v: 'new (args[1] as unknown as { constructor: new (n: number) => unknown }).constructor(1)' } },
      describe: 'holds at least 2 × int',
      fuzz: null,
    });
    expect(evaluate(two.check, { v: new Int32Array(2) })).toBe(true);
    expect(evaluate(two.check, { v: new Int32Array(1) })).toBe(false);
    expect(evaluate(two.check, { v: null })).toBe(true); // nonNull decides
    const structs = context({ element: { cType: 'struct iovec', size: 16, kind: 'struct' } });
    expect(printed({ kind: 'count', count: 'n' }, structs)).toMatchObject({
      check: 'rt.rules.elementsOf(v, 16) >= Number(n)',
      violation: { args: { n: 'Number(args[2]) + 1' } },
    });
    expect(printed({ kind: 'count', count: 'n * 2' }, structs)).toMatchObject({
      check: 'rt.rules.elementsOf(v, 16) >= (n * 2)',
      violation: 'no default violation for a count given by an expression: give test.violations an entry',
    });
    expect(printed({ kind: 'count', count: 3 }, structs).violation).toEqual({ args: { v: '(args[1] as unknown as { constructor: { array(n: number): unknown } }).constructor.array(2)' } });
    expect(printed({ kind: 'count', count: 1 }, structs).violation).toBe('no default violation for a one-element struct count: give test.violations an entry');
    const bytes = context({ element: { cType: 'byte', size: 1, kind: 'byte' } });
    expect(printed({ kind: 'count', count: 64 }, bytes).violation).toEqual({ args: { v: 'new Uint8Array(63)' } });
  });
});

describe('flags decided by liburing or by the kernel', () => {
  const group = { kind: 'flags', group: 'IoringSetup', except: ['IORING_SETUP_CQSIZE'] };

  test('a flags group with a constant newer than the oldest liburing hoists one versioned table, used by the check and the explanation', () => {
    const ctx = context();
    const k = ruleKind('flags');
    const check = k.check({ ...group, decidedBy: 'liburing' }, ctx);
    const explain = k.explain({ ...group, decidedBy: 'liburing' }, ctx);
    expect(check).toBe('rt.rules.flagsWithin(v, vFlags.mask(), 32)');
    expect(explain).toBe('vFlags.explain(v)');
    expect([...ctx.hoisted]).toEqual([
      ['vFlags', "rt.rules.versionedFlags([['IORING_SETUP_IOPOLL', 0x1n, '0.1'], ['IORING_SETUP_SQPOLL', 0x2n, '0.1'], ['IORING_SETUP_CLAMP', 0x10n, '0.1'], ['IORING_SETUP_CQE_MIXED', 0x40000n, '2.13']])"],
    ]);
    expect(k.describe({ ...group, decidedBy: 'liburing' }, ctx)).toBe('flags among IORING_SETUP_IOPOLL, IORING_SETUP_SQPOLL, IORING_SETUP_CLAMP, IORING_SETUP_CQE_MIXED (liburing 2.13+, Linux 6.18+)');
    // Evaluated with the loaded liburing: CQE_MIXED counts only from 2.13.
    const mixed = 0x40000;
    expect(evaluate(check, { v: mixed }, ctx.hoisted)).toBe(versionAtLeast(liburingVersion(), '2.13'));
    expect(evaluate(check, { v: 0x12 }, ctx.hoisted)).toBe(true);
    expect(evaluate(check, { v: 0x8 }, ctx.hoisted)).toBe(false); // CQSIZE: left out by except
    if (!versionAtLeast(liburingVersion(), '2.13')) {
      expect((evaluate(explain, { v: mixed }, ctx.hoisted) as { hint: string }).hint).toContain('IORING_SETUP_CQE_MIXED needs liburing 2.13');
    }
  });

  test("a table of the field's name, for a rule on a struct field", () => {
    const ctx = context();
    ruleKind('flags').check({ ...group, field: 'flags', decidedBy: 'liburing' }, ctx);
    expect([...ctx.hoisted.keys()]).toEqual(['v_flagsFlags']);
  });

  test("decidedBy: 'kernel' does not version: every defined bit is allowed, nothing is hoisted", () => {
    const ctx = context();
    const p = printed({ ...group, decidedBy: 'kernel' }, ctx);
    expect(p.check).toBe('rt.rules.flagsWithin(v, 0x40013, 32)');
    expect(p.explain).toBe("rt.rules.explainFlags(v, 0x40013, 'IORING_SETUP_IOPOLL, IORING_SETUP_SQPOLL, IORING_SETUP_CLAMP, IORING_SETUP_CQE_MIXED')");
    expect(p.describe).toBe('flags among IORING_SETUP_IOPOLL, IORING_SETUP_SQPOLL, IORING_SETUP_CLAMP, IORING_SETUP_CQE_MIXED (Linux 6.18+) (liburing passes them on; the kernel decides)');
    expect(ctx.hoisted.size).toBe(0);
    expect(evaluate(p.check, { v: 0x40000 })).toBe(true);
  });

  test('a group whose constants are all as old as the oldest liburing needs no table', () => {
    const ctx = context();
    expect(ruleKind('flags').check({ kind: 'flags', group: 'Rwf', decidedBy: 'liburing' }, ctx)).toBe('rt.rules.flagsWithin(v, 0xf, 32)');
    expect(ctx.hoisted.size).toBe(0);
    expect(OLDEST_LIBURING).toBe('2.9');
  });

  test('the default violation sets a bit no allowed constant has: refused on every version', () => {
    // IOPOLL, SQPOLL and CLAMP are 0x1, 0x2, 0x10: the lowest free bit is 0x4.
    expect(printed({ ...group, decidedBy: 'liburing' }).violation).toEqual({ args: { v: 'args[1] | 0x4' } });
  });

  test('an unknown group is an error naming it', () => {
    expect(() => printed({ kind: 'flags', group: 'IoringNope', decidedBy: 'kernel' })).toThrow('names constant group IoringNope, which schema/constants does not define');
  });
});
