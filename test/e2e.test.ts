// End to end: write a file through the ring with the checked wrappers, read it back, compare bytes.
import { readFileSync, openSync, closeSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { expect, test } from 'vitest';
import {
  io_uring_queue_init, io_uring_queue_exit, io_uring_get_sqe, io_uring_prep_write, io_uring_prep_read,
  io_uring_sqe_set_data64, io_uring_submit, io_uring_wait_cqe, io_uring_cqe_seen, IoUring, IoUringCqe, OutPointer,
} from '../index.js';
import { tempDir } from '../runtime/testing.js';

test('a file written through the ring reads back byte for byte, through the ring and through fs', () => {
  const dir = tempDir();
  const ring = new IoUring();
  io_uring_queue_init(8, ring, 0);
  try {
    const path = dir.file('data.bin');
    writeFileSync(path, '');
    const fd = openSync(path, 'r+');
    const data = randomBytes(3 * 4096 + 123);
    const chunks = [0, 4096, 8192, 12288].map((off) => data.subarray(off, Math.min(off + 4096, data.length)));
    // Four writes in flight at once, each at its own offset.
    chunks.forEach((chunk, i) => {
      const sqe = io_uring_get_sqe(ring)!;
      io_uring_prep_write(sqe, fd, chunk, chunk.length, i * 4096);
      io_uring_sqe_set_data64(sqe, BigInt(i));
    });
    expect(io_uring_submit(ring)).toBe(4);
    const out = new OutPointer<IoUringCqe>();
    const written = new Map<bigint, number>();
    for (let i = 0; i < 4; i++) {
      io_uring_wait_cqe(ring, out);
      written.set(out.value!.user_data, out.value!.res);
      io_uring_cqe_seen(ring, out.value);
    }
    chunks.forEach((chunk, i) => expect(written.get(BigInt(i))).toBe(chunk.length));
    expect(readFileSync(path).equals(data)).toBe(true);

    const back = new Uint8Array(data.length);
    const sqe = io_uring_get_sqe(ring)!;
    io_uring_prep_read(sqe, fd, back, back.length, 0);
    io_uring_submit(ring);
    io_uring_wait_cqe(ring, out);
    expect(out.value!.res).toBe(data.length);
    io_uring_cqe_seen(ring, out.value);
    expect(Buffer.from(back).equals(data)).toBe(true);
    closeSync(fd);
  } finally {
    io_uring_queue_exit(ring);
    dir.remove();
  }
});
