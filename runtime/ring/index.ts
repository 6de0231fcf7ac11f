/**
 * The Promise-based Ring API (see ring.ts). Not imported by runtime/index.ts:
 * it stands on the generated code, which itself imports runtime/index.ts.
 */
export { Ring, type CloseOptions } from './ring.js';
export type { RingOptions } from './setup.js';
export { OpFactory, type OpFactoryMethods, type RingOpMethods } from './op-methods.js';
export { StatxResult } from './statx-result.js';
export type { OpOptions, PreparedOp } from './op.js';
export { BufferRing, type BufferRingOptions } from './buffer-ring.js';
export { AbortError, RingClosedError } from './errors.js';
export { MultishotIterator } from './multishot.js';
export type { SocketAddress } from './sockaddr.js';
