// The Promise-based Ring against the real kernel: each operation's documented effect and errors.
// Cancellation, linked chains, close() and batching are in ring-control.test.ts.
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Ring, PreconditionError, UringError } from '../index.js';
import { allocAligned, freeAligned } from '../runtime/index.js';
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
