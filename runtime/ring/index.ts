/**
 * The Promise-based Ring API (see ring.ts). Not imported by runtime/index.ts:
 * it stands on the generated code, which itself imports runtime/index.ts.
 */
export { Ring, type RingOptions, type CloseOptions } from './ring.js';
export { OpFactory, StatxResult } from './ops.js';
export type { OpOptions, PreparedOp } from './op.js';
export { BufferRing, type BufferRingOptions } from './buffer-ring.js';
export { AbortError, RingClosedError } from './errors.js';
export { MultishotIterator } from './multishot.js';
export type { SocketAddress } from './sockaddr.js';
