/**
 * cp: copy a file through io_uring, 32 blocks in flight.
 *
 *   npx tsx examples/cp.ts SRC DST [--depth 32] [--block 131072]
 *
 * Each block is a linked pair: a read into the block's buffer, then (IOSQE_IO_LINK) a write of
 * that buffer, so the kernel starts the write as soon as the read is done, with no round trip
 * through JavaScript. A short read (the file shrank) fails the link and cancels its write; the
 * copy then stops at what could be read. Copying a file onto itself (the same path, or another
 * name of the same file) is refused: opening DST truncates it, which would empty SRC.
 */
import { Ring, UringError } from '../index.js';
import { intOption, parseExampleArgs, usageError } from './args.js';

const USAGE = 'npx tsx examples/cp.ts SRC DST [--depth N] [--block BYTES]';

/** DST's status, or null when there is no such file yet. */
async function statIfExists(ring: Ring, path: string) {
  try {
    return await ring.statx(path);
  } catch (e) {
    if (e instanceof UringError && e.code === 'ENOENT') return null;
    throw e;
  }
}

export async function copyFile(ring: Ring, src: string, dst: string, depth = 32, block = 128 * 1024): Promise<number> {
  const st = await ring.statx(src);
  const existing = await statIfExists(ring, dst);
  if (existing && existing.dev === st.dev && existing.ino === st.ino) {
    throw new Error(`${src} and ${dst} are the same file: copying it onto itself would empty it`);
  }
  const size = st.size;
  const from = await ring.openat(src, 'r');
  const to = await ring.openat(dst, 'w', st.mode & 0o7777);
  try {
    let next = 0;
    const worker = async (): Promise<void> => {
      const buf = Buffer.allocUnsafe(block);
      while (next < size) {
        const off = next;
        const len = Math.min(block, size - off);
        next += len;
        const view = len === block ? buf : buf.subarray(0, len);
        const [r, w] = ring.link([ring.op.read(from, view, off), ring.op.write(to, view, off)]);
        const [read, written] = await Promise.allSettled([r, w]);
        if (read.status === 'rejected') throw read.reason;
        if (read.value !== len) throw new Error(`${src} changed while it was copied: ${read.value} of ${len} bytes at ${off}`);
        if (written.status === 'rejected') throw written.reason;
        if (written.value !== len) throw new Error(`short write to ${dst}: ${written.value} of ${len} bytes at ${off}`);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(depth, Math.ceil(size / block))) }, worker));
    return size;
  } finally {
    await ring.closeFd(from);
    await ring.closeFd(to);
  }
}

async function main(): Promise<void> {
  const args = parseExampleArgs('cp', USAGE, { string: ['depth', 'block'] });
  if (args.positionals.length !== 2) usageError('cp', USAGE, `expected SRC and DST, got ${args.positionals.length} path(s)`);
  const paths = args.positionals;
  const depth = intOption('cp', USAGE, args, 'depth', 1, 4096, 32);
  const block = intOption('cp', USAGE, args, 'block', 1, 1 << 30, 128 * 1024);
  const ring = await Ring.create({ entries: Math.max(64, depth * 2) });
  try {
    await copyFile(ring, paths[0]!, paths[1]!, depth, block);
  } catch (e) {
    // A UringError's message starts with its code, as Node's fs errors do.
    console.error(`cp: ${(e as Error).message}`);
    process.exitCode = 1;
  } finally {
    await ring.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
