/**
 * The record of a provisioning (manifest.json in its suite folder). Paths in
 * it are relative to that folder, so a moved or copied project (or cache)
 * keeps working; records written by earlier versions, with absolute paths,
 * are still read, and rewritten relative when the folder is writable.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { prune } from './unpack.js';

/** How the downloaded packages were checked before use. */
export type Verification = 'apt-signature' | 'pinned-sha256';

/** What was found or provisioned: the two shared objects, and the headers when present. */
export interface LiburingInstall {
  /** Where it came from: the environment, the system, or a Debian suite's packages. */
  origin: 'env' | 'system' | `debian:${string}`;
  /** liburing-ffi.so.2: every function, inline helpers included. */
  ffi: string;
  /** liburing.so.2: exports io_uring_buf_ring_head, which the FFI library lacks. */
  liburing: string | null;
  version: string;
  /** Folder with liburing.h (and the Debian suite's kernel headers) for C compiles, when known. */
  include: string | null;
  /** How the downloads were verified; null when nothing was downloaded (env, system) or the record predates it. */
  verified: Verification | null;
  /** The folder of a Debian provisioning (its record and files); null otherwise. */
  dir: string | null;
  /** The Debian packages it was made from, name to version. */
  packages: Record<string, string> | null;
  /** The Debian architecture of the packages. */
  arch: string | null;
}

const RECORD = 'manifest.json';
const FORMAT = 2;

interface StoredRecord {
  format?: number;
  origin: `debian:${string}`;
  ffi: string;
  liburing: string | null;
  version: string;
  include: string | null;
  verified?: Verification | null;
  packages?: Record<string, string>;
  arch?: string;
  mirror?: string;
}

export function recordPath(dir: string): string {
  return join(dir, RECORD);
}

/**
 * A path from a record: relative to the folder; or absolute, from an earlier
 * version, and when that is gone (the project moved) the same file under
 * this folder's root/.
 */
function locate(dir: string, p: string | null): string | null {
  if (p === null) return null;
  if (!isAbsolute(p)) return join(dir, p);
  if (existsSync(p)) return p;
  const at = p.lastIndexOf(`${sep}root${sep}`);
  return at >= 0 ? join(dir, p.slice(at + 1)) : p;
}

/** The install recorded in `dir`, if its libraries are still there. */
export function readRecord(dir: string): LiburingInstall | null {
  let stored: StoredRecord;
  try {
    stored = JSON.parse(readFileSync(recordPath(dir), 'utf8')) as StoredRecord;
  } catch {
    return null;
  }
  const ffi = locate(dir, stored.ffi);
  if (!ffi || !existsSync(ffi)) return null;
  const include = locate(dir, stored.include);
  const install: LiburingInstall = {
    origin: stored.origin,
    ffi,
    liburing: locate(dir, stored.liburing),
    version: stored.version,
    include: include && existsSync(include) ? include : null,
    verified: stored.verified ?? null,
    dir,
    packages: stored.packages ?? null,
    arch: stored.arch ?? null,
  };
  if ((stored.format ?? 1) < FORMAT) upgrade(dir, install);
  return install;
}

/** Write the record, atomically (a reader never sees half of it). Paths are stored relative to `dir`. */
export function writeRecord(dir: string, install: LiburingInstall, mirror?: string): void {
  const rel = (p: string | null) => (p === null ? null : relative(dir, p));
  const stored: StoredRecord = {
    format: FORMAT,
    origin: install.origin as `debian:${string}`,
    version: install.version,
    arch: install.arch ?? undefined,
    verified: install.verified,
    packages: install.packages ?? undefined,
    mirror,
    ffi: rel(install.ffi)!,
    liburing: rel(install.liburing),
    include: rel(install.include),
  };
  const tmp = `${recordPath(dir)}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(stored, null, 2) + '\n');
  renameSync(tmp, recordPath(dir));
}

/**
 * A record from an earlier version: rewrite it relative, and remove what that
 * version left behind (apt's lists and cache, the downloaded .debs, files
 * nothing uses). That version always fetched with apt, which checked the
 * signatures with the machine's trusted keys. Best effort: a read-only folder
 * keeps working as it is.
 */
function upgrade(dir: string, install: LiburingInstall): void {
  const inside = (p: string | null) => p === null || p.startsWith(dir + sep);
  if (!inside(install.ffi) || !inside(install.liburing) || !inside(install.include)) return;
  try {
    install.verified ??= 'apt-signature';
    writeRecord(dir, install);
    for (const leftover of ['apt', 'debs', 'root.partial']) rmSync(join(dir, leftover), { recursive: true, force: true });
    prune(join(dir, 'root'), basename(dirname(install.ffi)));
  } catch {
    // read-only: the absolute record still works here
  }
}
