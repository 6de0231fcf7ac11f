/** Where the package lives and where it keeps the liburing it provisions. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

/** The git-ignored folder that holds provisioned liburing builds, one subfolder per Debian suite. */
export function provisionDir(suite: string): string {
  return join(process.env.LIBURING_TS_HOME ?? join(packageRoot(), '.liburing'), suite);
}

/** The Debian suite to fetch liburing from: trixie (2.9) unless LIBURING_SUITE says otherwise. */
export function wantedSuite(): string {
  return process.env.LIBURING_SUITE || 'trixie';
}
