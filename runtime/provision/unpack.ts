/**
 * Unpacking Debian's packages into a provisioning folder, keeping only what
 * is used: the shared libraries (liburing2), and for the commands that compile
 * against liburing (the ABI test, check-header, the bench) the headers of
 * liburing-dev and linux-libc-dev, with liburing's man pages that the schema's
 * sources cite. Documentation, static libraries and other headers go.
 */
import { childProcess } from './builtins.js';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ProvisionError } from './failure.js';

/** The packages with the libraries, and with the headers. */
export const LIBRARY_PACKAGES = ['liburing2'] as const;
export const HEADER_PACKAGES = ['liburing-dev', 'linux-libc-dev'] as const;

/** Include folders worth keeping: liburing's, and the kernel's uapi (linux/, asm-generic/, the arch's asm/). */
const KEPT_INCLUDES = /^(liburing\.h|liburing|linux|asm-generic|asm|[a-z0-9_]+-linux-gnu[a-z0-9_]*)$/;

export function unpack(debs: string[], root: string): void {
  for (const deb of debs) {
    try {
      childProcess().execFileSync('dpkg-deb', ['-x', deb, root], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      throw new ProvisionError('failed', `dpkg-deb could not unpack ${deb}: ${String((e as { stderr?: string }).stderr ?? (e as Error).message).trim()}`);
    }
  }
}

/** The folder of the architecture's libraries (usr/lib/<triplet>) holding liburing-ffi.so.2, found rather than assumed. */
export function libraryDir(root: string): string | null {
  const lib = join(root, 'usr', 'lib');
  if (!existsSync(lib)) return null;
  for (const d of readdirSync(lib)) {
    if (existsSync(join(lib, d, 'liburing-ffi.so.2'))) return join(lib, d);
  }
  return null;
}

/** Remove what nothing uses from an unpacked tree. */
export function prune(root: string, archTriplet: string | null): void {
  const rm = (p: string) => rmSync(p, { recursive: true, force: true });
  const usr = join(root, 'usr');
  // usr/share: documentation and lintian overrides; liburing's man pages stay (man2, man3, man7).
  const share = join(usr, 'share');
  if (existsSync(share)) for (const d of readdirSync(share)) if (d !== 'man') rm(join(share, d));
  if (existsSync(share) && !readdirSync(share).length) rm(share);
  // usr/lib: the shared libraries only (no static archives, no pkg-config, no linux-libc-dev's usr/lib/linux).
  const lib = join(usr, 'lib');
  if (existsSync(lib)) {
    for (const d of readdirSync(lib)) {
      const dir = join(lib, d);
      if (!existsSync(join(dir, 'liburing-ffi.so.2'))) {
        rm(dir);
        continue;
      }
      for (const f of readdirSync(dir)) if (!/\.so\.\d/.test(f)) rm(join(dir, f));
    }
  }
  // usr/include: liburing's headers and the kernel's uapi, not drm/, rdma/, sound/, ... nor other architectures' asm.
  const include = join(usr, 'include');
  if (existsSync(include)) {
    for (const d of readdirSync(include)) {
      const other = /-linux-gnu/.test(d) && archTriplet !== null && d !== archTriplet;
      if (!KEPT_INCLUDES.test(d) || other) rm(join(include, d));
    }
  }
}
