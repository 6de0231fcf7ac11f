/**
 * `liburing-ts doctor`: can io_uring be used here, and if not, why and what
 * to do. One line per check, each 'ok' or 'problem: ... fix: ...'.
 */
import { readFileSync } from 'node:fs';
import { release } from 'node:os';
import koffi from 'koffi';
import { MIN_VERSION, provision, type LiburingInstall } from '../runtime/provision/provision.js';
import { describeVerification } from '../runtime/provision/report.js';
import { parseVersion, versionAtLeast } from '../runtime/version.js';
import { pageSize } from '../runtime/memory.js';
import { errnoName } from '../runtime/errno.js';
import { runCommand } from './errors.js';
import { parseCommandArgs } from './args.js';

export const doctorUsage = `usage: liburing-ts doctor

Checks what io_uring needs and prints one line per check, 'ok' or
'problem: ... fix: ...':
  liburing           found or provisioned (version, origin, how the download
                     was verified, path); doctor never fetches it
  kernel             the kernel release (io_uring needs Linux 5.1 or newer)
  io_uring_disabled  /proc/sys/kernel/io_uring_disabled (0 enabled,
                     1 only for group kernel.io_uring_group, 2 disabled)
  io_uring_setup     whether a ring can really be created (via liburing's
                     io_uring_queue_init and io_uring_queue_exit)
  memlock            RLIMIT_MEMLOCK ('Max locked memory' in /proc/self/limits)
  page size          the page size rings and io_uring_queue_init_mem buffers use
Exits 1 when a check finds a problem, 0 otherwise.`;

export interface Check {
  name: string;
  /** True when the check found a problem. */
  problem: boolean;
  /** What was found; for a problem, what is wrong and the fix. */
  detail: string;
}

const ok = (name: string, detail: string): Check => ({ name, problem: false, detail });
const problem = (name: string, what: string, fix: string): Check => ({ name, problem: true, detail: `${what} fix: ${fix}` });

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Whether the kernel release ("6.8.0-45-generic") is at least `min`; an unreadable release is given the benefit of the doubt. */
function kernelAtLeast(rel: string, min: string): boolean {
  return !parseVersion(rel) || versionAtLeast(rel, min);
}

function checkLiburing(): { check: Check; install: LiburingInstall | null } {
  try {
    // Diagnosis only: no network. `liburing-ts provision` fetches.
    const install = provision({ log: (l) => console.error(l), fetch: false });
    const found = `liburing ${install.version} (origin: ${install.origin}${describeVerification(install)}) at ${install.ffi}`;
    const min = MIN_VERSION;
    if (!versionAtLeast(install.version, min)) {
      return {
        check: problem('liburing', `${found} is older than ${min}: functions newer than it throw UnsupportedError.`, `point LIBURING_FFI_PATH at a liburing ${min}+ liburing-ffi.so.2, or unset it and run \`npx liburing-ts provision\`.`),
        install,
      };
    }
    return { check: ok('liburing', found), install };
  } catch (e) {
    return {
      check: problem(
        'liburing',
        `no usable liburing 2.9 or newer: ${(e as Error).message}`,
        'run `npx liburing-ts provision` (Debian or Ubuntu with apt-get), or install liburing 2.9+ and set LIBURING_FFI_PATH to its liburing-ffi.so.2.',
      ),
      install: null,
    };
  }
}

function checkKernel(rel: string): Check {
  if (!kernelAtLeast(rel, '5.1')) {
    return problem('kernel', `Linux ${rel} has no io_uring (it came in 5.1).`, 'run on Linux 5.1 or newer (6.1 or newer for most of what liburing 2.9 offers).');
  }
  const note = kernelAtLeast(rel, '6.1') ? '' : ' (older than 6.1: many newer opcodes and setup flags are missing; UnsupportedError or -EINVAL tells which)';
  return ok('kernel', `Linux ${rel}${note}`);
}

/** Whether this process may use io_uring when io_uring_disabled is 1. */
function inIoUringGroup(): { allowed: boolean; gid: string | null } {
  const gid = readText('/proc/sys/kernel/io_uring_group')?.trim() ?? null;
  if (process.getuid?.() === 0) return { allowed: true, gid };
  const groups = [...(process.getgroups?.() ?? []), process.getegid?.()].map(String);
  return { allowed: gid !== null && gid !== '-1' && groups.includes(gid), gid };
}

function checkDisabled(): Check {
  const raw = readText('/proc/sys/kernel/io_uring_disabled');
  if (raw === null) return ok('io_uring_disabled', 'no /proc/sys/kernel/io_uring_disabled (kernel older than 6.6, or /proc/sys hidden): io_uring is not switched off by sysctl');
  const v = raw.trim();
  if (v === '0') return ok('io_uring_disabled', '0: io_uring is enabled for all processes');
  if (v === '1') {
    const { allowed, gid } = inIoUringGroup();
    const what = `1: io_uring is only for members of group kernel.io_uring_group (gid ${gid ?? '?'}) and processes with CAP_SYS_ADMIN`;
    return allowed
      ? ok('io_uring_disabled', `${what}; this process qualifies`)
      : problem('io_uring_disabled', `${what}; this process is not in that group.`, `add the user to gid ${gid ?? 'kernel.io_uring_group'}, or as root: sysctl -w kernel.io_uring_disabled=0`);
  }
  if (v === '2') return problem('io_uring_disabled', '2: io_uring is disabled for every process.', 'as root: sysctl -w kernel.io_uring_disabled=0 (or 1 with kernel.io_uring_group set to a group the user is in)');
  return ok('io_uring_disabled', `${v} (unknown value)`);
}

function seccompMode(): string | null {
  const m = /^Seccomp:\s*(\d)/m.exec(readText('/proc/self/status') ?? '');
  if (!m) return null;
  return ({ '0': 'none', '1': 'strict', '2': 'filter' } as Record<string, string>)[m[1]!] ?? m[1]!;
}

/** Create a ring of 8 entries with liburing and exit it at once: the real test. */
function checkSetup(install: LiburingInstall | null): Check {
  if (!install) return problem('io_uring_setup', 'not tried: no liburing to call.', 'fix the liburing problem above first.');
  let ret: number;
  try {
    const lib = koffi.load(install.ffi);
    const init = lib.func('int io_uring_queue_init(unsigned int entries, void *ring, unsigned int flags)');
    const exit = lib.func('void io_uring_queue_exit(void *ring)');
    // struct io_uring is 216 bytes in liburing 2.9; zeroed, as a new IoUring is.
    const ring = new Uint8Array(216);
    ret = init(8, ring, 0) as number;
    if (ret === 0) {
      exit(ring);
      return ok('io_uring_setup', 'a ring of 8 entries was created and exited');
    }
  } catch (e) {
    return problem('io_uring_setup', `could not call liburing: ${(e as Error).message}.`, `check that ${install.ffi} is a working liburing-ffi.so.2, or set LIBURING_FFI_PATH to one.`);
  }
  const name = errnoName(-ret);
  if (name === 'EPERM' || name === 'ENOSYS') {
    const seccomp = seccompMode();
    return problem(
      'io_uring_setup',
      `refused (-${name}): disabled by sysctl or a seccomp filter` + (seccomp ? ` (this process's seccomp mode: ${seccomp})` : '') + '.',
      "containers: docker's default profile blocks io_uring; run with a profile that allows io_uring_setup/io_uring_enter/io_uring_register " +
        '(e.g. docker run --security-opt seccomp=<profile.json>); elsewhere check kernel.io_uring_disabled.',
    );
  }
  if (name === 'ENOMEM') {
    return problem('io_uring_setup', '-ENOMEM: not enough locked memory for the rings.', 'raise the memlock limit (ulimit -l, or docker run --ulimit memlock=-1).');
  }
  return problem('io_uring_setup', `io_uring_queue_init(8, ring, 0) failed with -${name} (${-ret}).`, 'see io_uring_setup(2) ERRORS for this errno.');
}

/** The soft limit in bytes (null when unlimited), or undefined when it cannot be read. */
export function memlockLimit(limits: string): number | null | undefined {
  const m = /^Max locked memory\s+(\S+)\s+(\S+)/m.exec(limits);
  if (!m) return undefined;
  return m[1] === 'unlimited' ? null : Number(m[1]);
}

function formatBytes(n: number): string {
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n / (1 << 20)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

function checkMemlock(rel: string): Check {
  const limits = readText('/proc/self/limits');
  const limit = limits === null ? undefined : memlockLimit(limits);
  if (limit === undefined) return ok('memlock', 'could not read Max locked memory from /proc/self/limits');
  if (limit === null) return ok('memlock', 'unlimited');
  const shown = formatBytes(limit);
  if (!kernelAtLeast(rel, '5.12')) {
    // Before 5.12 the rings themselves are charged to RLIMIT_MEMLOCK.
    if (limit < 1 << 20) {
      return problem('memlock', `${shown}: before Linux 5.12 the rings count against this limit, so rings of more than a few entries fail with -ENOMEM.`, 'raise it (ulimit -l unlimited, /etc/security/limits.conf, or docker run --ulimit memlock=-1).');
    }
    return ok('memlock', `${shown} (before Linux 5.12 the rings count against it)`);
  }
  return ok('memlock', `${shown} (since Linux 5.12 rings are charged to the cgroup; registered buffers still count against this limit)`);
}

function checkPageSize(): Check {
  try {
    return ok('page size', `${pageSize()} bytes (io_uring_queue_init_mem needs a buffer aligned to it: allocAligned)`);
  } catch (e) {
    return problem('page size', `sysconf(_SC_PAGESIZE) could not be read: ${(e as Error).message}.`, 'check that koffi can load libc.so.6.');
  }
}

/** Run every check. */
export function diagnose(): Check[] {
  const rel = release();
  const { check, install } = checkLiburing();
  return [check, checkKernel(rel), checkDisabled(), checkSetup(install), checkMemlock(rel), checkPageSize()];
}

export function doctorCommand(argv: string[]): Promise<number> {
  return runCommand(() => {
    if (parseCommandArgs('doctor', argv, {}).values.help) {
      console.log(doctorUsage);
      return 0;
    }
    return report();
  });
}

function report(): number {
  const checks = diagnose();
  const width = Math.max(...checks.map((c) => c.name.length));
  for (const c of checks) {
    console.log(`${c.name.padEnd(width)}  ${c.problem ? 'problem' : 'ok'}: ${c.detail}`);
  }
  const problems = checks.filter((c) => c.problem).length;
  console.log(problems ? `\n${problems} problem(s) found.` : '\nio_uring is usable here.');
  return problems ? 1 : 0;
}
