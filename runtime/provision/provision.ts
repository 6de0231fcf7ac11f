/**
 * Provisioning: find a liburing of at least 2.9, or fetch Debian's packages of
 * it into a private folder. The system's apt configuration is never touched:
 * apt runs with a private sources list, state and cache inside the folder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import koffi from 'koffi';
import { provisionDir, wantedSuite } from './paths.js';

export const MIN_VERSION = { major: 2, minor: 9 } as const;

/** What was found or provisioned: the two shared objects, and the headers and man pages when present. */
export interface LiburingInstall {
  /** Where it came from: the environment, the system, or a Debian suite's packages. */
  origin: 'env' | 'system' | `debian:${string}`;
  /** liburing-ffi.so.2: every function, inline helpers included. */
  ffi: string;
  /** liburing.so.2: exports io_uring_buf_ring_head, which the FFI library lacks. */
  liburing: string | null;
  version: string;
  /** Folder with liburing.h (and trixie's kernel headers) for C compiles, when known. */
  include: string | null;
  /** Folder with the man pages (man3 below it), when known. */
  man: string | null;
}

const ARCH_DIR = 'usr/lib/x86_64-linux-gnu';

/** The version a liburing-ffi.so.2 reports, or null when it does not load. */
export function libraryVersion(path: string): string | null {
  try {
    const lib = koffi.load(path);
    const major = lib.func('int io_uring_major_version(void)')() as number;
    const minor = lib.func('int io_uring_minor_version(void)')() as number;
    return `${major}.${minor}`;
  } catch {
    return null;
  }
}

export function versionAtLeast(v: string, major: number, minor: number): boolean {
  const [a, b] = v.split('.').map(Number) as [number, number];
  return a > major || (a === major && b >= minor);
}

function fromEnv(): LiburingInstall | null {
  const ffi = process.env.LIBURING_FFI_PATH;
  if (!ffi) return null;
  const version = libraryVersion(ffi);
  if (!version) throw new Error(`LIBURING_FFI_PATH=${ffi} does not load as liburing-ffi (missing file or not a liburing build). Unset it to let liburing-ts provision liburing itself.`);
  const sibling = join(ffi, '..', 'liburing.so.2');
  return {
    origin: 'env',
    ffi,
    liburing: process.env.LIBURING_PATH ?? (existsSync(sibling) ? sibling : null),
    version,
    include: process.env.LIBURING_INCLUDE ?? null,
    man: null,
  };
}

function fromSystem(): LiburingInstall | null {
  const version = libraryVersion('liburing-ffi.so.2');
  if (!version || !versionAtLeast(version, MIN_VERSION.major, MIN_VERSION.minor)) return null;
  return { origin: 'system', ffi: 'liburing-ffi.so.2', liburing: 'liburing.so.2', version, include: null, man: null };
}

function manifestPath(suite: string): string {
  return join(provisionDir(suite), 'manifest.json');
}

/** The install recorded by an earlier provisioning for this suite, if its files are still there. */
export function provisioned(suite = wantedSuite()): LiburingInstall | null {
  const path = manifestPath(suite);
  if (!existsSync(path)) return null;
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as LiburingInstall;
    return existsSync(m.ffi) ? m : null;
  } catch {
    return null;
  }
}

/** The mirror the machine's apt already uses for Debian, so we fetch from the same place. */
export function debianMirror(): string {
  const candidates: string[] = [];
  const read = (f: string) => {
    try {
      candidates.push(readFileSync(f, 'utf8'));
    } catch {
      // unreadable file: skip
    }
  };
  read('/etc/apt/sources.list');
  if (existsSync('/etc/apt/sources.list.d')) {
    for (const f of readdirSync('/etc/apt/sources.list.d').sort()) read(join('/etc/apt/sources.list.d', f));
  }
  for (const text of candidates) {
    // deb822 ("URIs: http://deb.debian.org/debian") or one-line ("deb http://... bookworm main")
    for (const m of text.matchAll(/(?:^URIs:\s*|^deb\s+(?:\[[^\]]*\]\s+)?)(\S+\/debian)\/?\s/gm)) {
      if (!m[1]!.includes('security')) return m[1]!;
    }
  }
  return 'http://deb.debian.org/debian';
}

function isDebianLike(): boolean {
  try {
    return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(readFileSync('/etc/os-release', 'utf8'));
  } catch {
    return false;
  }
}

function hasCommand(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Fetch liburing2, liburing-dev and linux-libc-dev from a Debian suite with
 * `apt-get download` and private apt state, and unpack them with dpkg-deb -x.
 */
export function fetchFromDebian(suite: string, log: (line: string) => void): LiburingInstall {
  if (!isDebianLike() || !hasCommand('apt-get') || !hasCommand('dpkg-deb')) {
    throw new Error(
      'no liburing 2.9 or newer was found, and this is not a Debian or Ubuntu system with apt-get and dpkg-deb to fetch one. ' +
        'Install liburing 2.9+ (liburing-ffi.so.2) and set LIBURING_FFI_PATH to it.',
    );
  }
  const dir = provisionDir(suite);
  const apt = join(dir, 'apt');
  const debs = join(dir, 'debs');
  const staging = join(dir, 'root.partial');
  for (const d of [join(apt, 'lists', 'partial'), join(apt, 'cache', 'archives', 'partial'), debs]) mkdirSync(d, { recursive: true });
  const sources = join(apt, 'sources.list');
  const mirror = debianMirror();
  writeFileSync(sources, `deb ${mirror} ${suite} main\n`);
  const opts = [
    '-o', `Dir::Etc::SourceList=${sources}`,
    '-o', 'Dir::Etc::SourceParts=/nonexistent',
    '-o', `Dir::State::Lists=${join(apt, 'lists')}`,
    '-o', `Dir::State::Status=${join(apt, 'status')}`,
    '-o', `Dir::Cache=${join(apt, 'cache')}`,
    '-o', 'Debug::NoLocking=1',
    '-o', 'APT::Sandbox::User=root',
    '-o', 'Acquire::Retries=3',
  ];
  if (!existsSync(join(apt, 'status'))) writeFileSync(join(apt, 'status'), '');
  log(`liburing-ts: fetching Debian ${suite}'s package index from ${mirror} (private apt state in ${apt})`);
  const run = (args: string[], cwd?: string) =>
    execFileSync('apt-get', [...opts, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  try {
    run(['update', '-qq']);
    log('liburing-ts: downloading liburing2, liburing-dev and linux-libc-dev');
    run(['download', '-qq', 'liburing2', 'liburing-dev', 'linux-libc-dev'], debs);
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`apt-get could not fetch liburing from Debian ${suite} at ${mirror}: ${(err.stderr || err.message).trim()}`);
  }
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const wanted = ['liburing2_', 'liburing-dev_', 'linux-libc-dev_'];
  for (const prefix of wanted) {
    const file = readdirSync(debs).filter((f) => f.startsWith(prefix) && f.endsWith('.deb')).sort().pop();
    if (!file) throw new Error(`apt-get download left no ${prefix}*.deb in ${debs}`);
    execFileSync('dpkg-deb', ['-x', join(debs, file), staging]);
  }
  const root = join(dir, 'root');
  rmSync(root, { recursive: true, force: true });
  renameSync(staging, root);
  const ffi = join(root, ARCH_DIR, 'liburing-ffi.so.2');
  const version = libraryVersion(ffi);
  if (!version) throw new Error(`the liburing unpacked from Debian ${suite} (${ffi}) does not load`);
  const install: LiburingInstall = {
    origin: `debian:${suite}`,
    ffi,
    liburing: join(root, ARCH_DIR, 'liburing.so.2'),
    version,
    include: join(root, 'usr/include'),
    man: join(root, 'usr/share/man'),
  };
  writeFileSync(manifestPath(suite), JSON.stringify(install, null, 2) + '\n');
  rmSync(debs, { recursive: true, force: true });
  return install;
}

/**
 * Find or provision a usable liburing, in this order: LIBURING_FFI_PATH; an
 * earlier provisioning; a system liburing-ffi.so.2 of 2.9 or newer (unless a
 * suite other than trixie is asked for); Debian's packages.
 * Idempotent: a second call finds the first one's result.
 */
export function provision(options: { log?: (line: string) => void; suite?: string } = {}): LiburingInstall {
  const log = options.log ?? (() => {});
  const suite = options.suite ?? wantedSuite();
  const env = fromEnv();
  if (env) return env;
  const done = provisioned(suite);
  if (done) return done;
  if (suite === 'trixie') {
    const system = fromSystem();
    if (system) return system;
  }
  return fetchFromDebian(suite, log);
}

/** What is already there, without fetching anything: for reports such as `npm run generate`'s summary. */
export function findInstalled(suite = wantedSuite()): LiburingInstall | null {
  try {
    return fromEnv() ?? provisioned(suite) ?? (suite === 'trixie' ? fromSystem() : null);
  } catch {
    return null;
  }
}
