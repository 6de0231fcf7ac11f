/**
 * Memory kept in use for the kernel: each value stays reachable, and
 * allocAligned memory among them refuses freeAligned, until it is released.
 */
import { isMemory } from '../memory.js';
import { holdMemory } from '../struct.js';

export interface Held {
  values: unknown[];
  releases: (() => void)[];
}

export function newHeld(): Held {
  return { values: [], releases: [] };
}

/**
 * Keep `value` (memory, or a struct and what its pointer fields point to). The same memory given
 * again (an SQE prepared again and again before it is submitted) is kept once: what keeping it
 * does depends on the memory alone, and the list would otherwise grow with every call. A struct is
 * kept each time, with what its pointer fields point to then, which may have changed.
 */
export function hold(h: Held, value: unknown): void {
  if (isMemory(value) && h.values.includes(value)) return;
  h.values.push(value);
  const r = holdMemory(value);
  if (r) h.releases.push(r);
}

export function release(h: Held): void {
  for (const r of h.releases) r();
  emptyOut(h);
}

/** Empty both lists: with new arrays, as `length = 0` is a call into V8's runtime (about 170 instructions). */
function emptyOut(h: Held): void {
  if (h.values.length !== 0) h.values = [];
  if (h.releases.length !== 0) h.releases = [];
}

/** Move what `from` keeps into `into` (both stay valid; `from` ends empty). */
export function absorb(into: Held, from: Held): void {
  for (const v of from.values) into.values.push(v);
  for (const r of from.releases) into.releases.push(r);
  emptyOut(from);
}

export function isEmpty(h: Held): boolean {
  return h.values.length === 0;
}

/**
 * Memory kept once per backing buffer: giving the kernel the same pool again
 * and again (re-providing buffers, re-adding them to a buffer ring) keeps it
 * once instead of growing a list. A struct is kept each time, with what its
 * pointer fields point to then (they may have changed).
 */
export class KeptOnce {
  private keys = new Set<ArrayBufferLike>();
  readonly held: Held = newHeld();

  add(value: unknown): void {
    if (value == null) return;
    if (isMemory(value)) {
      const key = value instanceof ArrayBuffer ? value : value.buffer;
      if (this.keys.has(key)) return;
      this.keys.add(key);
    }
    hold(this.held, value);
  }

  /** Take over everything `other` keeps. */
  absorb(other: KeptOnce): void {
    for (const k of other.keys) this.keys.add(k);
    other.keys.clear();
    absorb(this.held, other.held);
  }

  /** Hand what is kept to `into` (to be released later), forgetting it here. */
  moveTo(into: Held): void {
    this.keys.clear();
    absorb(into, this.held);
  }

  releaseAll(): void {
    this.keys.clear();
    release(this.held);
  }

  get size(): number {
    return this.held.values.length;
  }
}

/**
 * The Held of each SQ slot whose prepared SQE is not flushed yet: the part of Map's interface the
 * books use, over an array indexed by slot. A Map here gets a set and a delete for every SQE with
 * memory, and V8 rehashes it as its deleted entries pile up.
 */
export class SlotHolds {
  private bySlot: (Held | undefined)[] = [];
  private count = 0;

  /** How many slots have a Held. */
  get size(): number {
    return this.count;
  }

  get(slot: number): Held | undefined {
    return this.bySlot[slot];
  }

  set(slot: number, h: Held): void {
    const bySlot = this.bySlot;
    // Grown one element at a time: writing far past the end would make V8 store the array as a dictionary.
    while (bySlot.length <= slot) bySlot.push(undefined);
    if (bySlot[slot] === undefined) this.count++;
    bySlot[slot] = h;
  }

  delete(slot: number): boolean {
    if (this.bySlot[slot] === undefined) return false;
    this.bySlot[slot] = undefined;
    this.count--;
    return true;
  }

  clear(): void {
    this.bySlot = [];
    this.count = 0;
  }

  *values(): IterableIterator<Held> {
    for (const h of this.bySlot) if (h !== undefined) yield h;
  }
}
