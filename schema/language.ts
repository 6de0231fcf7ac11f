/**
 * The schema language: what one entry of schema/ may say, as zod schemas.
 *
 * The generator validates every entry against these schemas when it loads
 * them, so a malformed entry fails with the file, the entry and the field.
 * Entry files use the define* helpers, which only give them types. Rule kinds
 * are defined in generator/rules/ (one module each: shape, check, docs).
 */
export { Version, GlibcVersion, KernelVersion, Source, ErrnoName, ArgExpression, Category, CATEGORIES, CATEGORY_TITLES } from './language/basics.js';
export { Rule, type RuleInput, type RuleKindName } from '../generator/rules/index.js';
export {
  Precondition, Direction, Param, Returns, Violation, TestSpec, SqeEncoding, Bookkeeping, FunctionEntry,
  defineFunction, defineFunctionWith,
  type Fixture, type ViolationInput, type TestInput, type FunctionEntryInput,
} from './language/function.js';
export { Field, StructEntry, defineStruct, type FieldInput, type StructEntryInput } from './language/struct.js';
export { ConstantGroup, defineConstants, type ConstantGroupInput } from './language/constants.js';
export type { TestScope } from './test-scope.js';

