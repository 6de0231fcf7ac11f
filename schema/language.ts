/**
 * The schema language, as entry files see it: the types of an entry and the
 * define* helpers, which only give an entry its type. Nothing here runs at
 * load beyond those helpers, so an entry loads without the generator. The
 * zod schemas the generator validates every entry against are in
 * schema/language/ (index.ts); rule kinds are in generator/rules/ (one module
 * each: shape, check, docs).
 */
import type { Fixture, FunctionEntryInput } from './language/function.js';
import type { StructEntryInput } from './language/struct.js';
import type { ConstantGroupInput } from './language/constants.js';

export type {
  FunctionEntry, Precondition, Param, Returns, TestSpec, SqeEncoding, Bookkeeping,
  Fixture, ViolationInput, TestInput, FunctionEntryInput, PreconditionInput,
} from './language/function.js';
export type { StructEntry, StructEntryInput, FieldInput } from './language/struct.js';
export type { ConstantGroup, ConstantGroupInput } from './language/constants.js';
export type { Category } from './language/basics.js';
export type { Rule, RuleInput, RuleKindName } from '../generator/rules/index.js';
export type { TestScope } from './test-scope.js';

/** Types an entry file's default export (it returns its argument unchanged). */
export function defineFunction<F extends Fixture>(entry: FunctionEntryInput<F>): FunctionEntryInput<F> {
  return entry;
}

/** The same for a project whose tests use more names than the package's own (its own generated functions). */
export function defineFunctionWith<S>() {
  return <F extends Fixture>(entry: FunctionEntryInput<F, S>): FunctionEntryInput<F, S> => entry;
}

/** Types a struct entry (it returns its argument unchanged). */
export const defineStruct = (entry: StructEntryInput): StructEntryInput => entry;

/** Types a constant group entry (it returns its argument unchanged). */
export const defineConstants = (entry: ConstantGroupInput): ConstantGroupInput => entry;
