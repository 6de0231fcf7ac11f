// The examples do what the README says: cp copies byte for byte, cat prints, the echo server echoes;
// and they fail as commands should: cp refuses to copy a file onto itself, a port in use or a bad
// option is one line on stderr with exit code 1 or 2.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { linkSync, readdirSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
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

/** Run an example as a command (through tsx, as the README does). */
function example(name: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const script = fileURLToPath(new URL(`../examples/${name}.ts`, import.meta.url));
  return spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', timeout: 20_000 });
}

/** stderr holds exactly one line. */
const oneLine = (s: string) => s.trimEnd().split('\n').length === 1 && s.trim() !== '';

test('cp refuses to copy a file onto itself, under the same name or another one, and leaves it intact', async () => {
  const src = dir.file('self.bin');
  const data = randomBytes(300_000);
  writeFileSync(src, data);
  await expect(copyFile(ring, src, src)).rejects.toThrow(`${src} and ${src} are the same file: copying it onto itself would empty it`);
  const other = dir.file('self-link.bin');
  linkSync(src, other);
  await expect(copyFile(ring, src, other)).rejects.toThrow('are the same file');
  expect(readFileSync(src).equals(data)).toBe(true);
  const r = example('cp', [src, src]);
  expect(r.status).toBe(1);
  expect(oneLine(r.stderr), r.stderr).toBe(true);
  expect(r.stderr).toContain('are the same file');
  expect(readFileSync(src).equals(data)).toBe(true);
});

test('echo-server with its port in use prints one line naming the port and exits 1', async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const port = (taken.address() as AddressInfo).port;
  try {
    const r = example('echo-server', ['--port', String(port)]);
    expect(r.stderr).toBe(`echo-server: port ${port} on 127.0.0.1 is already in use (EADDRINUSE): stop what listens there, or choose another port with --port N\n`);
    expect(r.status).toBe(1);
  } finally {
    await new Promise((resolve) => taken.close(resolve));
  }
});

test.each([
  ['echo-server', ['--port', 'abc'], '--port takes a whole number from 0 to 65535, not "abc"'],
  ['echo-server', ['--port', '70000'], '--port takes a whole number from 0 to 65535, not "70000"'],
  ['echo-client', ['--port', '-1'], "Option '--port' argument is ambiguous"],
  ['cp', ['--depth', 'lots', 'a', 'b'], '--depth takes a whole number from 1 to 4096, not "lots"'],
  ['cp', ['--bogus', 'a', 'b'], "Unknown option '--bogus'"],
  ['cp', ['only-one'], 'expected SRC and DST, got 1 path(s)'],
  ['cat', ['-n'], "Unknown option '-n'"],
])('%s %j: one line saying what is wrong, exit code 2', (name, args, what) => {
  const r = example(name, args);
  expect(r.status).toBe(2);
  expect(oneLine(r.stderr), r.stderr).toBe(true);
  expect(r.stderr).toContain(`${name}: ${what}. Usage: npx tsx examples/${name}.ts`);
});

test('the examples use the constants the package exports, not numbers of their own', () => {
  const examplesDir = fileURLToPath(new URL('../examples/', import.meta.url));
  for (const f of readdirSync(examplesDir).filter((n) => n.endsWith('.ts'))) {
    const text = readFileSync(examplesDir + f, 'utf8');
    expect(text, f).not.toMatch(/\bconst [A-Z][A-Z0-9]*_[A-Z0-9_]+ = (\d|0x)/);
  }
  expect(readFileSync(examplesDir + 'echo-server.ts', 'utf8')).toMatch(/import \{[^}]*\bAF_INET\b[^}]*\} from '\.\.\/index\.js'/);
});
