// The garbage collector does not free memory an in-flight operation points to (buffers, iovec arrays,
// timespecs), and lets it go once the operation completed.
import { closeSync, writeSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Ring } from '../index.js';
import { makePipe } from './support/pipe.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;


let ring: Ring;
beforeAll(async () => {
  ring = await Ring.create({ entries: 32 });
});
afterAll(async () => {
  await ring.close();
});

async function collect(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('buffers of in-flight reads are not collected; after completion they are', async () => {
  const collected = new Set<string>();
  const registry = new FinalizationRegistry<string>((name) => collected.add(name));
  const pipes = [makePipe(), makePipe(), makePipe(), makePipe()];
  try {
    // The test keeps no reference to the buffers: only the Ring does.
    const reads = [0, 1, 2].map((i) => {
      const buf = new Uint8Array(4096);
      registry.register(buf.buffer, `read ${i}`);
      return ring.read(pipes[i]![0], buf, -1);
    });
    const kept = [new Uint8Array(3), new Uint8Array(5)];
    const readv = ring.readv(pipes[3]![0], kept, -1); // its iovec array is the Ring's own
    const timeout = ring.timeout(20); // its timespec too
    await collect();
    expect([...collected]).toEqual([]);
    // Now the kernel writes into them.
    for (let i = 0; i < 3; i++) writeSync(pipes[i]![1], 'x'.repeat(i + 1));
    expect(await Promise.all(reads)).toEqual([1, 2, 3]);
    writeSync(pipes[3]![1], 'abcdefgh');
    expect(await readv).toBe(8);
    expect(Buffer.from(kept[0]!).toString() + Buffer.from(kept[1]!).toString()).toBe('abcdefgh');
    await timeout;
    expect(ring.pending).toBe(0);
    // Completed: nothing holds the buffers any more.
    for (let i = 0; i < 20 && collected.size < 3; i++) await collect(1);
    expect([...collected].sort()).toEqual(['read 0', 'read 1', 'read 2']);
  } finally {
    for (const [r, w] of pipes) {
      closeSync(r);
      closeSync(w);
    }
  }
});

test('an aborted read keeps its buffer until the cancellation completes', async () => {
  const collected: string[] = [];
  const registry = new FinalizationRegistry<string>((name) => collected.push(name));
  const [r, w] = makePipe();
  try {
    const ac = new AbortController();
    const p = (() => {
      const buf = new Uint8Array(1 << 16);
      registry.register(buf.buffer, 'aborted');
      return ring.read(r, buf, -1, { signal: ac.signal });
    })();
    await collect(2);
    ac.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(collected).toEqual([]);
  } finally {
    closeSync(r);
    closeSync(w);
  }
});
