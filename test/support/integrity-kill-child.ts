/**
 * The child of test/integrity.test.ts's kill test: it writes blocks through a
 * Ring, each slot at most once, with an fsync after every 32 completed writes
 * while other writes stay in flight, and prints one line per completed fsync:
 *
 *   DURABLE [[slot, offset, length, seq], ...]
 *
 * naming the blocks that fsync covered. It runs until it is killed (the test
 * sends SIGKILL) or its slots run out.
 *
 *   node --import tsx test/support/integrity-kill-child.ts <file> <slots> <slotSize> <seed>
 */
import { openSync, writeSync } from 'node:fs';
import { Ring } from '../../index.js';
import { runIntegrity } from './integrity.js';

const [file, slots, slotSize, seed] = process.argv.slice(2) as [string, string, string, string];
const fd = openSync(file, 'w+');
const ring = Ring.createSync({ entries: 128 });
await runIntegrity({
  ring,
  fd,
  slots: Number(slots),
  slotSize: Number(slotSize),
  writes: Number(slots),
  inflight: 64,
  seed: Number(seed),
  overwrite: false,
  fsyncEvery: 32,
  noVerify: true,
  onDurable: (blocks) => {
    // Synchronous, so the line is out before anything else happens (the parent may kill at once).
    writeSync(1, `DURABLE ${JSON.stringify(blocks.map((b) => [b.slot, b.offset, b.length, b.seq]))}\n`);
  },
});
writeSync(1, 'FINISHED\n');
await ring.close();
