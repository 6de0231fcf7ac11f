/**
 * A small Debian mirror for the provisioning tests, built from the liburing
 * this machine already has, signed with a key made for the test, and served
 * over HTTP by a child process (provisioning is synchronous: it waits on apt or
 * the downloader with spawnSync, so the server cannot run in the test's own
 * event loop). No network is needed.
 *
 * Suites: `good` (liburing2, liburing-dev, linux-libc-dev); `corrupt` (the
 * index lists the good sums, the files are damaged); `empty` (no liburing2).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Pins, PinnedDeb } from '../../runtime/provision/download.js';
import { provision } from '../../runtime/provision/provision.js';
import { debianArch } from '../../runtime/provision/system.js';

export interface Mirror {
  /** http://127.0.0.1:<port> */
  url: string;
  /** The keyring with the key the indexes are signed with, and one with another key. */
  keyring: string;
  wrongKeyring: string;
  /** Pins of the good suite's files, and pins naming the corrupted files with the good sums. */
  pins: Pins;
  corruptPins: Pins;
  arch: string;
  /** The liburing version the packages hold, e.g. "2.9". */
  version: string;
  stop(): Promise<void>;
}

/** Why the signed mirror cannot be built here (no gpg or dpkg-deb), or null. */
export function mirrorUnavailable(): string | null {
  for (const cmd of ['gpg', 'dpkg-deb', 'apt-get']) {
    if (spawnSync('sh', ['-c', 'command -v "$0"', cmd]).status !== 0) return `${cmd} is not installed (Debian: apt-get install ${cmd === 'gpg' ? 'gnupg' : cmd === 'dpkg-deb' ? 'dpkg' : 'apt'})`;
  }
  return debianArch() ? null : `Debian has no architecture name for ${process.arch}`;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function deb(work: string, name: string, version: string, arch: string, files: Record<string, string | { link: string } | { copy: string }>, out: string): void {
  const tree = mkdtempSync(join(work, `${name}-`));
  for (const [path, content] of Object.entries(files)) {
    const at = join(tree, path);
    mkdirSync(dirname(at), { recursive: true });
    if (typeof content === 'string') writeFileSync(at, content);
    else if ('link' in content) symlinkSync(content.link, at);
    else copyFileSync(content.copy, at);
  }
  mkdirSync(join(tree, 'DEBIAN'));
  writeFileSync(join(tree, 'DEBIAN', 'control'), `Package: ${name}\nVersion: ${version}\nArchitecture: ${arch}\nMaintainer: liburing-ts tests <tests@liburing-ts.invalid>\nDescription: ${name} for the provisioning tests\n`);
  mkdirSync(dirname(out), { recursive: true });
  execFileSync('dpkg-deb', ['--root-owner-group', '-Zgzip', '--build', tree, out], { stdio: 'ignore' });
}

function stanza(path: string, filename: string, name: string, version: string, arch: string): string {
  return `Package: ${name}\nVersion: ${version}\nArchitecture: ${arch}\nFilename: ${filename}\nSize: ${readFileSync(path).length}\nSHA256: ${sha256(path)}\nDescription: ${name}\n`;
}

function pin(path: string, filename: string, version: string): PinnedDeb {
  return { version, filename, size: readFileSync(path).length, sha256: sha256(path) };
}

/** Make a signing key in `home` (GNUPGHOME) and export it as a binary keyring. */
function key(home: string, who: string, keyring: string): void {
  mkdirSync(home, { mode: 0o700 });
  const env = { ...process.env, GNUPGHOME: home };
  execFileSync('gpg', ['--batch', '--pinentry-mode', 'loopback', '--passphrase', '', '--quick-gen-key', `${who} <${who}@liburing-ts.invalid>`, 'ed25519', 'sign', 'never'], { env, stdio: 'ignore' });
  writeFileSync(keyring, execFileSync('gpg', ['--batch', '--export'], { env }));
}

function release(dir: string, suite: string, arch: string, gnupg: string): void {
  const packages = join(dir, 'main', `binary-${arch}`, 'Packages');
  const date = new Date(Date.now() - 3600_000).toUTCString().replace('GMT', 'UTC');
  const text = `Origin: liburing-ts tests\nSuite: ${suite}\nCodename: ${suite}\nDate: ${date}\nArchitectures: ${arch}\nComponents: main\nSHA256:\n ${sha256(packages)} ${readFileSync(packages).length} main/binary-${arch}/Packages\n`;
  writeFileSync(join(dir, 'Release'), text);
  execFileSync('gpg', ['--batch', '--yes', '--pinentry-mode', 'loopback', '--passphrase', '', '--clearsign', '-o', join(dir, 'InRelease'), join(dir, 'Release')], { env: { ...process.env, GNUPGHOME: gnupg }, stdio: 'ignore' });
}

const SERVER = `
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, normalize } from 'node:path';
const root = process.argv[1];
const server = createServer((req, res) => {
  const path = join(root, normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)));
  let size;
  try { size = statSync(path).isFile() ? statSync(path).size : -1; } catch { size = -1; }
  if (size < 0 || !path.startsWith(root)) { res.writeHead(404).end('not found'); return; }
  res.writeHead(200, { 'content-length': size });
  if (req.method === 'HEAD') res.end(); else createReadStream(path).pipe(res);
});
server.listen(0, '127.0.0.1', () => console.log('PORT ' + server.address().port));
process.stdin.on('end', () => process.exit(0)).resume();
`;

function serve(dir: string): Promise<{ url: string; child: ChildProcess }> {
  // stdin is a pipe: when the test process dies, the server sees its end and exits.
  const child = spawn(process.execPath, ['--input-type=module', '--eval', SERVER, dir], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve({ url: `http://127.0.0.1:${m[1]}`, child });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the mirror server exited (${code})`)));
  });
}

/** Build, sign and serve the mirror. */
export async function startMirror(): Promise<Mirror> {
  const work = mkdtempSync(join(tmpdir(), 'liburing-ts-mirror-'));
  const arch = debianArch()!;
  const installed = provision({ fetch: false });
  const ffi = realpathSync(installed.ffi);
  const so = installed.liburing ? realpathSync(installed.liburing) : null;
  const triplet = basename(dirname(ffi));
  const version = installed.version;
  const debVersion = `${version}-1`;
  const lib = `usr/lib/${triplet}`;
  const header = installed.include && existsSync(join(installed.include, 'liburing.h')) ? { copy: join(installed.include, 'liburing.h') } : '/* liburing.h for the tests */\n';
  const repo = join(work, 'repo');
  const pool = (n: string, a: string) => `pool/main/l/liburing/${n}_${debVersion}_${a}.deb`;
  const files: Record<string, { path: string; name: string; arch: string }> = {
    liburing2: { path: pool('liburing2', arch), name: 'liburing2', arch },
    'liburing-dev': { path: pool('liburing-dev', arch), name: 'liburing-dev', arch },
    'linux-libc-dev': { path: pool('linux-libc-dev', 'all'), name: 'linux-libc-dev', arch: 'all' },
  };
  deb(work, 'liburing2', debVersion, arch, {
    [`${lib}/${basename(ffi)}`]: { copy: ffi },
    [`${lib}/liburing-ffi.so.2`]: { link: basename(ffi) },
    ...(so ? { [`${lib}/${basename(so)}`]: { copy: so }, [`${lib}/liburing.so.2`]: { link: basename(so) } } : {}),
    'usr/share/doc/liburing2/copyright': 'MIT\n',
  }, join(repo, files.liburing2!.path));
  deb(work, 'liburing-dev', debVersion, arch, {
    'usr/include/liburing.h': header,
    'usr/include/liburing/io_uring.h': '/* io_uring.h */\n',
    [`${lib}/liburing.a`]: '!<arch>\n',
    [`${lib}/pkgconfig/liburing.pc`]: 'Name: liburing\n',
    'usr/share/man/man3/io_uring_get_sqe.3': '.TH io_uring_get_sqe 3\n',
    'usr/share/doc/liburing-dev/copyright': 'MIT\n',
  }, join(repo, files['liburing-dev']!.path));
  deb(work, 'linux-libc-dev', debVersion, 'all', {
    'usr/include/linux/io_uring.h': '/* linux/io_uring.h */\n',
    'usr/include/asm-generic/int-ll64.h': '/* asm-generic */\n',
    'usr/include/drm/drm.h': '/* drm */\n',
    'usr/lib/linux/uapi/arm64/asm/unistd.h': '/* other architectures */\n',
  }, join(repo, files['linux-libc-dev']!.path));
  // The corrupted copies: a flipped byte in the middle.
  for (const f of Object.values(files)) {
    const bytes = readFileSync(join(repo, f.path));
    bytes[bytes.length >> 1]! ^= 0xff;
    const bad = f.path.replace('pool/main/', 'pool/corrupt/');
    mkdirSync(dirname(join(repo, bad)), { recursive: true });
    writeFileSync(join(repo, bad), bytes);
  }
  const gnupg = join(work, 'gnupg');
  const wrongGnupg = join(work, 'gnupg-wrong');
  const keyring = join(work, 'test-key.gpg');
  const wrongKeyring = join(work, 'wrong-key.gpg');
  key(gnupg, 'signer', keyring);
  key(wrongGnupg, 'stranger', wrongKeyring);
  const suites: Record<string, { pkgs: string[]; corrupt: boolean }> = {
    good: { pkgs: Object.keys(files), corrupt: false },
    corrupt: { pkgs: Object.keys(files), corrupt: true },
    empty: { pkgs: ['linux-libc-dev'], corrupt: false },
  };
  for (const [suite, s] of Object.entries(suites)) {
    const dir = join(repo, 'dists', suite);
    mkdirSync(join(dir, 'main', `binary-${arch}`), { recursive: true });
    const text = s.pkgs.map((p) => {
      const f = files[p]!;
      return stanza(join(repo, f.path), s.corrupt ? f.path.replace('pool/main/', 'pool/corrupt/') : f.path, f.name, debVersion, f.arch);
    });
    writeFileSync(join(dir, 'main', `binary-${arch}`, 'Packages'), text.join('\n'));
    release(dir, suite, arch, gnupg);
  }
  for (const home of [gnupg, wrongGnupg]) spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env: { ...process.env, GNUPGHOME: home }, stdio: 'ignore' });
  const pins: Pins = { good: { [arch]: {} } };
  const corruptPins: Pins = { good: { [arch]: {} } };
  for (const [p, f] of Object.entries(files)) {
    pins.good![arch]![p] = pin(join(repo, f.path), f.path, debVersion);
    corruptPins.good![arch]![p] = { ...pin(join(repo, f.path), f.path, debVersion), filename: f.path.replace('pool/main/', 'pool/corrupt/') };
  }
  const { url, child } = await serve(repo);
  return {
    url,
    keyring,
    wrongKeyring,
    pins,
    corruptPins,
    arch,
    version,
    async stop() {
      child.removeAllListeners('exit');
      const exited = new Promise((r) => child.once('exit', r));
      child.stdin!.end();
      await exited;
      rmSync(work, { recursive: true, force: true });
    },
  };
}
