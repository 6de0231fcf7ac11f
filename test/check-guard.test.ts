// Each wrapper's check has two forms generated from the same rules: the plain-JavaScript guard a
// valid call costs, and the zod schema a refusal parses for its message. The suite runs with
// LIBURING_TS_CROSSCHECK=1 (vitest.config.ts), so every checked call in every test, the fuzz
// tests of the wrappers included, runs both and throws if they disagree. This proves the
// cross-check is on and catches a disagreement either way.
import { expect, test } from 'vitest';
import * as check from '../runtime/check.js';
import { PreconditionError } from '../runtime/errors.js';

const spec: check.FunctionSpec = {
  name: 'example',
  params: ['n'],
  types: ['int'],
  preconditions: [{ param: 0, rule: 'range', message: 'n must be even', errno: 'EINVAL', source: 'a test' }],
  errors: {},
};

const schema = (z: typeof import('zod')) => z.tuple([check.int('i32')]).pipe(z.custom<[number]>().refine(([n]) => n % 2 === 0, { params: { precondition: 0 }, path: [0], abort: true }));

test('the suite runs every check in both forms', () => {
  expect(process.env.LIBURING_TS_CROSSCHECK).toBe('1');
});

test('a guard that agrees with its schema accepts and refuses as the schema does; a refusal names the broken rule', () => {
  const c = check.lazy(schema, (n: number) => check.isInt.i32(n) && n % 2 === 0, () => spec, ['i32']);
  expect(c.accepts(4)).toBe(true);
  expect(c.accepts(3)).toBe(false);
  expect(c.accepts(2 ** 31)).toBe(false);
  expect(() => c.refuse(3)).toThrow(PreconditionError);
  expect(() => c.refuse(3)).toThrow(/n must be even/);
});

test('a guard that accepts what its schema refuses, or refuses what it accepts, throws', () => {
  const lax = check.lazy(schema, (n: number) => check.isInt.i32(n), () => spec, ['i32']);
  expect(() => lax.accepts(3)).toThrow(/guard accepts arguments its zod schema refuses/);
  const strict = check.lazy(schema, (n: number) => check.isInt.i32(n) && n % 4 === 0, () => spec, ['i32']);
  expect(() => strict.accepts(2)).toThrow(/guard refuses arguments its zod schema accepts/);
});

test('the C integer predicates are the C ranges: safe integers, no -0, bigint only for 64-bit types', () => {
  expect([0, 255, 256, -1, 1.5, -0, NaN, 1n].map(check.isInt.u8)).toEqual([true, true, false, false, false, false, false, false]);
  expect([-(2 ** 31), 2 ** 31 - 1, 2 ** 31, 1n].map(check.isInt.i32)).toEqual([true, true, false, false]);
  expect([0, 2 ** 53, 2 ** 64 - 1, 2n ** 64n - 1n, 2n ** 64n, -1n, -1].map(check.isInt.u64)).toEqual([true, false, false, true, false, false, false]);
  expect([-(2n ** 63n), 2n ** 63n, -1].map(check.isInt.i64)).toEqual([true, false, true]);
});
