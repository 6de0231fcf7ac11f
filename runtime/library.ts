/**
 * Loading liburing, once, at first use: never at import, so importing the
 * package works on any machine and a missing liburing is reported when a
 * function is first called, with the one command that fixes it.
 */
import koffi, { type LibraryHandle } from 'koffi';

type KoffiFunction = ReturnType<LibraryHandle['func']>;
import { LiburingNotFoundError, UnsupportedError } from './errors.js';
import { provision, ProvisionError, type LiburingInstall } from './provision/provision.js';
import { versionAtLeast } from './version.js';

export interface LoadedLiburing {
  install: LiburingInstall;
  /** liburing-ffi.so.2 */
  ffi: LibraryHandle;
  /** liburing.so.2, for the few symbols only it exports. */
  liburing: LibraryHandle | null;
  version: string;
}

let loaded: LoadedLiburing | null = null;

/**
 * The loaded liburing. When none is provisioned or installed (npm install ran
 * without its install scripts), it is fetched here, as a fallback that says so
 * on stderr, is bounded by a timeout, and is turned off by
 * LIBURING_TS_AUTO_PROVISION=0.
 */
export function liburing(): LoadedLiburing {
  if (loaded) return loaded;
  let install: LiburingInstall;
  try {
    install = provision({ log: (l) => process.stderr.write(l + '\n'), fetch: 'first-use' });
  } catch (e) {
    const reason = e instanceof ProvisionError ? e.reason : ('failed' as const);
    const fix = reason === 'failed' ? ' Run `npx liburing-ts provision` to fetch it, or set LIBURING_FFI_PATH to a liburing-ffi.so.2.' : '';
    throw new LiburingNotFoundError(`liburing-ts: no usable liburing (2.9 or newer): ${(e as Error).message.replace(/\.$/, '')}.${fix}`, reason);
  }
  const ffi = koffi.load(install.ffi);
  const lib = install.liburing ? koffi.load(install.liburing) : null;
  loaded = { install, ffi, liburing: lib, version: install.version };
  return loaded;
}

/** The loaded liburing's version, e.g. "2.9". */
export function liburingVersion(): string {
  return liburing().version;
}

/**
 * Declare one C function with koffi. A symbol the loaded library lacks is an
 * UnsupportedError naming the version that introduced it.
 */
export function bind(name: string, since: string, where: 'ffi' | 'liburing', result: string | ReturnType<typeof koffi.struct>, params: string[]): KoffiFunction {
  const lib = liburing();
  const handle = where === 'liburing' ? lib.liburing : lib.ffi;
  if (!versionAtLeast(lib.version, since) || !handle) {
    throw new UnsupportedError(name, since, lib.version);
  }
  try {
    return handle.func(name, result, params);
  } catch (e) {
    if (/find|symbol/i.test((e as Error).message)) throw new UnsupportedError(name, since, lib.version);
    throw e;
  }
}

/**
 * For a function run in JavaScript rather than called in C: true when the
 * loaded liburing has it (version `since` or newer), else the UnsupportedError
 * calling C would give.
 */
export function requireLiburing(name: string, since: string): true {
  const lib = liburing();
  if (!versionAtLeast(lib.version, since)) throw new UnsupportedError(name, since, lib.version);
  return true;
}
