/** Part d: copying a 256 MiB file: examples/cp.ts against fs.copyFile and against streams. */
import { createReadStream, createWriteStream, readFileSync, rmSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Ring } from '../index.js';
import { copyFile as ringCopy } from '../examples/cp.js';
import { log, median, now, ROUNDS, rows, x } from './common.js';
import { ensureFile, FILE, FILE_SIZE } from './reads.js';

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t0 = now();
  await f();
  return now() - t0;
}

export async function partD(): Promise<void> {
  log('d. copying a 256 MiB file...');
  ensureFile();
  const dst = '/dev/shm/liburing-ts-bench-copy.bin';
  const r: Record<string, number[]> = { cp: [], copyFile: [], streams: [] };
  const ring = await Ring.create({ entries: 128 });
  try {
    for (let i = 0; i < Math.max(2, Math.min(3, ROUNDS)); i++) {
      rmSync(dst, { force: true });
      r.cp!.push(await timed(() => ringCopy(ring, FILE, dst, 32, 128 * 1024)));
      if (i === 0 && !readFileSync(dst).equals(readFileSync(FILE))) throw new Error('examples/cp.ts produced a different file');
      rmSync(dst, { force: true });
      r.copyFile!.push(await timed(() => copyFile(FILE, dst)));
      rmSync(dst, { force: true });
      r.streams!.push(await timed(() => pipeline(createReadStream(FILE, { highWaterMark: 128 * 1024 }), createWriteStream(dst))));
    }
  } finally {
    rmSync(dst, { force: true });
    await ring.close();
  }
  const mbps = (s: number) => `${(FILE_SIZE / 2 ** 20 / s).toFixed(0)} MiB/s (${(s * 1000).toFixed(0)} ms)`;
  const cp = median(r.cp!);
  rows.push({ part: 'd', what: 'examples/cp.ts (Ring, 32 linked read+write pairs of 128 KiB)', value: mbps(cp), ratio: '' });
  rows.push({ part: 'd', what: 'fs.copyFile (copy_file_range in the kernel)', value: mbps(median(r.copyFile!)), ratio: `cp = ${x(median(r.copyFile!) / cp)} its speed` });
  rows.push({ part: 'd', what: 'fs streams (pipeline, 128 KiB chunks)', value: mbps(median(r.streams!)), ratio: `cp = ${x(median(r.streams!) / cp)} its speed` });
}
