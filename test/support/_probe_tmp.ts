import { Ring } from '../../runtime/ring/index.js';
import { openSync, closeSync, readdirSync } from 'node:fs';
const gc = (globalThis as any).gc as () => void;
const fdsBefore = readdirSync('/proc/self/fd').length;
const ring = await Ring.create({ entries: 256 });
const zero = openSync('/dev/zero', 'r');
const buf = new Uint8Array(64);
async function run(n: number) {
  for (let i = 0; i < n; i += 1024) {
    const ps: Promise<unknown>[] = [];
    for (let j = 0; j < 1024; j++) ps.push(j & 1 ? ring.nop() : ring.read(zero, buf, 0));
    await Promise.all(ps);
  }
}
const mib = (x: number) => (x / 1048576).toFixed(1);
await run(100_000); gc(); await new Promise((r) => setTimeout(r, 10)); gc();
const rss0 = process.memoryUsage().rss;
console.log('baseline', mib(rss0), JSON.stringify(process.memoryUsage()));
const t0 = performance.now();
const N = Number(process.argv[2] ?? 1_000_000);
for (let k = 0; k < 10; k++) { await run(N / 10); console.log(k, 'rss +', mib(process.memoryUsage().rss - rss0)); }
const t = performance.now() - t0;
gc(); await new Promise((r) => setTimeout(r, 10)); gc();
console.log('ms', t.toFixed(0), 'rss growth MiB', mib(process.memoryUsage().rss - rss0), JSON.stringify(process.memoryUsage()));
await ring.close(); closeSync(zero);
console.log('fds', fdsBefore, readdirSync('/proc/self/fd').length);
