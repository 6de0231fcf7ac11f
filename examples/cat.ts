/**
 * cat: print files (or standard input) to standard output through io_uring.
 *
 *   npx tsx examples/cat.ts [FILE...]
 *
 * Reads 64 KiB at a time into one buffer and writes it to fd 1, both as Ring operations.
 */
import { Ring, UringError } from '../index.js';
import { parseExampleArgs } from './args.js';

async function cat(ring: Ring, fd: number, buf: Buffer): Promise<void> {
  for (;;) {
    const n = await ring.read(fd, buf); // at the current position, which the kernel advances
    if (n === 0) return;
    let done = 0;
    while (done < n) done += await ring.write(1, buf.subarray(done, n));
  }
}

const ring = await Ring.create({ entries: 8 });
const buf = Buffer.allocUnsafe(64 * 1024);
try {
  const files = parseExampleArgs('cat', 'npx tsx examples/cat.ts [FILE...] (a FILE starting with - goes after --)', {}).positionals;
  if (files.length === 0) await cat(ring, 0, buf);
  for (const file of files) {
    const fd = await ring.openat(file, 'r');
    try {
      await cat(ring, fd, buf);
    } finally {
      await ring.closeFd(fd);
    }
  }
} catch (e) {
  if (!(e instanceof UringError && e.code === 'EPIPE')) {
    // A UringError's message starts with its code, as Node's fs errors do.
    console.error(`cat: ${(e as Error).message}`);
    process.exitCode = 1;
  }
} finally {
  await ring.close();
}
