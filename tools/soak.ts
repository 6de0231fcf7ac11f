/**
 * `npm run soak`: the data-integrity test (test/integrity.test.ts) at a large
 * size. Each round writes self-describing blocks of random lengths (21 B up to
 * --slot-size) at random offsets of a file of --slots slots through a Ring,
 * 64 in flight, with fsyncs while writes are in flight, then reads every block
 * back through the Ring and with node:fs and compares it byte for byte. With
 * --expose-gc (the npm script passes it), collections are forced all along.
 * Then --kills rounds of the kill test: a writer killed with SIGKILL right after
 * an fsync completion, whose fsynced blocks must all read back intact.
 *
 *   npm run soak -- [--rounds 8] [--minutes M] [--slots 16384] [--slot-size 65536] [--writes-per-round 32768]
 *                   [--inflight 64] [--kills 4] [--dir DIR] [--seed N]
 *
 * --minutes keeps running rounds until that much time has passed (at least
 * --rounds). Prints the totals (bytes written, blocks and bytes verified,
 * mismatches) and exits 1 on any mismatch.
 */
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Ring } from '../index.js';
import { runIntegrity, runKillTest } from '../test/support/integrity.js';

const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '8' },
    minutes: { type: 'string', default: '0' },
    slots: { type: 'string', default: '16384' },
    'slot-size': { type: 'string', default: '65536' },
    'writes-per-round': { type: 'string', default: '32768' },
    inflight: { type: 'string', default: '64' },
    kills: { type: 'string', default: '4' },
    dir: { type: 'string' },
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
  },
});

function num(name: string, v: string | undefined, min = 1): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < min) {
    process.stderr.write(`soak: --${name} takes an integer >= ${min}, got ${v}\n`);
    process.exit(2);
  }
  return n;
}

const rounds = num('rounds', opts.rounds);
const minutes = num('minutes', opts.minutes, 0);
const slots = num('slots', opts.slots);
const slotSize = num('slot-size', opts['slot-size'], 64);
const writes = num('writes-per-round', opts['writes-per-round']);
const inflight = num('inflight', opts.inflight);
const kills = num('kills', opts.kills, 0);
const seed = num('seed', opts.seed, 0);
const MiB = 1 << 20;

const gc = (globalThis as { gc?: (o?: { type: 'major' | 'minor'; execution: 'sync' }) => void }).gc;
const dir = mkdtempSync(join(opts.dir ?? tmpdir(), 'liburing-ts-soak-'));
const totals = { rounds: 0, writes: 0, bytesWritten: 0, fsyncs: 0, blocksVerified: 0, bytesVerified: 0, mismatches: 0, gcs: 0 };
const firstMismatches: string[] = [];
const t0 = performance.now();
const fmt = (b: number) => `${(b / MiB).toFixed(1)} MiB`;

process.stdout.write(
  `soak: rounds of ${writes} blocks (21 B to ${slotSize} B) into ${slots} slots (${fmt(slots * slotSize)} file) in ${dir}, ${inflight} in flight, ` +
    `seed ${seed}${gc ? ', collections forced' : ''}\n`,
);

// Collections all along (minor ones every 5 ms, a full one every 100 ms), when node runs with --expose-gc.
let ticks = 0;
const gcTimer = gc
  ? setInterval(() => {
      gc(++ticks % 20 === 0 ? { type: 'major', execution: 'sync' } : { type: 'minor', execution: 'sync' });
      totals.gcs++;
    }, 5)
  : null;

try {
  for (let round = 0; round < rounds || (performance.now() - t0) / 60_000 < minutes; round++) {
    const file = join(dir, `round-${round}`);
    const fd = openSync(file, 'w+');
    const ring = await Ring.create({ entries: 256 });
    try {
      const r = await runIntegrity({ ring, fd, slots, slotSize, writes, inflight, seed: seed + round, fsyncEvery: 1024 });
      totals.rounds++;
      totals.writes += r.writes;
      totals.bytesWritten += r.bytesWritten;
      totals.fsyncs += r.fsyncs;
      totals.blocksVerified += r.blocksVerified;
      totals.bytesVerified += r.bytesVerified;
      totals.mismatches += r.mismatches;
      firstMismatches.push(...r.firstMismatches.slice(0, 10 - firstMismatches.length));
      process.stdout.write(
        `  round ${round + 1}: ${r.writes} writes, ${fmt(r.bytesWritten)} written, ${r.fsyncs} fsyncs, ${r.blocksVerified} blocks (${fmt(r.bytesVerified)}) verified, ` +
          `${r.mismatches} mismatches, ${(r.ms / 1000).toFixed(1)} s, RSS ${fmt(process.memoryUsage().rss)}\n`,
      );
    } finally {
      await ring.close();
      closeSync(fd);
      rmSync(file, { force: true });
    }
  }
} finally {
  if (gcTimer) clearInterval(gcTimer);
}

const killTotals = { rounds: 0, durableBlocks: 0, bytesVerified: 0, bad: 0 };
for (let k = 0; k < kills; k++) {
  const file = join(dir, `kill-${k}`);
  const r = await runKillTest({ file, slots: 50_000, slotSize: 32 * 1024, seed: seed + 1000 + k, killAfter: 10 + 10 * k });
  rmSync(file, { force: true });
  killTotals.rounds++;
  killTotals.durableBlocks += r.durableBlocks;
  killTotals.bytesVerified += r.bytesVerified;
  killTotals.bad += r.bad.length + (r.signal === 'SIGKILL' ? 0 : 1);
  firstMismatches.push(...r.bad.slice(0, 10 - firstMismatches.length));
  process.stdout.write(`  kill ${k + 1}: killed by ${r.signal} after ${r.reports} fsync completions; ${r.durableBlocks} durable blocks, ${fmt(r.bytesVerified)} verified, ${r.bad.length} bad\n`);
}
rmSync(dir, { recursive: true, force: true });

const seconds = (performance.now() - t0) / 1000;
process.stdout.write(
  `\nsoak: ${totals.rounds} rounds in ${seconds.toFixed(0)} s: ${totals.writes} block writes (${fmt(totals.bytesWritten)}), ${totals.fsyncs} fsyncs, ` +
    `${totals.blocksVerified} blocks verified (${fmt(totals.bytesVerified)}, each read through the Ring and with node:fs), ${totals.mismatches} mismatches; ` +
    `${totals.gcs} forced collections.\n` +
    `      ${killTotals.rounds} SIGKILLed writers: ${killTotals.durableBlocks} fsynced blocks (${fmt(killTotals.bytesVerified)}) verified, ${killTotals.bad} bad.\n`,
);
if (firstMismatches.length) process.stdout.write(`first mismatches:\n  ${firstMismatches.join('\n  ')}\n`);
process.exitCode = totals.mismatches + killTotals.bad > 0 ? 1 : 0;
