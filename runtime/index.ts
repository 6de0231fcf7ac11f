/**
 * The runtime the generated code stands on. Generated wrappers import it as
 * `rt`; users get its public part from the package's main entry.
 */
// First: generated/ffi.ts, which the ring primitives call, binds through it while the modules below are still loading.
export { lazyBindings, type Declaration, type ByValueStruct } from './bind.js';
export * as check from './check.js';
export type { FunctionSpec, PreconditionSpec } from './check.js';
export * as rules from './rules.js';
export * as derived from './derived.js';
export * as registrations from './registrations.js';
export { PreconditionError, UringError, UnsupportedError, LiburingNotFoundError, IoUringUnavailableError, PRECONDITION_CODE, type PreconditionFailure, type UringErrorDetails, type ProvisionReason } from './errors.js';
export { errnoNumber, errnoName, errnoText } from './errno.js';
export { pageSize, allocAligned, freeAligned, isFreed, addressOf, addressNumber, isZeroFilled, cString, setU64, setBigU64, adoptMapping, unmapMapping, lifetimeOf, type Memory } from './memory.js';
export { lastErrno, glibcVersion } from './libc.js';
export { Struct, OutPointer, PointerArray, UseAfterFreeError, fieldValue, viewOfAddress, structView, ownedByC, consumed, OWNED, type Lifetime, type StructClass, type StructClassWithStatics, type Borrowed } from './struct.js';
export {
  ringState, isRingLive, ringInitialized, ringRemapped, ringExited, ringExiting, ringsKeptPastExit, holdForRing, holdForRingOfSqe, borrowSqe, borrowCqe, holdUntilCompletion,
  ringSubmitted, submittedOn, cqeSeen, cqAdvanced, advancedOn, heldRequestCount, holdsOf, refusedCall, prepStarts,
  tagsRegistered, rawRegistered, msgRingSent, bufRingRegistered, bufRingUnregistered, bufRingAdded, type RingLike, type RingState,
} from './ring-state.js';
export { structValue, ringOfStructValue } from './by-value.js';
export { liburing, liburingVersion, requireLiburing } from './library.js';
/** liburing.h's inline helpers in JavaScript, which the wrappers' `js` implementations call. */
export * as inline from './ring-primitives.js';

/** zod is loaded on first use (check.zod()): the generated checks' schemas take it as a parameter. */

