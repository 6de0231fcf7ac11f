// The Promise-based Ring against the real kernel: AbortSignal cancellation, close() with operations
// in flight, linked chains and link timeouts, batching. Each operation's effect is in ring.test.ts.
import { closeSync, openSync, readSync, writeFileSync, writeSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Ring, AbortError, RingClosedError, UringError } from '../index.js';
import { tempDir } from '../runtime/testing.js';
import { makePipe } from './support/pipe.js';

let ring: Ring;
const dir = tempDir();

beforeAll(async () => {
  ring = await Ring.create({ entries: 64 });
});

afterAll(async () => {
  await ring.close();
  dir.remove();
});

describe('cancellation', () => {
  test('an AbortSignal cancels the kernel operation: AbortError with the reason, and the read never consumed data', async () => {
    const [r, w] = makePipe();
    try {
      const ac = new AbortController();
      const buf = Buffer.alloc(16);
      const p = ring.read(r, buf, -1, { signal: ac.signal });
      await ring.nop(); // the read is submitted and waiting
      ac.abort(new Error('no longer needed'));
      const err = await p.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AbortError);
      expect((err as AbortError).name).toBe('AbortError');
      expect((err as AbortError).code).toBe('ABORT_ERR');
      expect(((err as AbortError).cause as Error).message).toBe('no longer needed');
      // The cancelled read is gone: bytes written now stay in the pipe for the next reader.
      writeSync(w, 'still here');
      const back = Buffer.alloc(32);
      expect(readSync(r, back)).toBe(10);
      expect(back.subarray(0, 10).toString()).toBe('still here');
      expect(ring.pending).toBe(0);
    } finally {
      closeSync(r);
      closeSync(w);
    }
  });

  test('an already aborted signal rejects at once and submits nothing', async () => {
    const ac = new AbortController();
    ac.abort();
    const before = ring.pending;
    await expect(ring.nop({ signal: ac.signal })).rejects.toBeInstanceOf(AbortError);
    expect(ring.pending).toBe(before);
  });

  test('cancel(op) cancels an operation started with run()', async () => {
    const [r, w] = makePipe();
    try {
      const op = ring.op.read(r, Buffer.alloc(8));
      const p = ring.run(op);
      await ring.nop();
      expect(await ring.cancel(op)).toBe(true);
      await expect(p).rejects.toMatchObject({ name: 'UringError', code: 'ECANCELED' });
      expect(await ring.cancel(op)).toBe(false);
    } finally {
      closeSync(r);
      closeSync(w);
    }
  });

  test('cancelFd cancels every operation on a descriptor', async () => {
    const [r, w] = makePipe();
    try {
      const ps = [ring.read(r, Buffer.alloc(1)), ring.read(r, Buffer.alloc(1)), ring.poll(r, 1)];
      await ring.nop();
      expect(await ring.cancelFd(r)).toBe(3);
      const settled = await Promise.allSettled(ps);
      expect(settled.every((s) => s.status === 'rejected' && (s.reason as UringError).code === 'ECANCELED')).toBe(true);
    } finally {
      closeSync(r);
      closeSync(w);
    }
  });
});

describe('linked chains', () => {
  test('write, fsync and read run in order as one chain', async () => {
    const path = dir.file('chain.bin');
    const fd = openSync(path, 'w+');
    try {
      const out = Buffer.alloc(5);
      const [written, synced, read] = await Promise.all(ring.link([
        ring.op.write(fd, Buffer.from('chain'), 0),
        ring.op.fsync(fd),
        ring.op.read(fd, out, 0),
      ]));
      expect(written).toBe(5);
      expect(synced).toBeUndefined();
      expect(read).toBe(5);
      expect(out.toString()).toBe('chain');
    } finally {
      closeSync(fd);
    }
  });

  test('a failing link cancels the rest of the chain (ECANCELED, explained)', async () => {
    const results = await Promise.allSettled(ring.link([
      ring.op.read(999_999, Buffer.alloc(1), 0),
      ring.op.nop(),
      ring.op.nop(),
    ]));
    expect(results[0]).toMatchObject({ status: 'rejected', reason: { code: 'EBADF' } });
    for (const r of results.slice(1)) {
      expect(r.status).toBe('rejected');
      const e = (r as PromiseRejectedResult).reason as UringError;
      expect(e.code).toBe('ECANCELED');
      expect(e.explanation).toMatch(/linked chain/);
    }
  });

  test('a link timeout cancels a read that takes too long: UringError ETIME', async () => {
    const [r, w] = makePipe();
    try {
      const err = await ring.read(r, Buffer.alloc(8), -1, { linkTimeout: 20 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UringError);
      expect((err as UringError).code).toBe('ETIME');
      expect((err as UringError).explanation).toMatch(/linkTimeout of 20 ms/);
      // And one that completes in time is not affected.
      writeSync(w, 'ok');
      expect(await ring.read(r, Buffer.alloc(8), -1, { linkTimeout: 5_000 })).toBe(2);
      expect(ring.pending).toBe(0);
    } finally {
      closeSync(r);
      closeSync(w);
    }
  });

  test('a chain with a link timeout in its middle', async () => {
    const [r, w] = makePipe();
    try {
      const results = await Promise.allSettled(ring.link([
        ring.op.nop(),
        ring.op.read(r, Buffer.alloc(4), -1, { linkTimeout: 20 }),
        ring.op.nop(),
      ]));
      expect(results[0]!.status).toBe('fulfilled');
      expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: 'ETIME' } });
      expect(results[2]).toMatchObject({ status: 'rejected', reason: { code: 'ECANCELED' } });
    } finally {
      closeSync(r);
      closeSync(w);
    }
  });
});

describe('close', () => {
  test('close() cancels what is in flight and settles every Promise with RingClosedError', async () => {
    const r2 = await Ring.create({ entries: 8 });
    const [r, w] = makePipe();
    try {
      const inFlight = [
        r2.read(r, Buffer.alloc(4)),
        r2.poll(r, 1),
        r2.timeout(60_000),
        r2.read(r, Buffer.alloc(4), -1, { linkTimeout: 60_000 }),
      ];
      await r2.nop();
      const all = Promise.allSettled(inFlight);
      await r2.close();
      const settled = await all;
      for (const s of settled) {
        expect(s.status).toBe('rejected');
        expect((s as PromiseRejectedResult).reason).toBeInstanceOf(RingClosedError);
        expect(((s as PromiseRejectedResult).reason as RingClosedError).message).toMatch(/closed/);
      }
      expect(r2.pending).toBe(0);
      expect(r2.isClosed).toBe(true);
      // After close, operations are refused.
      await expect(r2.nop()).rejects.toBeInstanceOf(RingClosedError);
      // close() again is fine.
      await r2.close();
    } finally {
      closeSync(r);
      closeSync(w);
    }
  });

  test('close() right after queueing (nothing submitted yet) still settles everything', async () => {
    const r2 = await Ring.create({ entries: 8 });
    const all = Promise.allSettled([r2.nop(), r2.nop(), r2.timeout(60_000)]);
    await r2.close();
    const settled = await all;
    expect(settled[0]!.status).toBe('fulfilled');
    expect(settled[2]).toMatchObject({ status: 'rejected', reason: { name: 'RingClosedError' } });
  });
});

describe('batching and many in flight', () => {
  test('more operations than SQ entries in one turn are all submitted and completed', async () => {
    const small = await Ring.create({ entries: 4 });
    try {
      const n = await Promise.all(Array.from({ length: 100 }, () => small.nop()));
      expect(n).toHaveLength(100);
      expect(small.pending).toBe(0);
    } finally {
      await small.close();
    }
  });

  test('what one event-loop turn queues goes to the kernel in one io_uring_submit', async () => {
    const r2 = await Ring.create({ entries: 64 });
    const fast = r2.fast as unknown as { submit: () => number };
    const submit = fast.submit.bind(fast);
    const calls: number[] = [];
    fast.submit = () => {
      const n = submit();
      calls.push(n);
      return n;
    };
    try {
      await Promise.all([r2.nop(), r2.nop(), r2.timeout(1), ...Array.from({ length: 20 }, () => r2.nop())]);
      expect(calls[0]).toBe(23);
      expect(calls.filter((n) => n > 0)).toEqual([23]);
    } finally {
      await r2.close();
    }
  });

  test('submit() submits at once', async () => {
    const p = ring.nop();
    expect(ring.submit()).toBe(1);
    await p;
  });

  test('an idle Ring does not keep the process alive', async () => {
    // A child process creates a ring, runs an operation and returns; it must exit by itself.
    const { spawnSync } = await import('node:child_process');
    const code = `
      import { Ring } from ${JSON.stringify(new URL('../index.ts', import.meta.url).pathname)};
      const ring = await Ring.create();
      await ring.nop();
      console.log('done');
    `;
    const res = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8', timeout: 20_000 });
    expect(res.stdout.trim()).toBe('done');
    expect(res.status).toBe(0);
  });

  test('the classic mode (deferTaskrun: false) watches the ring fd and delivers the same completions', async () => {
    const classic = await Ring.create({ entries: 8, deferTaskrun: false });
    const [r, w] = makePipe();
    try {
      expect(classic.deferred).toBe(false);
      expect(ring.deferred).toBe(true);
      const p = classic.read(r, Buffer.alloc(8));
      await classic.timeout(5);
      writeSync(w, 'late');
      expect(await p).toBe(4);
      const ac = new AbortController();
      const q = classic.read(r, Buffer.alloc(8), -1, { signal: ac.signal });
      await classic.nop();
      ac.abort();
      await expect(q).rejects.toBeInstanceOf(AbortError);
      expect(await Promise.all(Array.from({ length: 50 }, () => classic.nop()))).toHaveLength(50);
    } finally {
      closeSync(r);
      closeSync(w);
      await classic.close();
    }
  });

  test('mkdir under a file fails with ENOTDIR', async () => {
    const f = dir.file('plain');
    writeFileSync(f, '');
    await expect(ring.mkdir(`${f}/x`)).rejects.toMatchObject({ code: 'ENOTDIR' });
    mkdirSync(dir.file('d2'));
    await expect(ring.mkdir(dir.file('d2'))).rejects.toMatchObject({ code: 'EEXIST' });
  });
});
