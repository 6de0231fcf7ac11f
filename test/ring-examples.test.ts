// The examples do what the README says: cp copies byte for byte, cat prints, the echo server echoes.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Ring } from '../index.js';
import { tempDir } from '../runtime/testing.js';
import { copyFile } from '../examples/cp.js';
import { serve } from '../examples/echo-server.js';
import { echo } from '../examples/echo-client.js';

const dir = tempDir();
let ring: Ring;
beforeAll(async () => {
  ring = await Ring.create({ entries: 128 });
});
afterAll(async () => {
  await ring.close();
  dir.remove();
});

test('cp copies a file byte for byte, with its mode, including a last partial block', async () => {
  const src = dir.file('src.bin');
  const data = randomBytes(5 * 128 * 1024 + 12345);
  writeFileSync(src, data);
  chmodSync(src, 0o640);
  const dst = dir.file('dst.bin');
  expect(await copyFile(ring, src, dst, 32, 128 * 1024)).toBe(data.length);
  expect(readFileSync(dst).equals(data)).toBe(true);
  expect(statSync(dst).mode & 0o777).toBe(0o640);
  // An empty file too.
  writeFileSync(dir.file('empty'), '');
  expect(await copyFile(ring, dir.file('empty'), dir.file('empty.copy'))).toBe(0);
  expect(readFileSync(dir.file('empty.copy')).length).toBe(0);
  await expect(copyFile(ring, dir.file('missing'), dir.file('x'))).rejects.toMatchObject({ code: 'ENOENT' });
});

test('the echo server echoes what the client sends (multishot accept and recv)', async () => {
  let listening!: (port: number) => void;
  const ready = new Promise<number>((r) => (listening = r));
  const log = console.log;
  console.log = () => {};
  try {
    const server = serve(ring, 0, 2, listening);
    const port = await ready;
    expect(await echo(ring, port, ['hello', 'io_uring'])).toBe('hello\nio_uring\n');
    const big = 'y'.repeat(100_000);
    expect(await echo(ring, port, [big])).toBe(big + '\n');
    await server;
  } finally {
    console.log = log;
  }
});

test('cat prints files through the ring, as a command', () => {
  const f = dir.file('cat.txt');
  writeFileSync(f, 'line one\nline two\n');
  const script = fileURLToPath(new URL('../examples/cat.ts', import.meta.url));
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, f, f], { encoding: 'utf8', timeout: 20_000 });
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe('line one\nline two\nline one\nline two\n');
  expect(r.status).toBe(0);
});
