// Stopping operations of a linked chain (AbortSignal and ring.cancel()), against the real kernel:
// an operation either never runs and rejects (AbortError, or ECANCELED for ring.cancel()), or had
// already started and settles with its real result; it never runs after its Promise rejected, and
// cancel() resolves with what really happened. Pipes show what ran: a write that ran put its bytes
// in its pipe, a read that ran took bytes out of its pipe.
import { closeSync, readSync, writeSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Ring, AbortError, UringError } from '../index.js';
import { IoUring } from '../generated/structs.js';
import { IOSQE_IO_LINK, POLLIN } from '../generated/constants.js';
import { io_uring_queue_init } from '../generated/functions/io_uring_queue_init.js';
import { io_uring_queue_exit } from '../generated/functions/io_uring_queue_exit.js';
import { encode_io_uring_prep_read } from '../generated/functions/io_uring_prep_read.js';
import { encode_io_uring_prep_write } from '../generated/functions/io_uring_prep_write.js';
import { encode_io_uring_prep_cancel64 } from '../generated/functions/io_uring_prep_cancel64.js';
import { FastRing } from '../runtime/fast/index.js';
import { makePipe as makeAnyPipe } from './support/pipe.js';

const open: number[] = [];
/** A pipe closed after all tests; `nonblocking` for one the test only reads with readSync (to see that it is empty). */
function makePipe(nonblocking = false): [number, number] {
  const fds = makeAnyPipe(nonblocking);
  open.push(...fds);
  return fds;
}
afterAll(() => {
  for (const fd of open) closeSync(fd);
});

/** What is in a non-blocking pipe now ('' when empty). */
function contents(readEnd: number): string {
  const buf = Buffer.alloc(4096);
  try {
    return buf.subarray(0, readSync(readEnd, buf)).toString();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EAGAIN') return '';
    throw e;
  }
}

/** Let the kernel run anything it would run now, and the Ring reap it. */
async function settleKernel(ring: Ring): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await ring.nop();
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Whether a blocking pipe has data to read now (a poll that times out after 50 ms says no). */
async function hasData(ring: Ring, readEnd: number): Promise<boolean> {
  try {
    return ((await ring.poll(readEnd, POLLIN, { linkTimeout: 50 })) & POLLIN) !== 0;
  } catch (e) {
    if ((e as UringError).code === 'ETIME') return false;
    throw e;
  }
}

const rejection = (r: PromiseSettledResult<unknown>): unknown => (r.status === 'rejected' ? r.reason : undefined);

test('the kernel (what the Ring works around): IORING_OP_ASYNC_CANCEL of a linked member that has not started gives -ENOENT, and the member runs later', () => {
  const uring = new IoUring();
  io_uring_queue_init(8, uring, 0);
  const [ar, aw] = makePipe();
  const [br, bw] = makePipe(true);
  try {
    const f = new FastRing(uring, { interop: false });
    const d = f.sqes;
    const buf = Buffer.alloc(4);
    const data = Buffer.from('data');
    let at = f.getSqe();
    encode_io_uring_prep_read(d, at, ar, buf, 4, -1);
    f.setUserData(at, 1);
    f.setFlags(at, IOSQE_IO_LINK);
    at = f.getSqe();
    encode_io_uring_prep_write(d, at, bw, data, 4, -1);
    f.setUserData(at, 2);
    expect(f.submit()).toBe(2);
    at = f.getSqe();
    encode_io_uring_prep_cancel64(d, at, 2, 0); // the write, waiting behind the read
    f.setUserData(at, 3);
    f.submitAndWait(1);
    const seen: [number, number][] = [];
    f.forEachCqe((lo, res) => void seen.push([lo, res]));
    expect(seen).toEqual([[3, -2 /* ENOENT */]]);
    writeSync(aw, 'abcd');
    f.submitAndWait(2);
    f.forEachCqe((lo, res) => void seen.push([lo, res]));
    expect(seen.slice(1)).toEqual([[1, 4], [2, 4]]);
    expect(contents(br)).toBe('data'); // the write ran although its cancel was "answered"
  } finally {
    io_uring_queue_exit(uring);
  }
});

describe.each([
  { mode: 'deferred', deferTaskrun: true },
  { mode: 'classic', deferTaskrun: false },
])('$mode mode', ({ deferTaskrun }) => {
  let ring: Ring;
  beforeAll(async () => {
    ring = await Ring.create({ entries: 64, deferTaskrun });
  });
  afterAll(async () => {
    await ring.close();
  });

  test('aborting the tail while the head waits cancels the chain: the write never runs, the read took nothing', async () => {
    const [ar, aw] = makePipe();
    const [br, bw] = makePipe(true);
    const ac = new AbortController();
    const [read, write] = ring.link([ring.op.read(ar, Buffer.alloc(4)), ring.op.write(bw, Buffer.from('data'), -1, { signal: ac.signal })]);
    const settled = Promise.allSettled([read, write]);
    await ring.nop(); // the chain is in the kernel, the read waiting
    ac.abort(new Error('changed my mind'));
    const [r, w] = await settled;
    expect(rejection(w)).toBeInstanceOf(AbortError);
    expect(((rejection(w) as AbortError).cause as Error).message).toBe('changed my mind');
    expect(rejection(r)).toBeInstanceOf(UringError);
    expect(rejection(r)).toMatchObject({ code: 'ECANCELED', explanation: expect.stringMatching(/to stop Ring\.write \(member 2, aborted\)/) });
    // Rejected means never runs: data for the read now stays in its pipe, and nothing reaches the write's.
    writeSync(aw, 'late');
    await settleKernel(ring);
    expect(contents(br)).toBe('');
    expect(await hasData(ring, ar)).toBe(true);
    expect(ring.pending).toBe(0);
  });

  test('aborting the head cancels it; the members after it complete with ECANCELED and never run', async () => {
    const [ar, aw] = makePipe();
    const [br, bw] = makePipe(true);
    const ac = new AbortController();
    const results = Promise.allSettled(ring.link([
      ring.op.read(ar, Buffer.alloc(4), -1, { signal: ac.signal }),
      ring.op.write(bw, Buffer.from('data')),
    ]));
    await ring.nop();
    ac.abort();
    const [r, w] = await results;
    expect(rejection(r)).toBeInstanceOf(AbortError);
    expect(rejection(w)).toMatchObject({ name: 'UringError', code: 'ECANCELED', explanation: expect.stringMatching(/linked chain/) });
    writeSync(aw, 'late');
    await settleKernel(ring);
    expect(contents(br)).toBe('');
  });

  test('aborting a middle member that has not started: the running head is cancelled for it, the rest never run', async () => {
    const [ar, aw] = makePipe();
    const [cr, cw] = makePipe();
    const [br, bw] = makePipe(true);
    const ac = new AbortController();
    const results = Promise.allSettled(ring.link([
      ring.op.read(ar, Buffer.alloc(4)),
      ring.op.read(cr, Buffer.alloc(4), -1, { signal: ac.signal }),
      ring.op.write(bw, Buffer.from('data')),
    ]));
    await ring.nop();
    ac.abort();
    const [head, middle, tail] = await results;
    expect(rejection(head)).toMatchObject({ code: 'ECANCELED', explanation: expect.stringMatching(/Ring\.read \(member 2, aborted\)/) });
    expect(rejection(middle)).toBeInstanceOf(AbortError);
    expect(rejection(tail)).toMatchObject({ code: 'ECANCELED' });
    writeSync(aw, 'aaaa');
    writeSync(cw, 'cccc');
    await settleKernel(ring);
    expect(contents(br)).toBe('');
    expect(await hasData(ring, ar)).toBe(true);
    expect(await hasData(ring, cr)).toBe(true);
  });

  test('aborting the middle member while it is the one running cancels just it and what follows', async () => {
    const [ar, aw] = makePipe();
    const [br, bw] = makePipe(true);
    const ac = new AbortController();
    const results = Promise.allSettled(ring.link([
      ring.op.nop(),
      ring.op.read(ar, Buffer.alloc(4), -1, { signal: ac.signal }),
      ring.op.write(bw, Buffer.from('data')),
    ]));
    await ring.nop();
    await ring.nop();
    ac.abort();
    const [head, middle, tail] = await results;
    expect(head.status).toBe('fulfilled');
    expect(rejection(middle)).toBeInstanceOf(AbortError);
    expect(rejection(tail)).toMatchObject({ code: 'ECANCELED' });
    writeSync(aw, 'late');
    await settleKernel(ring);
    expect(contents(br)).toBe('');
  });

  test('cancel() of a member that has not started tells the truth: true, and it never runs', async () => {
    const [ar, aw] = makePipe();
    const [br, bw] = makePipe(true);
    const readOp = ring.op.read(ar, Buffer.alloc(4));
    const writeOp = ring.op.write(bw, Buffer.from('data'));
    const results = Promise.allSettled(ring.link([readOp, writeOp]));
    await ring.nop();
    expect(await ring.cancel(writeOp)).toBe(true);
    const [r, w] = await results;
    expect(rejection(w)).toMatchObject({ name: 'UringError', code: 'ECANCELED', explanation: expect.stringMatching(/ring\.cancel\(\)/) });
    expect(rejection(r)).toMatchObject({ code: 'ECANCELED', explanation: expect.stringMatching(/Ring\.write \(member 2, cancelled with ring\.cancel\(\)\)/) });
    // Both completed: cancelling again finds nothing to cancel.
    expect(await ring.cancel(writeOp)).toBe(false);
    expect(await ring.cancel(readOp)).toBe(false);
    writeSync(aw, 'late');
    await settleKernel(ring);
    expect(contents(br)).toBe('');
  });

  test('cancel() of an operation that completed before the cancel reached it resolves false, and the operation its real result', async () => {
    const [br, bw] = makePipe(true);
    const op = ring.op.write(bw, Buffer.from('done'));
    const p = ring.run(op);
    ring.fast.submit(); // the kernel runs the write now; the Ring has not seen its completion yet
    const cancelled = ring.cancel(op);
    expect(await p).toBe(4);
    expect(await cancelled).toBe(false);
    expect(contents(br)).toBe('done');
  });

  test('abort after the member completed changes nothing', async () => {
    const [br, bw] = makePipe(true);
    const ac = new AbortController();
    const writeOp = ring.op.write(bw, Buffer.from('ok'), -1, { signal: ac.signal });
    const [a, b] = ring.link([ring.op.nop(), writeOp]);
    expect(await a).toBeUndefined();
    expect(await b).toBe(2);
    ac.abort();
    expect(await ring.cancel(writeOp)).toBe(false);
    expect(contents(br)).toBe('ok');
    expect(ring.pending).toBe(0);
  });

  test('a member aborted before its chain was submitted is withdrawn: the members before it run, it and those after it never do', async () => {
    const [br, bw] = makePipe(true);
    const [cr, cw] = makePipe(true);
    const ac = new AbortController();
    const results = Promise.allSettled(ring.link([
      ring.op.write(bw, Buffer.from('first')),
      ring.op.write(bw, Buffer.from('second'), -1, { signal: ac.signal }),
      ring.op.write(cw, Buffer.from('third')),
    ]));
    ac.abort(); // same turn: nothing was submitted yet
    const [first, second, third] = await results;
    expect(first).toEqual({ status: 'fulfilled', value: 5 });
    expect(rejection(second)).toBeInstanceOf(AbortError);
    expect(rejection(third)).toMatchObject({ code: 'ECANCELED', explanation: expect.stringMatching(/before it was submitted/) });
    await settleKernel(ring);
    expect(contents(br)).toBe('first');
    expect(contents(cr)).toBe('');
    // A signal aborted before link() is the same.
    const ac2 = new AbortController();
    ac2.abort();
    const again = await Promise.allSettled(ring.link([ring.op.write(bw, Buffer.from('x'), -1, { signal: ac2.signal }), ring.op.write(cw, Buffer.from('y'))]));
    expect(rejection(again[0]!)).toBeInstanceOf(AbortError);
    expect(rejection(again[1]!)).toMatchObject({ code: 'ECANCELED' });
    await settleKernel(ring);
    expect(contents(br) + contents(cr)).toBe('');
  });

  test('an operation aborted in the turn it was started never runs', async () => {
    const [br, bw] = makePipe(true);
    const ac = new AbortController();
    const p = ring.write(bw, Buffer.from('never'), -1, { signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toBeInstanceOf(AbortError);
    const op = ring.op.write(bw, Buffer.from('never'));
    const q = ring.run(op);
    expect(await ring.cancel(op)).toBe(true);
    await expect(q).rejects.toMatchObject({ code: 'ECANCELED', explanation: expect.stringMatching(/withdrew/) });
    await settleKernel(ring);
    expect(contents(br)).toBe('');
  });

  describe('link timeouts in the chain', () => {
    test('aborting the member after one with a link timeout: cancelled, not timed out', async () => {
      const [ar] = makePipe();
      const [br, bw] = makePipe(true);
      const ac = new AbortController();
      const results = Promise.allSettled(ring.link([
        ring.op.read(ar, Buffer.alloc(4), -1, { linkTimeout: 60_000 }),
        ring.op.write(bw, Buffer.from('data'), -1, { signal: ac.signal }),
      ]));
      await ring.nop();
      ac.abort();
      const [r, w] = await results;
      expect(rejection(r)).toMatchObject({ code: 'ECANCELED' });
      expect(rejection(w)).toBeInstanceOf(AbortError);
      await settleKernel(ring);
      expect(contents(br)).toBe('');
      expect(ring.pending).toBe(0); // the link timer completed too
    });

    test('aborting the member that has the link timeout gives AbortError, not ETIME', async () => {
      const [ar] = makePipe();
      const [br, bw] = makePipe(true);
      const ac = new AbortController();
      const results = Promise.allSettled(ring.link([
        ring.op.read(ar, Buffer.alloc(4), -1, { linkTimeout: 60_000, signal: ac.signal }),
        ring.op.write(bw, Buffer.from('data')),
      ]));
      await ring.nop();
      ac.abort();
      const [r, w] = await results;
      expect(rejection(r)).toBeInstanceOf(AbortError);
      expect(rejection(w)).toMatchObject({ code: 'ECANCELED' });
      expect(contents(br)).toBe('');
    });

    test('a member withdrawn before submission with its link timeout: its timer goes too', async () => {
      const [br, bw] = makePipe(true);
      const ac = new AbortController();
      const results = Promise.allSettled(ring.link([
        ring.op.write(bw, Buffer.from('a'), -1, { linkTimeout: 60_000, signal: ac.signal }),
        ring.op.write(bw, Buffer.from('b')),
      ]));
      ac.abort();
      const [a, b] = await results;
      expect(rejection(a)).toBeInstanceOf(AbortError);
      expect(rejection(b)).toMatchObject({ code: 'ECANCELED' });
      await settleKernel(ring);
      expect(contents(br)).toBe('');
      expect(ring.pending).toBe(0);
    });

    test('the link timeout fires first: ETIME and ECANCELED; an abort afterwards changes nothing', async () => {
      const [ar] = makePipe();
      const [br, bw] = makePipe(true);
      const ac = new AbortController();
      const [r, w] = await Promise.allSettled(ring.link([
        ring.op.read(ar, Buffer.alloc(4), -1, { linkTimeout: 20 }),
        ring.op.write(bw, Buffer.from('data'), -1, { signal: ac.signal }),
      ]));
      expect(rejection(r)).toMatchObject({ code: 'ETIME' });
      expect(rejection(w)).toMatchObject({ code: 'ECANCELED' });
      ac.abort();
      await settleKernel(ring);
      expect(contents(br)).toBe('');
      expect(ring.pending).toBe(0);
    });
  });

  test('randomized: aborts and data racing each other in 100 chains; a rejected write never ran, a resolved one did', async () => {
    let seed = 0x9e3779b9;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const chains = Array.from({ length: 100 }, () => {
      const [ar, aw] = makePipe();
      const [br, bw] = makePipe(true);
      const ac = new AbortController();
      const target = random() < 0.5 ? 'tail' : 'head';
      const [read, write] = ring.link([
        ring.op.read(ar, Buffer.alloc(4), -1, target === 'head' ? { signal: ac.signal } : {}),
        ring.op.write(bw, Buffer.from('data'), -1, target === 'tail' ? { signal: ac.signal } : {}),
      ]);
      return { ar, aw, br, ac, settled: Promise.allSettled([read, write]) };
    });
    // Feed and abort in random order and at random moments: before submission, while waiting, after data.
    const actions = chains.flatMap((c) => [() => void writeSync(c.aw, 'abcd'), () => c.ac.abort()]);
    for (let i = actions.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [actions[i], actions[j]] = [actions[j]!, actions[i]!];
    }
    for (const act of actions) {
      act();
      if (random() < 0.3) await ring.nop();
    }
    const outcomes = await Promise.all(chains.map((c) => c.settled));
    await settleKernel(ring);
    let ran = 0;
    for (const [i, [r, w]] of outcomes.entries()) {
      const c = chains[i]!;
      if (w.status === 'fulfilled') {
        ran++;
        expect(w.value).toBe(4);
        expect(r).toEqual({ status: 'fulfilled', value: 4 });
        expect(contents(c.br)).toBe('data');
      } else {
        expect(contents(c.br)).toBe(''); // never ran after its Promise rejected
        if (r.status === 'rejected') expect(await hasData(ring, c.ar)).toBe(true); // a stopped read took nothing
      }
    }
    // Both outcomes happen (the seed is fixed; the kernel's timing decides the rest).
    expect(ran).toBeGreaterThan(0);
    expect(ran).toBeLessThan(100);
    expect(ring.pending).toBe(0);
  }, 60_000);
});
