// Provisioning as a user meets it, each case in its own child process: the first-use fallback
// (what it says on stderr, its timeout, its real causes, and LIBURING_TS_AUTO_PROVISION=0), no
// network at all (a network namespace), a read-only package folder (the per-user cache, then
// LIBURING_TS_HOME), a system it cannot fetch for, and the CLI's arguments. The mirror is the
// local one of test/support/debian-mirror.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { provisionCommand } from '../runtime/provision/cli.js';
import { mirrorUnavailable, startMirror, type Mirror } from './support/debian-mirror.js';
import { resultOf, root, runNode, type ChildOptions } from './support/child.js';

interface Outcome {
  ok: boolean;
  origin?: string;
  verified?: string;
  dir?: string;
  name?: string;
  reason?: string;
  message?: string;
}

const skip = mirrorUnavailable();
if (skip) console.warn(`provision-env tests skipped: ${skip}`);

/** Why `unshare <flags> true` cannot run here (no privilege for namespaces), or null. */
function unshareUnavailable(flags: string[]): string | null {
  const r = spawnSync('unshare', [...flags, 'true'], { encoding: 'utf8' });
  return r.status === 0 ? null : `unshare ${flags.join(' ')} is not permitted here (${(r.stderr || r.error?.message || '').trim()})`;
}
const asRoot = process.getuid?.() === 0;
const MOUNT_NS = asRoot ? ['-m'] : ['-r', '-m'];
const noNetns = unshareUnavailable(['-n']);
const noMountns = unshareUnavailable(MOUNT_NS);
if (noNetns) console.warn(`the network-namespace tests are skipped: ${noNetns}`);
if (noMountns) console.warn(`the read-only-folder tests are skipped: ${noMountns}`);

let mirror: Mirror;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'liburing-ts-provision-env-'));
  if (!skip) mirror = await startMirror();
}, 60_000);

afterAll(async () => {
  await mirror?.stop();
  rmSync(work, { recursive: true, force: true });
});

let homes = 0;
/** A fresh, empty LIBURING_TS_HOME. */
function freshHome(): string {
  const h = join(work, `home-${++homes}`);
  mkdirSync(h);
  return h;
}

/** Run the child (a first call into the library) with nothing provisioned but what `env` says. */
async function firstUse(env: Record<string, string | undefined>, options: ChildOptions = {}): Promise<{ outcome: Outcome; stderr: string }> {
  const r = await runNode('test/support/provision-child.ts', [], {
    ...options,
    env: {
      LIBURING_FFI_PATH: undefined,
      LIBURING_TS_AUTO_PROVISION: undefined,
      LIBURING_TS_PROVISION_TIMEOUT: undefined,
      LIBURING_SUITE: 'good',
      LIBURING_TS_MIRROR: mirror?.url,
      LIBURING_TS_KEYRING: mirror?.keyring,
      ...env,
    },
  });
  return { outcome: resultOf<Outcome>(r), stderr: r.stderr };
}

describe.skipIf(skip)('the first-use fallback (npm install ran without install scripts)', () => {
  test('says on stderr what it does and how to turn it off, fetches, and the call works; the next process finds it', async () => {
    const home = freshHome();
    const { outcome, stderr } = await firstUse({ LIBURING_TS_HOME: home });
    expect(outcome, stderr).toMatchObject({ ok: true, origin: 'debian:good', verified: 'apt-signature', dir: join(home, 'good') });
    expect(stderr).toContain('Fetching it now, for at most 60 s. LIBURING_TS_AUTO_PROVISION=0 turns this off');
    expect(stderr).toContain(`fetching liburing2 of Debian good (${mirror.arch}) from ${mirror.url}, verified by apt's signature check`);
    const again = await firstUse({ LIBURING_TS_HOME: home, LIBURING_TS_MIRROR: 'http://127.0.0.1:1/debian' });
    expect(again.outcome).toMatchObject({ ok: true, origin: 'debian:good' });
    expect(again.stderr).not.toContain('Fetching');
  });

  test('LIBURING_TS_AUTO_PROVISION=0 turns it off: LiburingNotFoundError naming the command, nothing fetched', async () => {
    const home = freshHome();
    const { outcome, stderr } = await firstUse({ LIBURING_TS_HOME: home, LIBURING_TS_AUTO_PROVISION: '0' });
    expect(outcome).toMatchObject({ ok: false, name: 'LiburingNotFoundError', reason: 'disabled' });
    expect(outcome.message).toContain('LIBURING_TS_AUTO_PROVISION=0 turns off fetching it at first use');
    expect(outcome.message).toContain('Run `npx liburing-ts provision`');
    expect(stderr).not.toContain('Fetching');
    expect(existsSync(join(home, 'good', 'manifest.json'))).toBe(false);
  });

  test('an unreachable mirror: the cause is the network, and the message names the fix', async () => {
    const { outcome, stderr } = await firstUse({ LIBURING_TS_HOME: freshHome(), LIBURING_TS_MIRROR: 'http://127.0.0.1:1/debian' });
    expect(stderr).toContain('Fetching it now');
    expect(outcome).toMatchObject({ ok: false, name: 'LiburingNotFoundError', reason: 'network' });
    expect(outcome.message).toContain('cannot reach the Debian mirror http://127.0.0.1:1/debian');
    expect(outcome.message).toContain('npx liburing-ts provision');
  });

  test('a mirror that never answers: bounded by LIBURING_TS_PROVISION_TIMEOUT, reason timeout', async () => {
    const held: Socket[] = [];
    const hanging: Server = createServer((s) => held.push(s));
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(hanging.address() as { port: number }).port}/debian`;
      const { outcome, stderr } = await firstUse({ LIBURING_TS_HOME: freshHome(), LIBURING_TS_MIRROR: url, LIBURING_TS_PROVISION_TIMEOUT: '2' });
      expect(stderr).toContain('for at most 2 s');
      expect(outcome).toMatchObject({ ok: false, name: 'LiburingNotFoundError', reason: 'timeout' });
      expect(outcome.message).toContain('LIBURING_TS_PROVISION_TIMEOUT');
    } finally {
      for (const s of held) s.destroy();
      await new Promise<void>((r) => hanging.close(() => r()));
    }
  });

  test('a system it cannot fetch for (no dpkg-deb): the fix is to install liburing or set LIBURING_FFI_PATH', async () => {
    const { outcome } = await firstUse({ LIBURING_TS_HOME: freshHome(), PATH: '/nonexistent' });
    expect(outcome).toMatchObject({ ok: false, name: 'LiburingNotFoundError', reason: 'unsupported-system' });
    expect(outcome.message).toContain('not a Debian or Ubuntu system');
    expect(outcome.message).toMatch(/install liburing 2\.9 or newer.*LIBURING_FFI_PATH/);
  });
});

describe.skipIf(skip || noNetns)('no network at all (a network namespace)', () => {
  for (const [how, keyring] of [["apt's signature check", undefined], ['the pinned sums', 'none']] as const) {
    test(`with ${how}: reason network, "does not resolve", the fix named`, async () => {
      const { outcome } = await firstUse(
        // The machine's own Debian mirror (deb.debian.org by default), and the suite liburing-ts fetches.
        { LIBURING_TS_HOME: freshHome(), LIBURING_TS_MIRROR: undefined, LIBURING_SUITE: 'trixie', LIBURING_TS_KEYRING: keyring },
        { launcher: { path: 'unshare', args: ['-n'] } },
      );
      // Where the system has liburing 2.9+, nothing is fetched at all.
      if (outcome.ok) return expect(outcome.origin).toBe('system');
      expect(outcome).toMatchObject({ ok: false, name: 'LiburingNotFoundError', reason: 'network' });
      expect(outcome.message).toMatch(/cannot reach the Debian mirror \S+: (its name does not resolve|")/);
      expect(outcome.message).toContain('LIBURING_FFI_PATH');
    });
  }
});

describe.skipIf(skip || noMountns)('a read-only package folder (node_modules mounted read-only)', () => {
  /** Run the child in a mount namespace where each of `readOnly` is bound read-only. */
  function readOnlyLauncher(readOnly: string[]): ChildOptions['launcher'] {
    const binds = readOnly.map((d) => `mount --bind -o ro '${d}' '${d}'`).join(' && ');
    return { path: 'unshare', args: [...MOUNT_NS, 'sh', '-c', `${binds} && shift && exec "$@"`, 'sh'] };
  }

  test('falls back to the per-user cache (XDG_CACHE_HOME), and says so', async () => {
    const cache = join(work, 'xdg-cache-1');
    mkdirSync(cache);
    const { outcome, stderr } = await firstUse({ LIBURING_TS_HOME: undefined, XDG_CACHE_HOME: cache }, { launcher: readOnlyLauncher([root]) });
    expect(outcome, stderr).toMatchObject({ ok: true, origin: 'debian:good', dir: join(cache, 'liburing-ts', 'good') });
    expect(stderr).toContain(`${join(root, '.liburing', 'good')} is not writable`);
    expect(stderr).toContain(`provisioning into ${join(cache, 'liburing-ts', 'good')} instead (set LIBURING_TS_HOME to choose the folder)`);
  });

  test('with the cache read-only too: not-writable, and the message names LIBURING_TS_HOME', async () => {
    const cache = join(work, 'xdg-cache-2');
    mkdirSync(cache);
    const { outcome } = await firstUse({ LIBURING_TS_HOME: undefined, XDG_CACHE_HOME: cache }, { launcher: readOnlyLauncher([root, cache]) });
    expect(outcome).toMatchObject({ ok: false, name: 'LiburingNotFoundError', reason: 'not-writable' });
    expect(outcome.message).toContain('Set LIBURING_TS_HOME to a writable folder');
    expect(outcome.message).toMatch(/is not writable \((EROFS|EACCES)\)/);
  });
});

describe('the provision command', () => {
  test('refuses an unknown flag with exit code 2, and --help describes the environment', () => {
    expect(provisionCommand(['--bogus'])).toBe(2);
    const logged: string[] = [];
    const log = console.log;
    console.log = (s: string) => logged.push(s);
    try {
      expect(provisionCommand(['--help'])).toBe(0);
    } finally {
      console.log = log;
    }
    expect(logged.join('\n')).toMatch(/--headers[\s\S]*LIBURING_TS_MIRROR[\s\S]*LIBURING_TS_PROVISION_TIMEOUT/);
  });
});
