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

/** Keep `value` (memory, or a struct and what its pointer fields point to). */
export function hold(h: Held, value: unknown): void {
  h.values.push(value);
  const r = holdMemory(value);
  if (r) h.releases.push(r);
}

export function release(h: Held): void {
  for (const r of h.releases) r();
  h.values.length = 0;
  h.releases.length = 0;
}

/** Move what `from` keeps into `into` (both stay valid; `from` ends empty). */
export function absorb(into: Held, from: Held): void {
  for (const v of from.values) into.values.push(v);
  for (const r of from.releases) into.releases.push(r);
  from.values.length = 0;
  from.releases.length = 0;
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
