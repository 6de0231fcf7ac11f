/**
 * Property-test arbitraries for the generated wrapper tests: for each C
 * parameter kind, a mix of valid values (drawn from the parameter's
 * preconditions where they say what is valid) and hostile ones: wrong types,
 * NaN, -0, negatives, values past 2^32 and 2^64, bigint for number and back,
 * detached buffers, views at odd offsets, freed memory, exited rings, structs
 * of the wrong class. Every call must return or throw a typed error.
 */
import fc from 'fast-check';
import { closeSync, openSync } from 'node:fs';
import { PreconditionError, UringError, UnsupportedError } from './errors.js';
import { describeValue } from './describe.js';
import { allocAligned, freeAligned, pageSize } from './memory.js';
import { OutPointer, PointerArray, Struct } from './struct.js';
import { IoUring, IoUringSqe, IoUringParams, IoUringCqe } from '../generated/structs.js';
import { io_uring_queue_init, io_uring_queue_exit, io_uring_get_sqe } from '../generated/wrappers.js';
import type { IntKind } from './ctypes.js';

/** A value and whether it is hostile: of the wrong type, or dead, so that no check lets it reach C. */
export interface Arg {
  value: unknown;
  hostile: boolean;
}

/** Counterexamples print as short descriptions, not as every byte of a buffer. */
function printableArb(arb: fc.Arbitrary<Arg>): fc.Arbitrary<Arg> {
  return arb.map((a) => Object.assign(a, { [fc.toStringMethod]: () => describeValue(a.value) + (a.hostile ? ' (hostile)' : '') }));
}

const LIMITS: Record<IntKind, [bigint, bigint]> = {
  i8: [-128n, 127n], u8: [0n, 255n], i16: [-32768n, 32767n], u16: [0n, 65535n],
  i32: [-(2n ** 31n), 2n ** 31n - 1n], u32: [0n, 2n ** 32n - 1n], i64: [-(2n ** 63n), 2n ** 63n - 1n], u64: [0n, 2n ** 64n - 1n],
};

/** The objects valid arguments come from, made once per test file and torn down at its end. */
export class FuzzWorld {
  readonly rings: IoUring[] = [];
  readonly exited = new IoUring();
  readonly fresh = new IoUring();
  readonly fds: number[] = [];
  private readonly freed = allocAligned(pageSize());
  /** A view whose buffer was transferred away: length 0, no memory behind it. */
  private readonly detached = new Uint8Array(64);
  /** Rings the fuzzed init functions may have initialized: exited after every call. */
  private readonly made: IoUring[] = [];

  constructor() {
    for (let i = 0; i < 2; i++) {
      const r = new IoUring();
      io_uring_queue_init(64, r, 0);
      this.rings.push(r);
    }
    io_uring_queue_init(4, this.exited, 0);
    io_uring_queue_exit(this.exited);
    freeAligned(this.freed);
    structuredClone(this.detached.buffer, { transfer: [this.detached.buffer] });
    this.fds.push(openSync('/dev/null', 'r+'));
  }

  /** A live ring; the fuzzed function may exit it, after which it counts as hostile. */
  ring(): fc.Arbitrary<Arg> {
    return printableArb(fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 0, max: this.rings.length - 1 }).map((i) => ({ value: this.rings[i]!, hostile: false })) },
      { weight: 1, arbitrary: fc.constantFrom<Arg>({ value: this.exited, hostile: true }, { value: this.fresh, hostile: true }) },
    ));
  }

  /** A new, uninitialized ring (for init functions), exited after the call if it was initialized. */
  freshRing(): fc.Arbitrary<Arg> {
    return printableArb(fc.oneof(
      { weight: 4, arbitrary: fc.constant(null).map(() => {
        const r = new IoUring();
        this.made.push(r);
        return { value: r, hostile: false };
      }) },
      { weight: 1, arbitrary: this.ring() },
    ));
  }

  /** An SQE: from a ring (never submitted by these tests), or a free-standing one. */
  sqe(): fc.Arbitrary<Arg> {
    return printableArb(fc.constant(null).map(() => {
      const ring = this.rings[0]!;
      const sqe = ring.lifetime.alive ? safeGetSqe(ring) : null;
      return { value: sqe ?? new IoUringSqe(), hostile: false };
    }));
  }

  close(): void {
    for (const r of [...this.rings, this.exited, this.fresh]) {
      try {
        io_uring_queue_exit(r);
      } catch {
        // already exited by the fuzzed function, or never initialized
      }
    }
    for (const fd of this.fds) closeSync(fd);
  }

  /** Hostile values any parameter must refuse. */
  hostileCommon(): fc.Arbitrary<Arg> {
    return printableArb(fc.constantFrom<unknown>(undefined, {}, [], 'x', Symbol('s'), () => 0, new Date(0)).map((value) => ({ value, hostile: true })));
  }

  /** An integer of a C type: in range (or from the rule's range), or hostile. */
  int(kind: IntKind, valid?: fc.Arbitrary<number | bigint>): fc.Arbitrary<Arg> {
    const [min, max] = LIMITS[kind];
    const big = kind === 'i64' || kind === 'u64';
    const inRange = big
      ? fc.oneof(fc.bigInt({ min, max }), fc.integer({ min: Number(min < -(2n ** 53n) ? -(2n ** 53n) + 1n : min), max: Number(2n ** 53n - 1n) }))
      : fc.integer({ min: Number(min), max: Number(max) });
    const hostile: unknown[] = [NaN, Infinity, -0, 1.5, Number(max) + 1, Number(min) - 1, 2 ** 32, 2 ** 64, -(2 ** 64), '1', true];
    if (!big) hostile.push(1n, 2n ** 64n);
    else hostile.push(2n ** 64n, -(2n ** 64n), 2 ** 53);
    return printableArb(fc.oneof(
      { weight: 3, arbitrary: inRange.map((value) => ({ value, hostile: false })) },
      ...(valid ? [{ weight: 3, arbitrary: valid.map((value) => ({ value, hostile: false })) }] : []),
      { weight: 2, arbitrary: fc.constantFrom(...hostile).map((value) => ({ value, hostile: true })) },
      { weight: 1, arbitrary: this.hostileCommon() },
    ));
  }

  bool(): fc.Arbitrary<Arg> {
    return printableArb(fc.oneof(fc.boolean().map((value) => ({ value, hostile: false })), fc.constantFrom<unknown>(0, 1, 'true', null).map((value) => ({ value, hostile: true }))));
  }

  string(nullable: boolean): fc.Arbitrary<Arg> {
    return printableArb(fc.oneof(
      { weight: 4, arbitrary: fc.string({ maxLength: 40 }).filter((s) => !s.includes('\0')).map((value) => ({ value, hostile: false })) },
      { weight: 1, arbitrary: fc.constantFrom<Arg>({ value: 'a\0b', hostile: true }, { value: 42, hostile: true }, { value: null, hostile: !nullable }) },
    ));
  }

  /** Memory: views of all kinds, page-aligned memory, odd offsets; freed memory and non-memory as hostile. */
  memory(nullable: boolean, aligned = false): fc.Arbitrary<Arg> {
    const valid = fc.oneof(
      fc.integer({ min: 0, max: 3 * 4096 }).map((n) => new Uint8Array(n)),
      fc.tuple(fc.integer({ min: 1, max: 4096 }), fc.integer({ min: 0, max: 63 })).map(([n, off]) => new Uint8Array(n + 64).subarray(off, off + n)),
      fc.integer({ min: 1, max: 3 }).map((pages) => allocAligned(pages * pageSize())),
      fc.integer({ min: 1, max: 512 }).map((n) => new DataView(new ArrayBuffer(n))),
      fc.integer({ min: 1, max: 512 }).map((n) => new ArrayBuffer(n)),
    );
    return printableArb(fc.oneof(
      { weight: aligned ? 1 : 4, arbitrary: valid.map((value) => ({ value, hostile: false })) },
      ...(aligned ? [{ weight: 3, arbitrary: fc.integer({ min: 1, max: 4 }).map((p) => ({ value: allocAligned(p * pageSize()), hostile: false })) }] : []),
      { weight: 1, arbitrary: fc.constantFrom<Arg>({ value: this.freed, hostile: true }, { value: this.detached, hostile: false }, { value: 12345, hostile: true }, { value: 0x7f0000000000n, hostile: true }, { value: null, hostile: !nullable }) },
      { weight: 1, arbitrary: this.hostileCommon() },
    ));
  }

  intArray(ctor: new (n: number) => ArrayBufferView, nullable: boolean): fc.Arbitrary<Arg> {
    return printableArb(fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 0, max: 64 }).map((n) => ({ value: new ctor(n), hostile: false })) },
      { weight: 1, arbitrary: fc.constantFrom<Arg>({ value: new Uint8Array(8), hostile: !(new ctor(0) instanceof Uint8Array) }, { value: null, hostile: !nullable }, { value: [1, 2], hostile: true }) },
    ));
  }

  /** A struct of the class, or of the wrong class, a number or bigint "pointer", null. */
  struct(cls: new () => Struct, nullable: boolean): fc.Arbitrary<Arg> {
    if (cls === (IoUring as unknown)) return fc.oneof({ weight: 4, arbitrary: this.ring() }, { weight: 1, arbitrary: this.wrongStruct(nullable) });
    if (cls === (IoUringSqe as unknown)) return fc.oneof({ weight: 4, arbitrary: this.sqe() }, { weight: 1, arbitrary: this.wrongStruct(nullable) });
    return printableArb(fc.oneof(
      { weight: 4, arbitrary: fc.constant(null).map(() => ({ value: new cls(), hostile: false })) },
      { weight: 1, arbitrary: this.wrongStruct(nullable) },
    ));
  }

  private wrongStruct(nullable: boolean): fc.Arbitrary<Arg> {
    return printableArb(fc.constantFrom<() => Arg>(
      () => ({ value: new IoUringParams(), hostile: true }),
      () => ({ value: new IoUringCqe(), hostile: true }),
      () => ({ value: 0x7f0000001000n, hostile: true }),
      () => ({ value: 4096, hostile: true }),
      () => ({ value: null, hostile: !nullable }),
    ).map((f) => f()));
  }

  outPointer(array: boolean): fc.Arbitrary<Arg> {
    return printableArb(fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 1, max: 16 }).map((n) => ({ value: array ? new PointerArray(n) : new OutPointer(), hostile: false })) },
      { weight: 1, arbitrary: fc.constantFrom<Arg>({ value: null, hostile: true }, { value: new BigUint64Array(1), hostile: true }, { value: 0n, hostile: true }) },
    ));
  }

  /**
   * Run a call: it may return or throw one of the typed errors; anything else
   * fails the property. With `resultIsFd`, a non-negative result is a new file
   * descriptor, closed at once; so are the descriptors a successful call stores
   * in `fdArrays` (pipe2's pipefd), which are filled with -1 before it.
   */
  call(fn: () => unknown, resultIsFd = false, fdArrays: unknown[] = []): void {
    const arrays = fdArrays.filter((a): a is Int32Array => a instanceof Int32Array);
    for (const a of arrays) a.fill(-1);
    try {
      const r = fn();
      if (resultIsFd && typeof r === 'number' && r >= 0) closeSync(r);
      // Only after success: a failed socketpair leaves in sv numbers the kernel reserved and released (net/socket.c).
      for (const a of arrays) for (const fd of a) if (fd >= 0) closeSync(fd);
    } catch (e) {
      if (!(e instanceof PreconditionError || e instanceof UringError || e instanceof UnsupportedError || e instanceof TypeError)) throw e;
    } finally {
      for (const r of this.made.splice(0)) {
        try {
          io_uring_queue_exit(r);
        } catch {
          // never initialized
        }
      }
    }
  }
}

function safeGetSqe(ring: IoUring): IoUringSqe | null {
  try {
    return io_uring_get_sqe(ring);
  } catch {
    return null;
  }
}

/** How many calls each generated property test makes: 1000 in `npm test`, more with FUZZ_RUNS (npm run fuzz). */
export function fuzzRuns(): number {
  const n = Number(process.env.FUZZ_RUNS ?? 1000);
  return Number.isSafeInteger(n) && n > 0 ? n : 1000;
}
