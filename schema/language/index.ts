/**
 * The schema language as zod schemas, for the generator, which validates every
 * entry against them. Entry files import schema/language.ts instead: types and
 * the define* helpers only, so that loading an entry loads nothing else.
 */
export { Version, GlibcVersion, KernelVersion, Source, ErrnoName, ArgExpression, Category, CATEGORIES, CATEGORY_TITLES } from './basics.js';
export { Rule } from '../../generator/rules/index.js';
export { Precondition, Direction, Param, Returns, Violation, TestSpec, SqeEncoding, Bookkeeping, FunctionEntry } from './function.js';
export { Field, StructEntry } from './struct.js';
export { ConstantGroup } from './constants.js';
