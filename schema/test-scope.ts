/**
 * What the test code of a schema entry may use: every name the generated
 * tests can import. Test functions take it as their one parameter and
 * destructure the names they use, so the type checker sees every line, and
 * the generator turns the destructured names into the generated test's
 * imports. Types only: loading an entry never loads generated code.
 */
import type * as generated from '../generated/index.js';
import type * as unsafe from '../generated/unsafe.js';
import type * as libc from '../generated/libc.js';
import type * as runtime from '../runtime/index.js';
import type * as testing from '../runtime/testing.js';
import type * as fuzz from '../runtime/fuzz.js';
import type { expect, vi } from 'vitest';
import type fc from 'fast-check';

export type TestScope = typeof generated & typeof libc & typeof unsafe & typeof runtime & typeof testing & typeof fuzz & {
  expect: typeof expect;
  vi: typeof vi;
  fc: typeof fc;
};
