/** Where the package lives and where it keeps the liburing it provisions. */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The liburing-ts package root: the nearest folder above this module whose package.json names liburing-ts. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        if (JSON.parse(readFileSync(pj, 'utf8')).name === 'liburing-ts') return (root = dir);
      } catch {
        // not ours; keep looking
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('liburing-ts: cannot find the package root above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/** The per-user cache folder: $XDG_CACHE_HOME/liburing-ts, or ~/.cache/liburing-ts. */
export function userCacheHome(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.cache'), 'liburing-ts');
}

/**
 * The folders that may hold provisioned liburing builds (one subfolder per
 * Debian suite), in the order they are searched and tried for writing:
 * LIBURING_TS_HOME alone when set; otherwise the package's own git-ignored
 * .liburing/ folder, then the per-user cache (for a read-only node_modules).
 */
export function provisionHomes(): string[] {
  const chosen = process.env.LIBURING_TS_HOME;
  if (chosen) return [resolve(chosen)];
  return [join(packageRoot(), '.liburing'), userCacheHome()];
}

/** The folder of one suite's provisioning inside a home. */
export function suiteDir(home: string, suite: string): string {
  return join(home, suite);
}

/** The first home's folder for a suite: where an earlier version of liburing-ts kept it too. */
export function provisionDir(suite: string): string {
  return suiteDir(provisionHomes()[0]!, suite);
}

/** The Debian suite to fetch liburing from: trixie (2.9) unless LIBURING_SUITE says otherwise. */
export function wantedSuite(): string {
  return process.env.LIBURING_SUITE || 'trixie';
}
