/**
 * `liburing-ts provision` and the package's postinstall: make sure a usable
 * liburing is there, fetching it if needed, and say what was found.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { provision } from './provision.js';
import { describeVerification } from './report.js';

export const provisionUsage = `usage: liburing-ts provision [--headers] [--quiet]

Finds liburing 2.9 or newer (LIBURING_FFI_PATH, an earlier provisioning, the
system's liburing-ffi.so.2), or fetches Debian's liburing2 (suite
LIBURING_SUITE, default trixie) into the package's .liburing/ folder, or the
per-user cache ($XDG_CACHE_HOME/liburing-ts) when that is read-only, or
LIBURING_TS_HOME. Downloads are verified by apt's signature check where
Debian's keyring is installed, otherwise by sha256 sums pinned in liburing-ts.
Idempotent.

  --headers  also liburing-dev and linux-libc-dev's headers (and liburing's man
             pages), for compiling against liburing: the ABI test,
             check-header, the bench
  --quiet    print nothing when liburing is already there

Environment: LIBURING_TS_MIRROR (a Debian mirror), LIBURING_TS_KEYRING (the
keyring apt checks with; 'none' for the pinned sums), LIBURING_TS_PROVISION_TIMEOUT
(seconds, default 300).`;

export function provisionCommand(argv: string[]): number {
  let values: { headers?: boolean; quiet?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { headers: { type: 'boolean' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (e) {
    console.error(`liburing-ts provision: ${(e as Error).message}\n\n${provisionUsage}`);
    return 2;
  }
  if (values.help) {
    console.log(provisionUsage);
    return 0;
  }
  const lines: string[] = [];
  try {
    const install = provision({ log: (l) => (console.error(l), lines.push(l)), headers: values.headers ?? false, fetch: true });
    if (!values.quiet || lines.length) {
      console.error(`liburing-ts: liburing ${install.version} (${install.origin}${describeVerification(install)}) at ${install.ffi}` + (install.include ? `; headers in ${install.include}` : ''));
    }
    return 0;
  } catch (e) {
    console.error(`liburing-ts: could not provision liburing: ${(e as Error).message}`);
    return 1;
  }
}

// Run as a script (pretest), not when imported (postinstall, the CLI).
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  process.exitCode = provisionCommand(process.argv.slice(2));
}
