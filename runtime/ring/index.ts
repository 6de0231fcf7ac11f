/** The Promise-based Ring API (see ring.ts). Not imported by runtime/index.ts: it stands on the generated code. */
export { Ring, OpFactory, type RingOptions, type CloseOptions, type OpOptions, type PreparedOp } from './ring.js';
export { AbortError, RingClosedError } from './errors.js';
export { MultishotIterator } from './multishot.js';
