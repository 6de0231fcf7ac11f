/**
 * Differential testing of the inline helpers run in JavaScript: the same call
 * made twice from the same state, once through the JavaScript implementation
 * (inline_<name>) and once through liburing's own helper (unchecked_<name>),
 * and what each returned and left behind compared. The state is everything
 * the call can touch through its arguments: a ring's struct io_uring, its SQE
 * array and the head, tail and flag words it shares with the kernel; a
 * struct's bytes; what an out-pointer or pointer array holds; memory.
 */
import { isMemory, type Memory } from './memory.js';
import { ringState, type RingLike } from './holds/state.js';
import { OutPointer, PointerArray, Struct, structView } from './struct.js';

/** What one call gave and left: its result as C would give it (views as addresses, null as 0n) and the state, as hex. */
export interface Outcome {
  result: unknown;
  state: Record<string, string>;
}

interface Part {
  name: string;
  read(): Uint8Array;
  /** Put back what read() saw before the first call; absent for words only the kernel writes. */
  write?(bytes: Uint8Array): void;
}

const MAX_MEMORY = 1 << 16;

function bytesOf(d: DataView): Uint8Array {
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}

function ringParts(ring: Struct, i: number): Part[] {
  const m = ringState(ring as RingLike).mapped;
  if (m === null || !m.lifetime.alive) return [];
  const word = (name: string, a: Uint32Array, writable: boolean): Part => ({
    name: `${i}.${name}`,
    read: () => new Uint8Array(a.buffer, a.byteOffset, 4).slice(),
    write: writable ? (b) => new Uint8Array(a.buffer, a.byteOffset, 4).set(b) : undefined,
  });
  return [
    { name: `${i}.io_uring`, read: () => bytesOf(structView(ring)).slice(), write: (b) => bytesOf(structView(ring)).set(b) },
    { name: `${i}.sqes`, read: () => bytesOf(m.sqes).slice(), write: (b) => bytesOf(m.sqes).set(b) },
    word('sq.khead', m.sqKhead, false),
    word('sq.kflags', m.sqKflags, false),
    word('cq.khead', m.cqKhead, true),
    word('cq.ktail', m.cqKtail, false),
    ...(m.cqKflags ? [word('cq.kflags', m.cqKflags, true)] : []),
  ];
}

function partsOf(args: readonly unknown[]): Part[] {
  const parts: Part[] = [];
  args.forEach((a, i) => {
    if (a instanceof Struct) {
      if (ringState(a as RingLike).mapped !== null) parts.push(...ringParts(a, i));
      else {
        const d = structView(a);
        parts.push({ name: `${i}.bytes`, read: () => bytesOf(d).slice(), write: (b) => bytesOf(d).set(b) });
      }
    } else if (a instanceof OutPointer) {
      parts.push({ name: `${i}.slot`, read: () => new Uint8Array(a.slot.buffer).slice(), write: (b) => new Uint8Array(a.slot.buffer).set(b) });
    } else if (a instanceof PointerArray) {
      parts.push({ name: `${i}.slots`, read: () => new Uint8Array(a.slots.buffer).slice(), write: (b) => new Uint8Array(a.slots.buffer).set(b) });
    } else if (isMemory(a)) {
      const m = a as Memory;
      const view = m instanceof ArrayBuffer ? new Uint8Array(m) : new Uint8Array(m.buffer, m.byteOffset, m.byteLength);
      const b = view.subarray(0, MAX_MEMORY);
      parts.push({ name: `${i}.memory`, read: () => b.slice(), write: (x) => b.set(x) });
    }
  });
  return parts;
}

/** A result as C gives it: a struct view as its address, null as 0n. */
function asC(v: unknown): unknown {
  if (v === null || v === undefined) return v === null ? 0n : undefined;
  if (v instanceof Struct) return v.address;
  return v;
}

function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

/**
 * Call `viaJs` and `viaC` from the same state of `args`: the state is read,
 * `viaJs` runs, its outcome is read, the state is put back, `viaC` runs.
 * Compare the two outcomes (toEqual). Neither call may enter the kernel in a
 * way that changes what the kernel holds (the fixtures keep it so).
 */
export function runBoth(args: readonly unknown[], viaJs: () => unknown, viaC: () => unknown): { js: Outcome; c: Outcome } {
  const parts = partsOf(args);
  const before = parts.map((p) => p.read());
  const outcome = (result: unknown): Outcome => ({ result: asC(result), state: Object.fromEntries(parts.map((p) => [p.name, hex(p.read())])) });
  const js = outcome(viaJs());
  parts.forEach((p, i) => p.write?.(before[i]!));
  const c = outcome(viaC());
  // koffi gives a 64-bit C integer as a number when it is exact: compare values, not representations.
  if (typeof js.result === 'bigint' && typeof c.result === 'number') c.result = BigInt(c.result);
  if (typeof js.result === 'number' && typeof c.result === 'bigint') js.result = BigInt(js.result);
  return { js, c };
}
