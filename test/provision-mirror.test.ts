// Provisioning from a Debian mirror, against a local mirror the test builds and signs
// (test/support/debian-mirror.ts): apt's signature check and the pinned sha256 sums, what stays
// on disk, a moved folder, corrupted downloads, a bad signature, missing packages, an
// unreachable mirror and one that never answers. No network is used.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { provision, ProvisionError, libraryVersion, type ProvisionOptions } from '../runtime/provision/provision.js';
import { PINS } from '../runtime/provision/pins.js';
import { debianArch } from '../runtime/provision/system.js';
import { libraryDir } from '../runtime/provision/unpack.js';
import { mirrorUnavailable, startMirror, type Mirror } from './support/debian-mirror.js';

const skip = mirrorUnavailable();
if (skip) console.warn(`provision-mirror tests skipped: ${skip}`);

let mirror: Mirror;
let work: string;
let home: string;
/** os.tmpdir() of the provisioning: it must be empty afterwards (apt's state and the downloads are removed). */
let scratch: string;
const savedTmp = process.env.TMPDIR;

beforeAll(async () => {
  if (!skip) mirror = await startMirror();
}, 60_000);

afterAll(async () => {
  await mirror?.stop();
});

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'liburing-ts-provision-'));
  home = join(work, 'home');
  scratch = join(work, 'tmp');
  mkdirSync(scratch);
  process.env.TMPDIR = scratch;
});

afterEach(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  rmSync(work, { recursive: true, force: true });
});

/** Every file below `dir`, relative, sorted. */
function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => !statSync(join(dir, f)).isDirectory()).sort();
}

function run(options: Partial<ProvisionOptions>): ReturnType<typeof provision> {
  return provision({ suite: 'good', homes: [home], mirror: mirror.url, keyring: mirror.keyring, pins: mirror.pins, arch: mirror.arch, timeoutMs: 60_000, ...options });
}

function failure(options: Partial<ProvisionOptions>): ProvisionError {
  try {
    run(options);
  } catch (e) {
    expect(e).toBeInstanceOf(ProvisionError);
    return e as ProvisionError;
  }
  throw new Error('expected provisioning to fail');
}

describe.skipIf(skip)('fetching with apt’s signature check', () => {
  test('the libraries only: a relative record and four files on disk, nothing left in the temporary folder', () => {
    const install = run({});
    expect(install).toMatchObject({ origin: 'debian:good', version: mirror.version, verified: 'apt-signature', include: null, packages: { liburing2: `${mirror.version}-1` } });
    expect(libraryVersion(install.ffi)).toBe(mirror.version);
    const dir = join(home, 'good');
    const kept = files(dir);
    expect(kept).toContain('manifest.json');
    expect(kept.filter((f) => f !== 'manifest.json').every((f) => /^root\/usr\/lib\/[^/]+\/liburing(-ffi)?\.so\.2(\.\d+)?$/.test(f)), kept.join('\n')).toBe(true);
    expect(kept.length).toBeLessThanOrEqual(5);
    const record = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(record).toMatchObject({ format: 2, verified: 'apt-signature', ffi: relative(dir, install.ffi) });
    expect(String(record.ffi).startsWith('/')).toBe(false);
    expect(readdirSync(scratch)).toEqual([]);
  });

  test('the headers on demand: liburing-dev and linux-libc-dev added, pruned to the include folders and man pages', () => {
    run({});
    const install = run({ headers: true });
    expect(install.include).toBe(join(home, 'good', 'root', 'usr', 'include'));
    expect(install.packages).toEqual({ liburing2: `${mirror.version}-1`, 'liburing-dev': `${mirror.version}-1`, 'linux-libc-dev': `${mirror.version}-1` });
    const kept = files(join(home, 'good', 'root'));
    for (const f of ['usr/include/liburing.h', 'usr/include/liburing/io_uring.h', 'usr/include/linux/io_uring.h', 'usr/include/asm-generic/int-ll64.h', 'usr/share/man/man3/io_uring_get_sqe.3']) {
      expect(kept, f).toContain(f);
    }
    // Static libraries, pkg-config, documentation, drm/ and other architectures' uapi: gone.
    expect(kept.filter((f) => /\.a$|pkgconfig|share\/doc|include\/drm|usr\/lib\/linux/.test(f))).toEqual([]);
    expect(readdirSync(scratch)).toEqual([]);
  });

  test('a moved or copied folder keeps working, with the mirror gone', () => {
    run({ headers: true });
    const moved = join(work, 'moved');
    renameSync(home, moved);
    const copy = join(work, 'copy');
    cpSync(moved, copy, { recursive: true, verbatimSymlinks: true });
    rmSync(moved, { recursive: true });
    const install = provision({ suite: 'good', homes: [copy], mirror: 'http://127.0.0.1:1/debian', fetch: false, headers: true });
    expect(install.ffi.startsWith(copy + '/')).toBe(true);
    expect(install.include).toBe(join(copy, 'good', 'root', 'usr', 'include'));
    expect(libraryVersion(install.ffi)).toBe(mirror.version);
  });

  test('a .deb that is not what the signed index lists is refused (verification), and nothing is installed', () => {
    const e = failure({ suite: 'corrupt' });
    expect(e.reason).toBe('verification');
    expect(e.message).toMatch(/does not match the checksum in Debian corrupt's signed index/);
    expect(files(join(home, 'corrupt'))).toEqual([]);
    expect(readdirSync(scratch)).toEqual([]);
  });

  test('an index signed by another key is refused (verification); with pins for the suite, the pinned sums verify instead', () => {
    const e = failure({ keyring: mirror.wrongKeyring, pins: {} });
    expect(e.reason).toBe('verification');
    expect(e.message).toMatch(/could not verify the signature of Debian good's package index/);
    expect(e.message).toContain('debian-archive-keyring');
    expect(files(join(home, 'good'))).toEqual([]);
    const lines: string[] = [];
    const install = run({ keyring: mirror.wrongKeyring, log: (l) => lines.push(l) });
    expect(install.verified).toBe('pinned-sha256');
    expect(lines.join('\n')).toContain('lacks the key Debian good is signed with (NO_PUBKEY); verifying by the sha256 sums pinned in liburing-ts instead');
  });

  test('a suite without liburing2, and a suite the mirror lacks: not-found', () => {
    const empty = failure({ suite: 'empty' });
    expect(empty.reason).toBe('not-found');
    expect(empty.message).toMatch(/Debian empty on .* has no such package/);
    const none = failure({ suite: 'nosuch' });
    expect(none.reason).toBe('not-found');
    expect(none.message).toMatch(/Debian suite 'nosuch' is not on/);
  });
});

describe.skipIf(skip)('fetching with the pinned sha256 sums (no Debian keyring)', () => {
  test('the pinned files are fetched and checked, and the record says so', () => {
    const install = run({ keyring: null, headers: true });
    expect(install).toMatchObject({ verified: 'pinned-sha256', version: mirror.version });
    expect(libraryVersion(install.ffi)).toBe(mirror.version);
    expect(existsSync(join(install.include!, 'liburing.h'))).toBe(true);
    expect(readdirSync(scratch)).toEqual([]);
  });

  test('a corrupted download is refused (verification), and nothing is installed', () => {
    const e = failure({ keyring: null, pins: mirror.corruptPins });
    expect(e.reason).toBe('verification');
    expect(e.message).toMatch(/is not the file liburing-ts pins: sha256 [0-9a-f]{64}/);
    expect(files(join(home, 'good'))).toEqual([]);
    expect(readdirSync(scratch)).toEqual([]);
  });

  test('a pinned file gone from the mirror: not-found; a suite or architecture without pins: the fix names the keyring', () => {
    const gone = structuredClone(mirror.pins);
    gone.good![mirror.arch]!.liburing2!.filename = 'pool/main/l/liburing/gone.deb';
    const e = failure({ keyring: null, pins: gone });
    expect(e.reason).toBe('not-found');
    expect(e.message).toContain('is not on the mirror (HTTP 404)');
    const unpinned = failure({ keyring: null, suite: 'empty' });
    expect(unpinned.reason).toBe('unsupported-system');
    expect(unpinned.message).toContain('apt-get install debian-archive-keyring');
  });
});

describe.skipIf(skip)('a mirror that cannot be reached', () => {
  let hanging: Server;
  const held: Socket[] = [];
  let hangingUrl: string;
  let closedUrl: string;

  beforeAll(async () => {
    // Accepts connections and never answers (the kernel accepts them even while provisioning blocks this thread).
    hanging = createServer((socket) => held.push(socket));
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    hangingUrl = `http://127.0.0.1:${(hanging.address() as { port: number }).port}/debian`;
    // A port that was just listened on and closed: connections to it are refused.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    closedUrl = `http://127.0.0.1:${(closed.address() as { port: number }).port}/debian`;
    await new Promise<void>((r) => closed.close(() => r()));
  });

  afterAll(async () => {
    for (const s of held) s.destroy();
    await new Promise<void>((r) => hanging.close(() => r()));
  });

  for (const [how, keyring] of [['apt', 'key'], ['pinned', null]] as const) {
    test(`refused connections (${how}): reason network, the mirror named, the fix given`, () => {
      const e = failure({ mirror: closedUrl, keyring: keyring && mirror.keyring });
      expect(e.reason).toBe('network');
      expect(e.message).toContain(`cannot reach the Debian mirror ${closedUrl}`);
      expect(e.message).toContain('LIBURING_TS_MIRROR');
      expect(files(join(home, 'good'))).toEqual([]);
    });

    test(`no answer (${how}): reason timeout, within the time allowed`, () => {
      const e = failure({ mirror: hangingUrl, keyring: keyring && mirror.keyring, timeoutMs: 1500 });
      expect(e.reason).toBe('timeout');
      expect(e.message).toMatch(/in the time allowed|did not answer in time/);
      expect(readdirSync(scratch)).toEqual([]);
    });
  }
});

describe('architectures', () => {
  test('the Debian architecture is this Node process’s, and the library folder is found, not assumed x86_64', () => {
    expect(debianArch('x64')).toBe('amd64');
    expect(debianArch('arm64')).toBe('arm64');
    expect(debianArch('sparc')).toBeNull();
    const tree = mkdtempSync(join(tmpdir(), 'liburing-ts-arch-'));
    try {
      mkdirSync(join(tree, 'usr', 'lib', 'aarch64-linux-gnu'), { recursive: true });
      writeFileSync(join(tree, 'usr', 'lib', 'aarch64-linux-gnu', 'liburing-ffi.so.2'), '');
      expect(libraryDir(tree)).toBe(join(tree, 'usr', 'lib', 'aarch64-linux-gnu'));
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });

  test('the package pins sums for amd64 and arm64, for trixie and sid', () => {
    for (const suite of ['trixie', 'sid']) {
      for (const arch of ['amd64', 'arm64']) {
        for (const pkg of ['liburing2', 'liburing-dev', 'linux-libc-dev']) {
          expect(PINS[suite]?.[arch]?.[pkg]?.sha256, `${suite} ${arch} ${pkg}`).toMatch(/^[0-9a-f]{64}$/);
        }
        expect(PINS[suite]![arch]!.liburing2!.filename).toContain(`_${arch}.deb`);
      }
    }
  });
});
