/**
 * `liburing-ts provision` and the package's postinstall: make sure a usable
 * liburing is there, fetching it if needed, and say what was found.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { provision } from './provision.js';

export function provisionCommand(argv: string[]): number {
  if (argv.includes('--help')) {
    console.log(`usage: liburing-ts provision [--quiet]

Finds liburing 2.9 or newer (LIBURING_FFI_PATH, an earlier provisioning, the
system's liburing-ffi.so.2), or fetches Debian's liburing2 and liburing-dev
(suite LIBURING_SUITE, default trixie) into the package's .liburing/ folder
with apt-get download and private apt state. Idempotent.`);
    return 0;
  }
  const quiet = argv.includes('--quiet');
  try {
    const started = Date.now();
    const install = provision({ log: (l) => console.error(l) });
    if (!quiet || Date.now() - started > 1000) {
      console.error(`liburing-ts: liburing ${install.version} (${install.origin}) at ${install.ffi}`);
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
