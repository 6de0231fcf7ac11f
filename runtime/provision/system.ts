/**
 * What this machine offers: a liburing named by the environment or installed
 * system-wide, the Debian architecture of this Node process, and whether apt
 * and dpkg-deb are there to fetch Debian's packages.
 */
import { childProcess } from './builtins.js';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import koffi from 'koffi';

export const MIN_VERSION = '2.9';

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


/**
 * The Debian architecture of this Node process (not of dpkg: the library must
 * load into this process). Null for an architecture Debian has no name for.
 */
export function debianArch(arch: string = process.arch): string | null {
  const names: Record<string, string> = {
    x64: 'amd64',
    arm64: 'arm64',
    arm: 'armhf',
    ia32: 'i386',
    ppc64: 'ppc64el',
    s390x: 's390x',
    riscv64: 'riscv64',
    loong64: 'loong64',
    mips64el: 'mips64el',
  };
  return names[arch] ?? null;
}

/** The distribution, from /etc/os-release: its ID and whether it is Debian or a derivative (Ubuntu). */
export function distribution(): { id: string; debianLike: boolean } {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    const id = /^ID="?([^"\n]*)"?$/m.exec(text)?.[1] ?? 'unknown';
    return { id, debianLike: /^(ID|ID_LIKE)="?[^\n]*\b(debian|ubuntu)\b/m.test(text) };
  } catch {
    return { id: 'unknown', debianLike: false };
  }
}

export function hasCommand(cmd: string): boolean {
  try {
    childProcess().execFileSync('sh', ['-c', 'command -v "$0"', cmd], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The command that installs liburing 2.9+ on this distribution, for messages. */
export function installHint(): string {
  const { id } = distribution();
  const by: Record<string, string> = {
    fedora: 'dnf install liburing',
    arch: 'pacman -S liburing',
    opensuse: 'zypper install liburing2',
    'opensuse-tumbleweed': 'zypper install liburing2',
    alpine: 'apk add liburing (musl: build liburing-ffi yourself if the package lacks it)',
    gentoo: 'emerge sys-libs/liburing',
  };
  return by[id] ? `install liburing 2.9 or newer (${by[id]})` : 'install liburing 2.9 or newer from your distribution or from source (https://github.com/axboe/liburing)';
}

/** The Debian mirror: LIBURING_TS_MIRROR, or the one the machine's apt already uses, or deb.debian.org. */
export function debianMirror(): string {
  const chosen = process.env.LIBURING_TS_MIRROR;
  if (chosen) return chosen.replace(/\/+$/, '');
  const texts: string[] = [];
  const read = (f: string) => {
    try {
      texts.push(readFileSync(f, 'utf8'));
    } catch {
      // unreadable file: skip
    }
  };
  read('/etc/apt/sources.list');
  if (existsSync('/etc/apt/sources.list.d')) {
    for (const f of readdirSync('/etc/apt/sources.list.d').sort()) read(join('/etc/apt/sources.list.d', f));
  }
  for (const text of texts) {
    // deb822 ("URIs: http://deb.debian.org/debian") or one-line ("deb http://... bookworm main")
    for (const m of text.matchAll(/(?:^URIs:\s*|^deb\s+(?:\[[^\]]*\]\s+)?)(\S+\/debian)\/?\s/gm)) {
      if (!m[1]!.includes('security')) return m[1]!;
    }
  }
  return 'http://deb.debian.org/debian';
}

/** Debian's archive keyring, when this machine has it (Debian does; Ubuntu only with debian-archive-keyring installed). */
export const DEBIAN_KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';

/**
 * The keyring apt checks Debian's signatures with: LIBURING_TS_KEYRING (a path,
 * or 'none' to use the pinned sums instead), else Debian's when present.
 */
export function debianKeyring(): string | null {
  const chosen = process.env.LIBURING_TS_KEYRING;
  if (chosen) return chosen === 'none' ? null : chosen;
  return existsSync(DEBIAN_KEYRING) ? DEBIAN_KEYRING : null;
}
