// The Promise-based Ring against the real kernel: each operation's documented effect, errors,
// AbortSignal cancellation, close() with operations in flight, linked chains and link timeouts.
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync, writeFileSync, writeSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Ring, AbortError, RingClosedError, PreconditionError, UringError } from '../index.js';
import { allocAligned, freeAligned } from '../runtime/index.js';
import { tempDir } from '../runtime/testing.js';

// node:fs has no pipe(): pipe2(2) through koffi.
import koffi from 'koffi';
const libc = koffi.load('libc.so.6');
const pipe2 = libc.func('int pipe2(_Out_ int *fds, int flags)');
function makePipe(): [number, number] {
  const fds = [0, 0];
  if (pipe2(fds, 0o2000000) !== 0) throw new Error('pipe2 failed');
  return [fds[0]!, fds[1]!];
}

let ring: Ring;
const dir = tempDir();

beforeAll(async () => {
  ring = await Ring.create({ entries: 64 });
});

afterAll(async () => {
  await ring.close();
  dir.remove();
});

describe('operations', () => {
  test('nop resolves, and nothing stays pending', async () => {
    await expect(ring.nop()).resolves.toBeUndefined();
    expect(ring.pending).toBe(0);
  });

  test('write then read back, at positions; read at end of file gives 0', async () => {
    const path = dir.file('rw.bin');
    writeFileSync(path, '');
    const fd = openSync(path, 'r+');
    try {
      const data = randomBytes(10_000);
      expect(await ring.write(fd, data, 0)).toBe(data.length);
      expect(await ring.write(fd, Buffer.from('tail'), 20_000)).toBe(4);
      expect(statSync(path).size).toBe(20_004);
      const back = Buffer.alloc(data.length);
      expect(await ring.read(fd, back, 0)).toBe(data.length);
      expect(back.equals(data)).toBe(true);
      const part = Buffer.alloc(100);
      expect(await ring.read(fd, part, 9_950)).toBe(100);
      expect(part.subarray(0, 50).equals(data.subarray(9_950))).toBe(true);
      expect(await ring.read(fd, part, 30_000)).toBe(0);
      // Many at once, in one batch.
      const reads = await Promise.all(Array.from({ length: 100 }, (_, i) => ring.read(fd, Buffer.alloc(100), i * 100)));
      expect(reads.every((n) => n === 100)).toBe(true);
    } finally {
      closeSync(fd);
    }
  });

  test('readv and writev move the bytes of several buffers in order', async () => {
    const path = dir.file('v.bin');
    const fd = openSync(path, 'w+');
    try {
      const parts = [Buffer.from('abc'), Buffer.from('defgh'), new Uint8Array([105, 106])];
      expect(await ring.writev(fd, parts, 0)).toBe(10);
      expect(readFileSync(path, 'latin1')).toBe('abcdefghij');
      const a = Buffer.alloc(4);
      const b = Buffer.alloc(6);
      expect(await ring.readv(fd, [a, b], 0)).toBe(10);
      expect(a.toString() + b.toString()).toBe('abcdefghij');
    } finally {
      closeSync(fd);
    }
  });

  test('fsync, fdatasync and fallocate; statx sees the allocated size', async () => {
    const path = dir.file('alloc.bin');
    const fd = openSync(path, 'w+');
    try {
      await ring.fallocate(fd, 0, 0, 1 << 20);
      await ring.fsync(fd);
      await ring.fsync(fd, { datasync: true });
      const st = await ring.statx(path);
      expect(st.size).toBe(1 << 20);
      expect(st.isFile()).toBe(true);
      expect(st.isDirectory()).toBe(false);
      expect(st.mtimeMs).toBeGreaterThan(0);
    } finally {
      closeSync(fd);
    }
  });

  test('openat, closeFd, mkdir, rename, unlink', async () => {
    const path = dir.file('opened.txt');
    const fd = await ring.openat(path, 'w');
    expect(await ring.write(fd, Buffer.from('via openat'))).toBe(10);
    await ring.closeFd(fd);
    expect(readFileSync(path, 'utf8')).toBe('via openat');
    // The fd really is closed: fs refuses it.
    expect(() => readSync(fd, Buffer.alloc(1))).toThrow(/EBADF/);

    const sub = dir.file('sub');
    await ring.mkdir(sub, 0o755);
    expect((await ring.statx(sub)).isDirectory()).toBe(true);
    await ring.rename(path, `${sub}/moved.txt`);
    expect(existsSync(path)).toBe(false);
    expect(readFileSync(`${sub}/moved.txt`, 'utf8')).toBe('via openat');
    await ring.unlink(`${sub}/moved.txt`);
    await ring.unlink(sub, { directory: true });
    expect(existsSync(sub)).toBe(false);
  });

  test('openat of a missing path rejects with UringError ENOENT naming the operation and path', async () => {
    const err = await ring.openat(dir.file('missing/nothing.txt')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UringError);
    const u = err as UringError;
    expect(u.code).toBe('ENOENT');
    expect(u.errno).toBe(-2);
    expect(u.syscall).toBe('Ring.openat');
    expect(u.functionName).toBe('Ring.openat');
    expect(u.path).toBe(dir.file('missing/nothing.txt'));
    // Node's fs: "ENOENT: no such file or directory, open '/no/such'".
    expect(u.message).toBe(`ENOENT: no such file or directory, Ring.openat '${dir.file('missing/nothing.txt')}'`);
  });

  test('a bad fd rejects with EBADF; a broken argument rejects with PreconditionError before anything is submitted', async () => {
    await expect(ring.read(987654, Buffer.alloc(8), 0)).rejects.toMatchObject({ name: 'UringError', code: 'EBADF' });
    const before = ring.pending;
    const e = await ring.read(-1, Buffer.alloc(8)).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PreconditionError);
    expect((e as PreconditionError).parameter).toBe('fd');
    await expect(ring.write(1, 'text' as unknown as Buffer)).rejects.toBeInstanceOf(PreconditionError);
    await expect(ring.read(0, Buffer.alloc(1), -5)).rejects.toMatchObject({ parameter: 'position' });
    expect(ring.pending).toBe(before);
  });

  test('timeout resolves after other work, and with count once that many completions were posted', async () => {
    const order: string[] = [];
    const t = ring.timeout(30).then(() => order.push('timeout'));
    await ring.nop().then(() => order.push('nop'));
    await t;
    expect(order).toEqual(['nop', 'timeout']);
    // count: 1 completes the timeout as soon as one other completion is posted (res 0, not -ETIME).
    const counted = ring.timeout(60_000, { count: 1 });
    await ring.nop();
    await expect(counted).resolves.toBeUndefined();
  });

  test('poll resolves with the ready events; splice moves bytes from a pipe to a file', async () => {
    const [r, w] = makePipe();
    try {
      const ready = ring.poll(r, 1 /* POLLIN */);
      writeSync(w, 'spliced!');
      expect((await ready) & 1).toBe(1);
      const path = dir.file('splice.bin');
      const out = openSync(path, 'w');
      expect(await ring.splice(r, -1, out, 0, 8)).toBe(8);
      closeSync(out);
      expect(readFileSync(path, 'utf8')).toBe('spliced!');
    } finally {
      closeSync(r);
      closeSync(w);
    }
  });

  test('readFixed and writeFixed use registered buffers', async () => {
    const bufs = [allocAligned(8192), allocAligned(4096)];
    ring.registerBuffers(bufs);
    const path = dir.file('fixed.bin');
    const fd = openSync(path, 'w+');
    try {
      bufs[1]!.set(Buffer.from('registered'));
      expect(await ring.writeFixed(fd, bufs[1]!.subarray(0, 10), 0, 1)).toBe(10);
      expect(readFileSync(path, 'utf8')).toBe('registered');
      expect(await ring.readFixed(fd, bufs[0]!.subarray(100, 110), 0, 0)).toBe(10);
      expect(Buffer.from(bufs[0]!.subarray(100, 110)).toString()).toBe('registered');
      // Memory outside the registered buffer is refused before the kernel sees it.
      await expect(ring.readFixed(fd, Buffer.alloc(10), 0, 0)).rejects.toMatchObject({ name: 'PreconditionError', parameter: 'buffer' });
    } finally {
      closeSync(fd);
      ring.unregisterBuffers();
    }
  });

  test('memory from allocAligned cannot be freed while a read into it is in flight', async () => {
    const [r, w] = makePipe();
    try {
      const buf = allocAligned(4096);
      const p = ring.read(r, buf, -1);
      expect(() => freeAligned(buf)).toThrow(/still in use/);
      writeSync(w, 'x');
      expect(await p).toBe(1);
      freeAligned(buf);
    } finally {
      closeSync(r);
      closeSync(w);
    }
  });
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
