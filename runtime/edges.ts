/**
 * Memory for showing, safely, what C does past the end of an argument: the
 * generated precondition tests use it to prove a rule such as "nbytes must
 * not exceed buf" by letting the raw C call go past the end into memory the
 * test owns (`withSpare`), or into a page no one may touch, where the kernel
 * stops with -EFAULT (`beforeGuardPage`). In both, the argument's ArrayBuffer
 * is exactly the argument's bytes, so every check sees the size the test
 * means, while the mapping goes on after it.
 */
import koffi from 'koffi';
import { addressOf, allocAligned, pageSize } from './memory.js';
import { lastErrno, mprotect } from './libc.js';
import { PROT_NONE } from '../generated/constants.js';
import { OWNED, type Struct, type StructClass } from './struct.js';

// The mapping behind a view made here stays mapped as long as the view's ArrayBuffer is reachable.
const mappings = new WeakMap<ArrayBufferLike, Uint8Array>();

function viewAt(region: Uint8Array, offset: number, size: number): Uint8Array {
  const buffer = koffi.view(addressOf(region) + BigInt(offset), size) as ArrayBuffer;
  mappings.set(buffer, region);
  return new Uint8Array(buffer);
}

/**
 * `size` bytes that end where an inaccessible page (PROT_NONE) begins: reading
 * or writing byte `size` faults. The kernel reports such an access as -EFAULT;
 * C code in this process would crash, so pass it only where the kernel is
 * what reads or writes past the end.
 */
export function beforeGuardPage(size: number): Uint8Array {
  if (!Number.isSafeInteger(size) || size <= 0) throw new RangeError(`beforeGuardPage: size must be a positive integer, got ${size}`);
  const page = pageSize();
  const pages = Math.ceil(size / page);
  const region = allocAligned((pages + 1) * page);
  if (mprotect(addressOf(region) + BigInt(pages * page), page, PROT_NONE) !== 0) throw new Error(`beforeGuardPage: mprotect failed (errno ${lastErrno()})`);
  return viewAt(region, pages * page - size, size);
}

/**
 * `size` bytes (`memory`) followed by `spare` bytes of the same mapping
 * (`after`), zeroed: what C writes past the end of `memory` lands in `after`,
 * and what C reads past it comes from there.
 */
export function withSpare(size: number, spare = 64): { memory: Uint8Array; after: Uint8Array } {
  if (!Number.isSafeInteger(size) || size <= 0 || !Number.isSafeInteger(spare) || spare <= 0) {
    throw new RangeError(`withSpare: size and spare must be positive integers, got ${size} and ${spare}`);
  }
  const region = allocAligned(size + spare);
  return { memory: viewAt(region, 0, size), after: viewAt(region, size, spare) };
}

/**
 * `count` structs of class `cls` over `memory` (from beforeGuardPage or
 * withSpare): the struct's bytes are `memory`'s, even when `memory` is
 * shorter than the struct, so the checks see what `memory` holds.
 */
export function structOver<T extends Struct>(cls: StructClass<T>, memory: Uint8Array, count = 1): T {
  const view = new DataView(memory.buffer, memory.byteOffset, memory.byteLength);
  return new cls(count, { view, address: addressOf(memory), lifetime: OWNED });
}
