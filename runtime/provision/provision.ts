/**
 * Provisioning: find a liburing of at least 2.9, or fetch Debian's packages of
 * it. Looked for in this order: LIBURING_FFI_PATH; an earlier provisioning
 * (the package's .liburing/, then the per-user cache); the system's
 * liburing-ffi.so.2; and only then Debian's packages, fetched when the caller
 * may use the network (npm install, `liburing-ts provision`, or the library's
 * first use as a fallback that LIBURING_TS_AUTO_PROVISION=0 turns off).
 */
import { accessSync, constants, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fetchFromDebian } from './debian.js';
import type { Pins } from './download.js';
import { ProvisionError } from './failure.js';
import { provisionHomes, suiteDir, wantedSuite } from './paths.js';
import { PINS } from './pins.js';
import { readRecord, type LiburingInstall } from './record.js';
import { debianArch, debianKeyring, debianMirror, hasCommand, installHint, libraryVersion, MIN_VERSION } from './system.js';
import { versionAtLeast } from '../version.js';

export { MIN_VERSION, libraryVersion } from './system.js';
export { ProvisionError, type ProvisionReason } from './failure.js';
export type { LiburingInstall, Verification } from './record.js';

export interface ProvisionOptions {
  log?: (line: string) => void;
  /** The Debian suite (default LIBURING_SUITE, or trixie). */
  suite?: string;
  /** Also the headers (liburing-dev, linux-libc-dev), for commands that compile against liburing. */
  headers?: boolean;
  /**
   * Whether the network may be used: true for npm install and `liburing-ts provision`;
   * 'first-use' for the library's fallback (LIBURING_TS_AUTO_PROVISION=0 forbids it, and it
   * says on stderr what it does); false never fetches.
   */
  fetch?: boolean | 'first-use';
  /** The time allowed for fetching; default LIBURING_TS_PROVISION_TIMEOUT seconds, or 60 s at first use and 300 s otherwise. */
  timeoutMs?: number;
  /** Where records are looked for and written, in order (default: see provisionHomes). */
  homes?: string[];
  /** The Debian mirror (default: LIBURING_TS_MIRROR, or the one apt uses). */
  mirror?: string;
  /** Debian's keyring for apt's signature check, or null for the pinned sums (default: the keyring when present). */
  keyring?: string | null;
  /** The pinned sha256 sums (default: the package's own). */
  pins?: Pins;
  /** The Debian architecture (default: this Node process's). */
  arch?: string;
}

function fromEnv(): LiburingInstall | null {
  const ffi = process.env.LIBURING_FFI_PATH;
  if (!ffi) return null;
  const version = libraryVersion(ffi);
  if (!version) {
    throw new ProvisionError('failed', `LIBURING_FFI_PATH=${ffi} does not load as liburing-ffi (missing file or not a liburing build). Unset it to let liburing-ts provision liburing itself`);
  }
  const sibling = join(ffi, '..', 'liburing.so.2');
  return {
    origin: 'env',
    ffi,
    liburing: process.env.LIBURING_PATH ?? (existsSync(sibling) ? sibling : null),
    version,
    include: process.env.LIBURING_INCLUDE ?? null,
    verified: null,
    dir: null,
    packages: null,
    arch: null,
  };
}

/** The system's liburing, or why it is not usable (for messages). */
function fromSystem(): LiburingInstall | string {
  const version = libraryVersion('liburing-ffi.so.2');
  if (!version) return 'no liburing-ffi.so.2 in the system library path';
  if (!versionAtLeast(version, MIN_VERSION)) return `the system's liburing-ffi.so.2 is ${version}, older than ${MIN_VERSION}`;
  const include = existsSync('/usr/include/liburing.h') ? '/usr/include' : null;
  return { origin: 'system', ffi: 'liburing-ffi.so.2', liburing: 'liburing.so.2', version, include, verified: null, dir: null, packages: null, arch: null };
}

/** The install recorded by an earlier provisioning for this suite, in the first home that has one. */
export function provisioned(suite = wantedSuite(), homes = provisionHomes()): LiburingInstall | null {
  for (const home of homes) {
    const found = readRecord(suiteDir(home, suite));
    if (found) return found;
  }
  return null;
}

/** Whether `dir` can be created and written; the error code when not. */
function writable(dir: string): string | null {
  try {
    mkdirSync(dir, { recursive: true });
    const probe = join(dir, `.write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
    return null;
  } catch (e) {
    // A recursive mkdir on a read-only mount can report ENOENT: ask the nearest existing folder.
    let at = dir;
    while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
    try {
      accessSync(at, constants.W_OK);
    } catch (denied) {
      return (denied as NodeJS.ErrnoException).code ?? 'EACCES';
    }
    return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  }
}

/** The first home whose suite folder can be written; says so when it is not the first. */
function writableSuiteDir(homes: string[], suite: string, log: (line: string) => void): string {
  const refused: string[] = [];
  for (const home of homes) {
    const dir = suiteDir(home, suite);
    const why = writable(dir);
    if (why === null) {
      if (refused.length) log(`liburing-ts: ${refused.join('; ')}; provisioning into ${dir} instead (set LIBURING_TS_HOME to choose the folder)`);
      return dir;
    }
    refused.push(`${dir} is not writable (${why})`);
  }
  throw new ProvisionError(
    'not-writable',
    `no folder to provision liburing into can be written: ${refused.join('; ')}. Set LIBURING_TS_HOME to a writable folder (or XDG_CACHE_HOME, for the per-user cache)`,
  );
}

function timeoutMs(options: ProvisionOptions): number {
  if (options.timeoutMs !== undefined) return options.timeoutMs;
  const env = Number(process.env.LIBURING_TS_PROVISION_TIMEOUT);
  if (Number.isFinite(env) && env > 0) return env * 1000;
  return options.fetch === 'first-use' ? 60_000 : 300_000;
}

const OFF = /^(0|false|no|off)$/i;

/**
 * Find or provision a usable liburing. Idempotent: a second call finds the
 * first one's result. Throws ProvisionError, whose `reason` tells the cause
 * and whose message names the fix.
 */
export function provision(options: ProvisionOptions = {}): LiburingInstall {
  const log = options.log ?? (() => {});
  const suite = options.suite ?? wantedSuite();
  const homes = options.homes ?? provisionHomes();
  const env = fromEnv();
  if (env) return env;
  const done = provisioned(suite, homes);
  if (done && (done.include || !options.headers)) return done;
  const system = done ? null : suite === 'trixie' ? fromSystem() : `LIBURING_SUITE=${suite} asks for Debian ${suite}'s liburing, not the system's`;
  if (system && typeof system !== 'string') return system;
  const fetch = options.fetch ?? true;
  if (done && !fetch) return done;
  const absent = system ?? '';
  if (fetch === false) {
    throw new ProvisionError('absent', `no liburing ${MIN_VERSION}+ is provisioned for Debian ${suite} (${absent}). Run \`npx liburing-ts provision\`, or set LIBURING_FFI_PATH to a liburing-ffi.so.2`);
  }
  if (fetch === 'first-use' && OFF.test(process.env.LIBURING_TS_AUTO_PROVISION ?? '')) {
    throw new ProvisionError(
      'disabled',
      `no liburing ${MIN_VERSION}+ is provisioned (${absent}), and LIBURING_TS_AUTO_PROVISION=${process.env.LIBURING_TS_AUTO_PROVISION} turns off fetching it at first use. ` +
        'Run `npx liburing-ts provision` where the network is reachable, or set LIBURING_FFI_PATH to a liburing-ffi.so.2',
    );
  }
  const arch = options.arch ?? debianArch();
  if (!arch || !hasCommand('dpkg-deb')) {
    throw new ProvisionError(
      'unsupported-system',
      `no usable liburing ${MIN_VERSION}+ here (${absent}), and ${arch ? 'this is not a Debian or Ubuntu system (no dpkg-deb)' : `Debian has no packages for ${process.arch}`}, so liburing-ts cannot fetch Debian's. ` +
        `Fix: ${installHint()}, or set LIBURING_FFI_PATH to a liburing-ffi.so.2 of 2.9 or newer`,
    );
  }
  const ms = timeoutMs(options);
  if (fetch === 'first-use') {
    log(
      `liburing-ts: no liburing ${MIN_VERSION}+ found (${absent}; npm install did not provision it: were install scripts skipped?). ` +
        `Fetching it now, for at most ${Math.round(ms / 1000)} s. LIBURING_TS_AUTO_PROVISION=0 turns this off; \`npx liburing-ts provision\` does it ahead of time.`,
    );
  }
  const dir = done?.dir && writable(done.dir) === null ? done.dir : writableSuiteDir(homes, suite, log);
  return fetchFromDebian({
    suite,
    arch,
    mirror: options.mirror ?? debianMirror(),
    keyring: options.keyring !== undefined ? options.keyring : debianKeyring(),
    pins: options.pins ?? PINS,
    headers: options.headers ?? false,
    deadline: Date.now() + ms,
    log,
    dir,
    existing: done && done.dir === dir ? done : null,
  });
}

/** What is already there, without fetching anything or throwing: for reports such as `npm run generate`'s summary. */
export function findInstalled(suite = wantedSuite()): LiburingInstall | null {
  try {
    return provision({ suite, fetch: false });
  } catch {
    return null;
  }
}
