/**
 * liburing-ts: every liburing function under its C name, with its
 * preconditions checked before C is called; the structs and constants;
 * the runtime's memory helpers and errors.
 */
export * from './generated/index.js';
export {
  PreconditionError, UringError, UnsupportedError, LiburingNotFoundError, IoUringUnavailableError, UseAfterFreeError,
  pageSize, allocAligned, freeAligned, isFreed, addressOf, isZeroFilled,
  Struct, OutPointer, PointerArray, derived, errnoNumber, errnoName, errnoText, liburingVersion,
  type Memory, type Lifetime, type PreconditionFailure, type UringErrorDetails, type ProvisionReason,
} from './runtime/index.js';
export { Ring, OpFactory, StatxResult, BufferRing, AbortError, RingClosedError, MultishotIterator, type RingOptions, type CloseOptions, type OpOptions, type PreparedOp, type BufferRingOptions, type SocketAddress } from './runtime/ring/index.js';
