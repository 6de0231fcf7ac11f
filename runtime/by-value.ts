/**
 * Structs C returns by value (io_uring_cqe_iter_init's io_uring_cqe_iter).
 * koffi hands the wrapper a plain object; the wrapper copies it field by field
 * into a struct of memory this module allocates. When the struct describes a
 * ring's memory (an iterator over its CQEs), it shares the ring's lifetime, so
 * that every use after io_uring_queue_exit throws, and it remembers the ring,
 * so that rules can check it still matches the ring it came from.
 */
import { addressOf } from './memory.js';
import { OWNED, type Struct, type StructClass } from './struct.js';
import { ringState, type RingLike } from './holds/state.js';

const ringOfValue = new WeakMap<Struct, RingLike>();

/** A zeroed struct of `cls` to copy a by-value result into, living as long as `ring` when it describes ring memory. */
export function structValue<T extends Struct>(cls: StructClass<T>, ring: RingLike | null): T {
  const buffer = new ArrayBuffer(Math.max(cls.size, 8));
  const s = new cls(1, { view: new DataView(buffer, 0, cls.size), address: addressOf(buffer), lifetime: ring ? ringState(ring).lifetime : OWNED });
  if (ring) ringOfValue.set(s, ring);
  return s;
}

/** The ring a by-value result was made from, if it was made by structValue for one. */
export function ringOfStructValue(s: Struct): RingLike | undefined {
  return ringOfValue.get(s);
}
