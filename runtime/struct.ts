/**
 * The base of the generated struct classes: a C struct's bytes, seen through a
 * DataView, with fields by their C names (generated accessors). A struct either
 * owns zeroed memory of its C size (`new IoUringParams()`), or is borrowed from
 * memory that C owns (an SQE in the submission ring), in which case it shares
 * that memory's lifetime and refuses every use once the memory is gone.
 */
import koffi from 'koffi';
import { addressOf, allocationOf, isMemory, memoryFreed, retainMemory, type Memory } from './memory.js';

/** Whether borrowed memory is still valid, and if not, why. */
export interface Lifetime {
  alive: boolean;
  /** Why it is not alive, e.g. "the ring was closed by io_uring_queue_exit". */
  reason: string;
}

/** Memory the struct owns lives as long as the struct: always alive. */
export const OWNED: Lifetime = Object.freeze({ alive: true, reason: '' });

/** Reading or writing a struct whose memory is gone (its ring exited, or C freed it). A TypeError: the object is no longer usable. */
export class UseAfterFreeError extends TypeError {
  override name = 'UseAfterFreeError';
}

/** Where C puts a struct's memory when it is a view rather than owned. */
export interface Borrowed {
  view: DataView;
  address: bigint;
  lifetime: Lifetime;
  /** The struct that owns the memory, when this is a view into another struct. */
  parent?: Struct;
}

/** What a generated struct class declares about its C layout; Struct's statics read it through `this`. */
export interface StructClass<T extends Struct> {
  new (count?: number, borrowed?: Borrowed): T;
  /** The C struct's tag. */
  readonly cName: string;
  /** sizeof(struct). */
  readonly size: number;
  /** Bytes one struct takes here: its size, plus a trailing flexible array at its largest. */
  readonly allocSize: number;
  /** The trailing flexible array, if the struct has one. */
  readonly flexible?: { readonly offset: number; readonly elemSize: number; readonly max: number };
}

/** A struct class with the statics every generated class inherits from Struct. */
export type StructClassWithStatics<T extends Struct> = StructClass<T> & Pick<typeof Struct, 'at' | 'borrow' | 'array'>;

export abstract class Struct {
  /** The address of the first byte, as C sees it. */
  readonly address: bigint;
  /** The struct's bytes. */
  protected readonly dv: DataView;
  /** How many structs of this type follow each other here (an array), at least 1. */
  readonly count: number;
  /** Whether the memory is still usable. */
  readonly lifetime: Lifetime;
  /** Whether this struct allocated its memory itself (never C's, never a ring's: no ring slot can be here). */
  readonly ownsMemory: boolean;
  /**
   * What pointer fields point to, kept reachable while the memory is: the map
   * belongs to the struct that owns the memory (the root), so that setting
   * `iovecs.item(2).iov_base` keeps the buffer alive as long as `iovecs`,
   * not only as long as the short-lived item view.
   */
  private refs: Map<bigint, unknown> | undefined;
  /** The struct that owns this memory (this one, unless it is a view into another struct). */
  private readonly root: Struct;

  /** `count` zeroed structs of C's layout, in memory this object owns; or, with `borrowed`, a view of memory C owns. */
  constructor(count = 1, borrowed?: Borrowed) {
    if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`struct count must be a positive integer, got ${count}`);
    const size = (new.target as unknown as StructClass<Struct>).allocSize;
    if (borrowed) {
      this.dv = borrowed.view;
      this.address = borrowed.address;
      this.lifetime = borrowed.lifetime;
      this.root = borrowed.parent?.root ?? this;
      this.ownsMemory = false;
    } else {
      this.root = this;
      // An ArrayBuffer's backing store never moves, so its address stays valid for C.
      const buffer = new ArrayBuffer(Math.max(size * count, 8));
      this.dv = new DataView(buffer, 0, size * count);
      this.address = addressOf(buffer);
      this.lifetime = OWNED;
      this.ownsMemory = true;
    }
    this.count = count;
  }

  /** An array of `count` zeroed structs. */
  static array<T extends Struct>(this: StructClass<T>, count: number): T {
    return new this(count);
  }

  /**
   * A view of `count` structs at an address C gave, valid while `lifetime` is
   * alive. A struct with a flexible array is viewed with `flexible` elements
   * (as many as C allocated; the largest by default).
   */
  static borrow<T extends Struct>(this: StructClass<T>, address: bigint, lifetime: Lifetime, count = 1, flexible?: number): T {
    const fl = this.flexible;
    const size = fl && count === 1 ? Math.max(this.size, fl.offset + fl.elemSize * (flexible ?? fl.max)) : this.allocSize * count;
    return new this(count, { view: viewOfAddress(address, size), address, lifetime });
  }

  /** A view of the struct at `offset` in `view`, sharing `lifetime`; `parent` is the struct that owns the memory, if any. */
  static at<T extends Struct>(this: StructClass<T>, view: DataView, offset: number, address: bigint, lifetime: Lifetime, parent?: Struct): T {
    const length = Math.min(this.allocSize, view.byteLength - offset);
    return new this(1, { view: new DataView(view.buffer, view.byteOffset + offset, length), address, lifetime, parent });
  }

  /** Element `index` of an array made by array(). */
  item(index: number): this {
    const cls = this.constructor as unknown as StructClassWithStatics<this>;
    Struct.checkIndex(index, this.count, cls.cName);
    const at = index * cls.allocSize;
    return cls.at(this.live(), at, this.address + BigInt(at), this.lifetime, this);
  }

  /** Throws when the memory behind this struct is gone. */
  protected live(): DataView {
    if (!this.lifetime.alive) {
      throw new UseAfterFreeError(`${(this.constructor as unknown as { cName: string }).cName}: ${this.lifetime.reason}`);
    }
    return this.dv;
  }

  /** The DataView over `s`'s bytes, for the runtime's helpers that write a struct without its accessors (throws once its memory is gone). */
  static viewOf(s: Struct): DataView {
    // Not through live(): every field accessor of every struct class calls that, so its loads are megamorphic;
    // these see mostly SQEs (each prep and sqe_set_* wrapper), and stay fast.
    if (!s.lifetime.alive) s.live();
    return s.dv;
  }

  /** The raw bytes (a live view; copy it to keep it past the struct's lifetime). */
  get bytes(): Uint8Array {
    const dv = this.live();
    return new Uint8Array(dv.buffer, dv.byteOffset, dv.byteLength);
  }

  /** Keep `value` reachable for as long as this struct, because a pointer field points into it. */
  protected keep(offset: number, value: unknown): void {
    const root = this.root;
    (root.refs ??= new Map()).set(this.address + BigInt(offset), value);
  }

  /** What this struct's memory (the root's, for a view) points to through pointer fields set from JavaScript. */
  pointees(): unknown[] {
    return [...(this.root.refs?.values() ?? [])];
  }

  /** Store a pointer in a field: memory or a struct is kept reachable with this struct; null stores 0. */
  protected setPointer(offset: number, value: Memory | Struct | bigint | null): void {
    const dv = this.live();
    let address: bigint;
    if (value === null) address = 0n;
    else if (typeof value === 'bigint') address = value;
    else if (value instanceof Struct) address = value.address;
    else if (isMemory(value)) address = addressOf(value);
    else throw new TypeError('a pointer field takes memory (an ArrayBufferView or ArrayBuffer), a struct, a bigint address or null');
    dv.setBigUint64(offset, address, true);
    this.keep(offset, value);
  }

  /** Helper for generated array accessors: element `index` of `count`. */
  protected static checkIndex(index: number, count: number, what: string): void {
    if (!Number.isInteger(index) || index < 0 || index >= count) throw new RangeError(`${what}: index ${index} is outside 0..${count - 1}`);
  }
}

/** The DataView over a struct's bytes (UseAfterFreeError once its memory is gone): for runtime helpers that write fields by offset, as C does. */
export function structView(s: Struct): DataView {
  return Struct.viewOf(s);
}

/** Read `size * count` bytes of C memory at `address` as a DataView. */
export function viewOfAddress(address: bigint, size: number): DataView {
  return new DataView(koffi.view(address, size));
}

/**
 * Count memory as used by the kernel until `release` runs: a memory argument,
 * or everything a struct's pointer fields point to (an Iovec array's buffers),
 * recursively.
 */
export function holdMemory(m: unknown, seen?: Set<unknown>): (() => void) | null {
  if (isMemory(m)) {
    // Only allocAligned and mmap memory counts its users (freeAligned and munmap refuse it meanwhile); keeping
    // memory JavaScript owns reachable is the caller's part (Held.values), so it needs no release at all.
    if (allocationOf(m) === undefined || seen?.has(m)) return null;
    seen?.add(m);
    retainMemory(m, 1);
    return () => retainMemory(m, -1);
  }
  if (m instanceof Struct) {
    seen ??= new Set<unknown>();
    if (seen.has(m)) return null;
    seen.add(m);
    const releases = m.pointees().map((p) => holdMemory(p, seen)).filter((r): r is () => void => r !== null);
    return releases.length ? () => releases.forEach((r) => r()) : null;
  }
  return null;
}

/**
 * The target of a C out-pointer to a struct pointer (`struct io_uring_cqe **`):
 * after the call, `value` is the struct C pointed it at, or null.
 */
export class OutPointer<T extends Struct> {
  /** Eight bytes for C to write the pointer into. */
  readonly slot = new BigUint64Array(1);
  value: T | null = null;
}

/**
 * An array of struct pointers C fills (`struct io_uring_cqe **cqes` with a count):
 * after the call, `items` holds the structs.
 */
export class PointerArray<T extends Struct> {
  readonly slots: BigUint64Array;
  items: T[] = [];
  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`PointerArray capacity must be a positive integer, got ${capacity}`);
    this.slots = new BigUint64Array(capacity);
  }
}

const FIELD_LIMITS: Record<string, [bigint, bigint]> = {
  i8: [-128n, 127n], u8: [0n, 255n], i16: [-32768n, 32767n], u16: [0n, 65535n],
  i32: [-2147483648n, 2147483647n], u32: [0n, 4294967295n], i64: [-(2n ** 63n), 2n ** 63n - 1n], u64: [0n, 2n ** 64n - 1n],
};

/**
 * Check a value stored into an integer field: DataView would silently wrap
 * or truncate it. Returns it as a number, or a bigint for 64-bit fields.
 */
export function fieldValue(kind: string, value: unknown, where: string): number | bigint {
  const [min, max] = FIELD_LIMITS[kind]!;
  const big = kind === 'i64' || kind === 'u64';
  if (typeof value === 'number' && Number.isSafeInteger(value) && !Object.is(value, -0) && value >= min && value <= max) {
    return big ? BigInt(value) : value;
  }
  if (big && typeof value === 'bigint' && value >= min && value <= max) return value;
  throw new TypeError(`${where} takes ${big ? 'an integer number or bigint' : 'an integer number'} from ${min} to ${max}, got ${typeof value === 'bigint' ? `${value}n` : String(value)}`);
}

/** The lifetime of memory C allocated for the caller, until the function that frees it is called. */
export function ownedByC(): Lifetime {
  return { alive: true, reason: '' };
}

/** After a call that frees `s` (a struct C allocated, or memory munmap unmapped): every later use of it throws. */
export function consumed(s: Struct | Memory, reason: string): void {
  if (!(s instanceof Struct)) return memoryFreed(s, reason);
  if (s.lifetime === OWNED) return;
  s.lifetime.alive = false;
  s.lifetime.reason = reason;
}
