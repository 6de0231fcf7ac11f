/**
 * cp: copy a file through io_uring, 32 blocks in flight.
 *
 *   npx tsx examples/cp.ts SRC DST [--depth 32] [--block 131072]
 *
 * Each block is a linked pair: a read into the block's buffer, then (IOSQE_IO_LINK) a write of
 * that buffer, so the kernel starts the write as soon as the read is done, with no round trip
 * through JavaScript. A short read (the file shrank) fails the link and cancels its write; the
 * copy then stops at what could be read.
 */
import { Ring } from '../index.js';

function usage(): never {
  console.error('usage: npx tsx examples/cp.ts SRC DST [--depth N] [--block BYTES]');
  process.exit(2);
}

export async function copyFile(ring: Ring, src: string, dst: string, depth = 32, block = 128 * 1024): Promise<number> {
  const st = await ring.statx(src);
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
  const args = process.argv.slice(2);
  const paths: string[] = [];
  let depth = 32;
  let block = 128 * 1024;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--depth') depth = Number(args[++i]);
    else if (args[i] === '--block') block = Number(args[++i]);
    else paths.push(args[i]!);
  }
  if (paths.length !== 2 || !(depth > 0) || !(block > 0)) usage();
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
