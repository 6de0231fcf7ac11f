/**
 * Fetching liburing from Debian's packages into a provisioning folder:
 * verified by apt's signature check where Debian's keyring is present,
 * otherwise by the sha256 sums pinned in pins.ts; unpacked, pruned to what is
 * used, and recorded with paths relative to the folder. Downloads and apt's
 * state live in temporary folders outside node_modules and are removed.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { AptSession } from './apt.js';
import { downloadPinned, type Pins } from './download.js';
import { ProvisionError } from './failure.js';
import { readRecord, writeRecord, type LiburingInstall, type Verification } from './record.js';
import { DEBIAN_KEYRING, hasCommand, libraryVersion, MIN_VERSION } from './system.js';
import { versionAtLeast } from '../version.js';
import { HEADER_PACKAGES, LIBRARY_PACKAGES, libraryDir, prune, unpack } from './unpack.js';

export interface FetchOptions {
  suite: string;
  /** The Debian architecture (of this Node process). */
  arch: string;
  mirror: string;
  /** Debian's keyring, for apt's signature check; null to use the pinned sums. */
  keyring: string | null;
  pins: Pins;
  /** Also fetch the headers (liburing-dev, linux-libc-dev). */
  headers: boolean;
  /** A Date.now() deadline for the whole fetch. */
  deadline: number;
  log: (line: string) => void;
  /** The suite's provisioning folder, writable. */
  dir: string;
  /** An earlier provisioning in `dir` without headers, to add them to. */
  existing: LiburingInstall | null;
}

/** Downloaded .debs, in a temporary folder; and how they were verified. */
interface Fetched {
  debs: string[];
  packages: Record<string, string>;
  verified: Verification;
}

function fetchWithApt(o: FetchOptions, wanted: readonly string[], libraryVersionPinned: string | null, into: string): Fetched {
  const apt = new AptSession({ suite: o.suite, arch: o.arch, mirror: o.mirror, keyring: o.keyring!, deadline: o.deadline });
  try {
    apt.update();
    const packages: Record<string, string> = {};
    for (const p of wanted) packages[p] = p === 'liburing-dev' && libraryVersionPinned ? libraryVersionPinned : apt.version(p);
    const debs = apt.download(wanted.map((p) => `${p}=${packages[p]}`), into);
    return { debs, packages, verified: 'apt-signature' };
  } finally {
    apt.dispose();
  }
}

function fetchPinned(o: FetchOptions, wanted: readonly string[], into: string): Fetched {
  const pins = o.pins[o.suite]?.[o.arch];
  const missing = wanted.filter((p) => !pins?.[p]);
  if (!pins || missing.length) {
    throw new ProvisionError(
      'unsupported-system',
      `this machine has no Debian archive keyring (${DEBIAN_KEYRING}) for apt to verify Debian's packages with, and liburing-ts pins no sha256 sums for ` +
        `${missing.join(', ')} of Debian ${o.suite} on ${o.arch}. Install Debian's keyring (apt-get install debian-archive-keyring, also on Ubuntu), ` +
        'or install liburing 2.9+ and set LIBURING_FFI_PATH to its liburing-ffi.so.2',
    );
  }
  const debs = downloadPinned(wanted.map((p) => pins[p]!), o.mirror, into, o.deadline);
  return { debs, packages: Object.fromEntries(wanted.map((p) => [p, pins[p]!.version])), verified: 'pinned-sha256' };
}

function fetchDebs(o: FetchOptions, wanted: readonly string[], libraryVersionPinned: string | null, into: string): Fetched {
  const how = o.keyring ? `apt's signature check (${o.keyring})` : 'the sha256 sums pinned in liburing-ts';
  o.log(`liburing-ts: fetching ${wanted.join(', ')} of Debian ${o.suite} (${o.arch}) from ${o.mirror}, verified by ${how}`);
  if (!o.keyring) return fetchPinned(o, wanted, into);
  try {
    return fetchWithApt(o, wanted, libraryVersionPinned, into);
  } catch (e) {
    // A keyring without this suite's key (an old debian-archive-keyring on Ubuntu, say) cannot check
    // the signature at all; the pinned sums still verify the exact files. A bad signature or a
    // checksum mismatch is not retried: that download is not what Debian published.
    const pinned = o.pins[o.suite]?.[o.arch];
    if (!(e instanceof ProvisionError && /NO_PUBKEY/.test(e.message) && pinned && wanted.every((p) => pinned[p]))) throw e;
    o.log(`liburing-ts: ${o.keyring} lacks the key Debian ${o.suite} is signed with (NO_PUBKEY); verifying by the sha256 sums pinned in liburing-ts instead`);
    return fetchPinned(o, wanted, into);
  }
}

/** Fetch into `o.dir`: the libraries (and the headers when asked), or only the headers for an existing provisioning. */
export function fetchFromDebian(o: FetchOptions): LiburingInstall {
  for (const cmd of ['dpkg-deb', ...(o.keyring ? ['apt-get'] : [])]) {
    if (!hasCommand(cmd)) {
      throw new ProvisionError('unsupported-system', `${cmd} is missing, and it is needed to fetch Debian's liburing packages. Install it (apt-get install ${cmd === 'dpkg-deb' ? 'dpkg' : 'apt'}), or install liburing 2.9+ and set LIBURING_FFI_PATH to its liburing-ffi.so.2`);
    }
  }
  mkdirSync(o.dir, { recursive: true });
  const downloads = mkdtempSync(join(tmpdir(), 'liburing-ts-debs-'));
  try {
    if (o.existing && o.headers) return addHeaders(o, o.existing, downloads);
    const wanted = o.headers ? [...LIBRARY_PACKAGES, ...HEADER_PACKAGES] : [...LIBRARY_PACKAGES];
    const fetched = fetchDebs(o, wanted, null, downloads);
    return install(o, fetched);
  } finally {
    rmSync(downloads, { recursive: true, force: true });
  }
}

/** Unpack into a staging folder, then move it into place as root/ and record it. */
function install(o: FetchOptions, fetched: Fetched): LiburingInstall {
  const staging = mkdtempSync(join(o.dir, '.staging-'));
  try {
    const stagedRoot = join(staging, 'root');
    unpack(fetched.debs, stagedRoot);
    const stagedLib = libraryDir(stagedRoot);
    if (!stagedLib) throw new ProvisionError('failed', `the liburing2 package of Debian ${o.suite} holds no liburing-ffi.so.2 (${fetched.debs.map((d) => basename(d)).join(', ')})`);
    prune(stagedRoot, basename(stagedLib));
    const root = join(o.dir, 'root');
    rmSync(root, { recursive: true, force: true });
    try {
      renameSync(stagedRoot, root);
    } catch (e) {
      // Another process provisioned the same suite at the same moment: its root/ is the same packages.
      const theirs = readRecord(o.dir);
      if (theirs && (!o.headers || theirs.include)) return theirs;
      throw new ProvisionError('failed', `could not move the unpacked liburing into ${root}: ${(e as Error).message}`);
    }
    return record(o, root, fetched.packages, fetched.verified, o.headers);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function addHeaders(o: FetchOptions, existing: LiburingInstall, downloads: string): LiburingInstall {
  const root = join(o.dir, 'root');
  const version = existing.packages?.liburing2 ?? null;
  const fetched = fetchDebs(o, HEADER_PACKAGES, version, downloads);
  if (!o.keyring && version && fetched.packages['liburing-dev'] !== version) {
    throw new ProvisionError('failed', `the pinned liburing-dev (${fetched.packages['liburing-dev']}) does not match the provisioned liburing2 ${version}: run \`npx liburing-ts provision --headers\` after removing ${o.dir}`);
  }
  unpack(fetched.debs, root);
  prune(root, basename(libraryDir(root) ?? ''));
  return record(o, root, { ...existing.packages, ...fetched.packages }, existing.verified === fetched.verified ? fetched.verified : (existing.verified ?? fetched.verified), true);
}

function record(o: FetchOptions, root: string, packages: Record<string, string>, verified: Verification, headers: boolean): LiburingInstall {
  const lib = libraryDir(root)!;
  const ffi = join(lib, 'liburing-ffi.so.2');
  const version = libraryVersion(ffi);
  if (!version) throw new ProvisionError('failed', `the liburing unpacked from Debian ${o.suite} (${ffi}) does not load into this process (${process.arch})`);
  if (!versionAtLeast(version, MIN_VERSION)) {
    throw new ProvisionError('not-found', `Debian ${o.suite} has liburing ${version}, older than ${MIN_VERSION}: set LIBURING_SUITE to trixie or sid`);
  }
  const installed: LiburingInstall = {
    origin: `debian:${o.suite}`,
    ffi,
    liburing: join(lib, 'liburing.so.2'),
    version,
    include: headers ? join(root, 'usr', 'include') : null,
    verified,
    dir: o.dir,
    packages,
    arch: o.arch,
  };
  writeRecord(o.dir, installed, o.mirror);
  return installed;
}
