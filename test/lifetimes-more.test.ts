// Lifetimes, beyond test/lifetimes.test.ts: probes, CQEs and SQEs after exit,
// re-initialized rings, memory held by requests, double frees, and the Ring
// after close(). Every use of something whose memory is gone throws a clear
// error and touches no freed memory (a touch would crash this worker).
import { execFileSync } from 'node:child_process';
import { closeSync, fstatSync, openSync } from 'node:fs';
import { setImmediate as immediate } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import {
  IORING_OP_NOP, IoUring, IoUringCqe, IoUringProbe, OutPointer, PointerArray, PreconditionError, Ring, RingClosedError, UseAfterFreeError,
  allocAligned, freeAligned, io_uring_cq_ready, io_uring_cqe_get_data64, io_uring_cqe_seen, io_uring_free_probe, io_uring_get_probe,
  io_uring_get_probe_ring, io_uring_get_sqe, io_uring_opcode_supported, io_uring_peek_batch_cqe, io_uring_prep_nop, io_uring_prep_read,
  io_uring_queue_exit, io_uring_queue_init, io_uring_sqe_set_data64, io_uring_submit, io_uring_wait_cqe, pageSize,
} from '../index.js';
import { catchError, exitQuietly, newRing, tempDir } from '../runtime/testing.js';

/** Submit one NOP with `userData` and wait for its completion; returns the CQE (not yet seen). */
function nopCqe(ring: IoUring, userData: bigint): IoUringCqe {
  const sqe = io_uring_get_sqe(ring)!;
  io_uring_prep_nop(sqe);
  io_uring_sqe_set_data64(sqe, userData);
  io_uring_submit(ring);
  const out = new OutPointer<IoUringCqe>();
  io_uring_wait_cqe(ring, out);
  return out.value!;
}

/** The error a Ring call gives, thrown or as a rejected Promise. */
async function errorOf(call: () => unknown): Promise<unknown> {
  try {
    const r = call();
    if (r && typeof (r as Promise<unknown>).then === 'function') await r;
    else if (r && typeof (r as AsyncIterator<unknown>).next === 'function') await (r as AsyncIterator<unknown>).next();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('probes', () => {
  test('after io_uring_free_probe every use throws, and a second free never reaches free()', () => {
    const probe = io_uring_get_probe()!;
    expect(probe).not.toBeNull();
    expect(io_uring_opcode_supported(probe, IORING_OP_NOP)).toBe(1);
    expect(probe.last_op).toBeGreaterThan(IORING_OP_NOP);
    io_uring_free_probe(probe);
    expect(() => probe.last_op).toThrow(UseAfterFreeError);
    expect(() => probe.last_op).toThrow('io_uring_probe: it was freed by io_uring_free_probe');
    expect(() => probe.bytes).toThrow(UseAfterFreeError);
    expect(catchError(() => io_uring_opcode_supported(probe, IORING_OP_NOP))).toMatchObject({ name: 'PreconditionError', parameter: 'p', rule: 'alive' });
    // A second free is refused before C (glibc would abort the process on a double free).
    expect(catchError(() => io_uring_free_probe(probe))).toMatchObject({ name: 'PreconditionError', parameter: 'probe', rule: 'alive' });
  });

  test('a probe JavaScript owns is never passed to free()', () => {
    const e = catchError(() => io_uring_free_probe(new IoUringProbe()));
    expect(e).toBeInstanceOf(PreconditionError);
    expect(e).toMatchObject({ parameter: 'probe', rule: 'relation' });
  });

  test("a ring's probe is C memory of its own: valid after the ring's exit (as in C), dead after its free", () => {
    const ring = newRing(4);
    const probe = io_uring_get_probe_ring(ring)!;
    io_uring_queue_exit(ring);
    expect(io_uring_opcode_supported(probe, IORING_OP_NOP)).toBe(1);
    io_uring_free_probe(probe);
    expect(() => probe.ops_len).toThrow(UseAfterFreeError);
  });
});

describe('CQEs', () => {
  test('a CQE after io_uring_queue_exit: its fields and every function taking it throw', () => {
    const ring = newRing(4);
    const cqe = nopCqe(ring, 99n);
    expect(cqe.user_data).toBe(99n);
    io_uring_queue_exit(ring);
    expect(() => cqe.res).toThrow(UseAfterFreeError);
    expect(() => cqe.user_data).toThrow('io_uring_cqe: its ring was closed by io_uring_queue_exit');
    expect(() => cqe.bytes).toThrow(UseAfterFreeError);
    expect(catchError(() => io_uring_cqe_get_data64(cqe))).toMatchObject({ name: 'PreconditionError', parameter: 'cqe', rule: 'alive' });
    // Refused for the dead CQE (checked first) or the exited ring, before C.
    expect(catchError(() => io_uring_cqe_seen(ring, cqe))).toMatchObject({ name: 'PreconditionError', rule: expect.stringMatching(/^(alive|ringState)$/) });
  });

  test('CQEs from io_uring_peek_batch_cqe die with their ring, also once it is initialized again', () => {
    const ring = newRing(4);
    nopCqe(ring, 1n);
    const batch = new PointerArray<IoUringCqe>(4);
    expect(io_uring_peek_batch_cqe(ring, batch, 4)).toBe(1);
    const old = batch.items[0]!;
    expect(old.user_data).toBe(1n);
    io_uring_queue_exit(ring);
    io_uring_queue_init(4, ring, 0);
    try {
      // Same struct io_uring, new mapping: the old CQE stays dead.
      expect(() => old.user_data).toThrow(UseAfterFreeError);
      const fresh = nopCqe(ring, 2n);
      expect(fresh.user_data).toBe(2n);
      io_uring_cqe_seen(ring, fresh);
    } finally {
      io_uring_queue_exit(ring);
    }
  });

  test('a CQE after io_uring_cqe_seen still reads the ring\'s live memory (no freed memory): its slot may be reused', () => {
    const ring = newRing(4);
    try {
      const cqe = nopCqe(ring, 7n);
      io_uring_cqe_seen(ring, cqe);
      expect(io_uring_cq_ready(ring)).toBe(0);
      // As in C: the slot belongs to the kernel again, but the mapping is alive, so reading it is safe.
      expect(cqe.user_data).toBe(7n);
    } finally {
      io_uring_queue_exit(ring);
    }
  });

  // Without a rule, a second io_uring_cqe_seen of the same CQE moves the CQ head past its tail:
  // io_uring_cq_ready then says 4294967295, and the next peek returns a stale CQE as a new
  // completion (whose user_data can release the memory of a request still in flight).
  test('a second io_uring_cqe_seen of the same CQE is refused (CQ head never passes its tail)', () => {
    const ring = newRing(4);
    try {
      const cqe = nopCqe(ring, 5n);
      io_uring_cqe_seen(ring, cqe);
      const e = catchError(() => io_uring_cqe_seen(ring, cqe));
      expect(e).toBeInstanceOf(PreconditionError);
    } finally {
      // Whatever happened, this ring is not used again.
      io_uring_queue_exit(ring);
    }
  });

  // Without a rule, io_uring_cqe_seen(ring, cqe) would take a CQE of another ring and advance
  // `ring`'s CQ head (with no completion ready there, past its tail).
  test("io_uring_cqe_seen refuses a CQE of another ring", () => {
    const a = newRing(4);
    const b = newRing(4);
    try {
      const cqe = nopCqe(a, 1n);
      expect(catchError(() => io_uring_cqe_seen(b, cqe))).toBeInstanceOf(PreconditionError);
    } finally {
      io_uring_queue_exit(a);
      io_uring_queue_exit(b);
    }
  });
});

describe('SQEs', () => {
  test('an SQE after io_uring_queue_exit: fields, prep and set functions throw; after a new init only new SQEs work', () => {
    const ring = newRing(4);
    const sqe = io_uring_get_sqe(ring)!;
    io_uring_queue_exit(ring);
    expect(() => sqe.opcode).toThrow(UseAfterFreeError);
    expect(() => {
      sqe.user_data = 1n;
    }).toThrow(UseAfterFreeError);
    expect(catchError(() => io_uring_sqe_set_data64(sqe, 1n))).toMatchObject({ name: 'PreconditionError', parameter: 'sqe', rule: 'alive' });
    expect(catchError(() => io_uring_prep_read(sqe, 0, new Uint8Array(8), 8, 0))).toMatchObject({ parameter: 'sqe', rule: 'alive' });
    io_uring_queue_init(4, ring, 0);
    try {
      expect(() => sqe.opcode).toThrow(UseAfterFreeError);
      const fresh = io_uring_get_sqe(ring)!;
      io_uring_prep_nop(fresh);
      expect(fresh.opcode).toBe(IORING_OP_NOP);
    } finally {
      io_uring_queue_exit(ring);
    }
  });
});

describe('rings', () => {
  test('a stale IoUring never reaches a new ring that got its fd number', () => {
    const old = newRing(4);
    io_uring_queue_exit(old);
    // The kernel hands out the lowest free fd: usually the old ring's number, which old.ring_fd still holds.
    const next = newRing(4);
    try {
      for (const call of [() => io_uring_get_sqe(old), () => io_uring_submit(old), () => io_uring_cq_ready(old), () => io_uring_queue_exit(old)]) {
        expect(catchError(call)).toMatchObject({ name: 'PreconditionError', parameter: 'ring', rule: 'ringState' });
      }
      // The new ring is untouched.
      const cqe = nopCqe(next, 3n);
      expect(cqe.user_data).toBe(3n);
      io_uring_cqe_seen(next, cqe);
    } finally {
      exitQuietly(next);
    }
  });

  test('exiting a never-initialized ring is refused and closes nothing (not fd 0)', () => {
    const before = fstatSync(0).ino;
    expect(catchError(() => io_uring_queue_exit(new IoUring()))).toMatchObject({ name: 'PreconditionError', rule: 'ringState' });
    expect(fstatSync(0).ino).toBe(before);
  });
});

describe('allocAligned memory held by requests', () => {
  test('memory of a prepared SQE cannot be freed until its completion is seen; a use after free is refused', () => {
    const ring = newRing(4);
    const zero = openSync('/dev/zero', 'r');
    try {
      const mem = allocAligned(pageSize());
      const sqe = io_uring_get_sqe(ring)!;
      io_uring_prep_read(sqe, zero, mem, 64, 0);
      io_uring_sqe_set_data64(sqe, 11n);
      expect(() => freeAligned(mem)).toThrow(/still in use by the kernel/);
      io_uring_submit(ring);
      expect(() => freeAligned(mem)).toThrow(/still in use by the kernel/);
      const out = new OutPointer<IoUringCqe>();
      io_uring_wait_cqe(ring, out);
      expect(out.value!.res).toBe(64);
      io_uring_cqe_seen(ring, out.value);
      freeAligned(mem);
      expect(() => freeAligned(mem)).toThrow(/already freed/);
      const again = io_uring_get_sqe(ring)!;
      expect(catchError(() => io_uring_prep_read(again, zero, mem, 64, 0))).toMatchObject({ name: 'PreconditionError', parameter: 'buf', rule: 'alive' });
      io_uring_prep_nop(again);
    } finally {
      closeSync(zero);
      io_uring_queue_exit(ring);
    }
  });

  test('io_uring_queue_exit lets go of the memory of requests never submitted', () => {
    const ring = newRing(4);
    const mem = allocAligned(pageSize());
    io_uring_prep_read(io_uring_get_sqe(ring)!, 0, mem, 16, 0);
    expect(() => freeAligned(mem)).toThrow(/still in use/);
    io_uring_queue_exit(ring);
    freeAligned(mem);
  });

  test('freeAligned refuses memory that is not from allocAligned', () => {
    expect(() => freeAligned(new Uint8Array(16))).toThrow(TypeError);
    expect(() => freeAligned(new Uint8Array(16))).toThrow('freeAligned: this memory did not come from allocAligned');
  });
});

describe('Ring after close()', () => {
  test('every operation is refused with RingClosedError; close is idempotent; the struct io_uring is dead', async () => {
    const ring = await Ring.create({ entries: 8 });
    const buf = new Uint8Array(64);
    await ring.nop();
    await ring.close();
    expect(ring.isClosed).toBe(true);
    const calls: [string, () => unknown][] = [
      ['nop', () => ring.nop()],
      ['read', () => ring.read(0, buf, 0)],
      ['write', () => ring.write(1, buf, 0)],
      ['readv', () => ring.readv(0, [buf], 0)],
      ['fsync', () => ring.fsync(1)],
      ['openat', () => ring.openat('/dev/null')],
      ['statx', () => ring.statx('/')],
      ['timeout', () => ring.timeout(1)],
      ['cancelFd', () => ring.cancelFd(0)],
      ['run', () => ring.run(ring.op.nop())],
      ['link', () => Promise.all(ring.link([ring.op.nop(), ring.op.nop()]))],
      ['registerBuffers', () => ring.registerBuffers([buf])],
      ['createBufferRing', () => ring.createBufferRing()],
      ['acceptMultishot', () => ring.acceptMultishot(0)],
      ['recvMultishot', () => ring.recvMultishot(0)],
    ];
    for (const [name, call] of calls) {
      const e = await errorOf(call);
      expect(e, name).toBeInstanceOf(RingClosedError);
      expect((e as RingClosedError).code, name).toBe('ERR_RING_CLOSED');
      expect((e as Error).message, name).toMatch(/^Ring\.\w+: the ring is closed/);
    }
    // Checked functions on the Ring's struct io_uring refuse it.
    expect(catchError(() => io_uring_get_sqe(ring.uring))).toMatchObject({ name: 'PreconditionError', rule: 'ringState' });
    // A second close, and async disposal, resolve; submit() touches nothing.
    await expect(ring.close()).resolves.toBeUndefined();
    await expect(ring[Symbol.asyncDispose]()).resolves.toBeUndefined();
    expect(await errorOf(() => ring.submit()) ?? 'no error').toSatisfy((e: unknown) => e === 'no error' || e instanceof RingClosedError);
    expect(ring.pending).toBe(0);
  });

  test('its fast path refuses the exited queues', async () => {
    const ring = await Ring.create({ entries: 8 });
    await ring.close();
    for (const call of [() => ring.fast.getSqe(), () => ring.fast.submit(), () => ring.fast.cqReady(), () => ring.fast.peek(), () => ring.fast.forEachCqe(() => {})]) {
      expect(call).toThrow(UseAfterFreeError);
    }
  });

  test('allocAligned memory of an operation in flight cannot be freed; after close() cancels it, it can', async () => {
    const dir = tempDir();
    const fifo = dir.file('fifo');
    execFileSync('mkfifo', [fifo]);
    const fd = openSync(fifo, 'r+');
    const ring = await Ring.create({ entries: 8 });
    const mem = allocAligned(pageSize());
    try {
      const read = ring.read(fd, mem, -1);
      await immediate();
      expect(() => freeAligned(mem)).toThrow(/still in use by the kernel/);
      await ring.close();
      await expect(read).rejects.toBeInstanceOf(RingClosedError);
      freeAligned(mem);
      // And a freed buffer is refused by the next Ring.
      const next = await Ring.create({ entries: 8 });
      try {
        await expect(next.read(fd, mem, -1)).rejects.toMatchObject({ name: 'PreconditionError', rule: 'alive' });
      } finally {
        await next.close();
      }
    } finally {
      closeSync(fd);
      dir.remove();
    }
  });

  // unregisterBuffers() after close() must not call io_uring_unregister_buffers on the exited
  // struct io_uring: its ring_fd number may belong to a new ring by then, whose buffers it would
  // unregister (that ring's readFixed then fails with EFAULT).
  test('unregisterBuffers() after close() does not touch a new ring that got the same fd number', async () => {
    const dir = tempDir();
    const file = dir.file('data');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, Buffer.alloc(4096, 1));
    const fd = openSync(file, 'r');
    const a = await Ring.create({ entries: 8 });
    a.registerBuffers([new Uint8Array(4096)]);
    await a.close();
    const b = await Ring.create({ entries: 8 });
    const fixed = new Uint8Array(4096);
    try {
      b.registerBuffers([fixed]);
      expect(await errorOf(() => a.unregisterBuffers())).toBeInstanceOf(RingClosedError);
      await expect(b.readFixed(fd, fixed, 0, 0)).resolves.toBe(4096);
    } finally {
      await b.close();
      closeSync(fd);
      dir.remove();
    }
  });
});
