// Hostile environments: io_uring refused by a seccomp filter (as in containers),
// RLIMIT_MEMLOCK lowered, no usable liburing. Each runs in a child process the
// test makes hostile with test/support/seccomp-helper.c (compiled here with cc);
// nothing system-wide (sysctls, limits of other processes) is changed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { root, resultOf, runNode, type ChildOptions } from './support/child.js';

interface Outcome {
  ok: boolean;
  value?: unknown;
  name?: string;
  code?: string;
  errno?: number;
  syscall?: string;
  message?: string;
  classes?: string[];
}
interface Facts {
  seccomp: string | null;
  capIpcLock: boolean;
  memlock: string | null;
  ioUringDisabled: string | null;
}
interface HostileResult {
  scenario: string;
  facts: Facts;
  steps: Record<string, Outcome>;
}

const INSTALL_CC =
  'the hostile-environment tests build a small seccomp launcher with cc, which was not found on PATH. ' +
  'Install gcc (on Debian/Ubuntu: `sudo apt-get install build-essential`) and run the tests again.';

let dir: string;
let helper: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'liburing-ts-hostile-'));
  helper = join(dir, 'seccomp-helper');
  const cc = spawnSync('cc', ['-O2', '-Wall', '-o', helper, join(root, 'test/support/seccomp-helper.c')], { encoding: 'utf8' });
  // Not a skip: without the launcher these environments are untested, and that must show.
  if (cc.error) throw new Error(INSTALL_CC);
  if (cc.status !== 0) throw new Error(`cc could not build test/support/seccomp-helper.c:\n${cc.stderr}`);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function hostile(scenario: string, launcherArgs: string[] | null, options: { env?: ChildOptions['env']; childArgs?: string[] } = {}): Promise<HostileResult> {
  return runNode('test/support/hostile-child.ts', [scenario, ...(options.childArgs ?? [])], {
    launcher: launcherArgs ? { path: helper, args: launcherArgs } : undefined,
    env: { LIBURING_FFI_PATH: undefined, ...options.env },
    timeoutMs: 30_000,
  }).then((r) => resultOf<HostileResult>(r));
}

function doctor(launcherArgs: string[]): Promise<{ code: number | null; out: string }> {
  return runNode('cli/main.ts', ['doctor'], { launcher: { path: helper, args: launcherArgs }, timeoutMs: 30_000 }).then((r) => ({ code: r.code, out: r.stdout + r.stderr }));
}

/** This process's hard RLIMIT_MEMLOCK in bytes (Infinity when unlimited). */
function hardMemlock(): number {
  const m = /^Max locked memory\s+\S+\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
  return !m || m[1] === 'unlimited' ? Infinity : Number(m[1]);
}

function kernelAtLeast(major: number, minor: number): boolean {
  const [a, b] = release().split(/[.-]/).map(Number) as [number, number];
  return a > major || (a === major && b >= minor);
}

/** The refused-setup functions and the Ring, whose first call creates a ring. */
const SETUP_STEPS = ['queue_init', 'queue_init_params', 'queue_init_mem', 'setup', 'ringCreate', 'ringCreateClassic'] as const;

describe('io_uring refused by a seccomp filter, as containers refuse it', () => {
  for (const errno of ['EPERM', 'ENOSYS'] as const) {
    test(`-${errno} from io_uring_setup gives IoUringUnavailableError naming seccomp and the fix`, async () => {
      const r = await hostile('refused', ['--seccomp', errno]);
      // The filter is in place, and only io_uring is refused: node itself started and imported the package.
      expect(r.facts.seccomp).toBe('2');
      expect(r.steps.import).toEqual({ ok: true });
      for (const step of SETUP_STEPS) {
        const o = r.steps[step]!;
        expect(o, step).toMatchObject({ ok: false, name: 'IoUringUnavailableError', code: errno, errno: errno === 'EPERM' ? -1 : -38, syscall: expect.stringMatching(/^(io_uring_|Ring)/) });
        // A UringError too, so code that catches UringError keeps working.
        expect(o.classes, step).toEqual(expect.arrayContaining(['UringError', 'IoUringUnavailableError']));
        const sysctl = r.facts.ioUringDisabled;
        if (sysctl === '0' || (sysctl === null && errno === 'EPERM')) {
          // One message with the cause and the fix.
          expect(o.message, step).toContain(`refused io_uring_setup with ${errno} although the sysctl allows it: a seccomp filter blocks it`);
          expect(o.message, step).toContain('Fix: run with a seccomp profile that allows io_uring_setup, io_uring_enter and io_uring_register');
        } else if (sysctl === null) {
          // Before Linux 6.6 (no kernel.io_uring_disabled), ENOSYS is taken for a kernel without io_uring
          // (reported: runtime/diagnose.ts could tell by /proc/self/status's Seccomp field). Still a fix:
          expect(o.message, step).toContain('Fix:');
        } else {
          // On a machine where the sysctl restricts io_uring, that is named instead.
          expect(o.message, step).toMatch(/kernel\.io_uring_disabled|io_uring_group/);
        }
      }
    });
  }

  test('doctor reports the refused setup, the seccomp mode and the fix, and exits 1', async () => {
    const d = await doctor(['--seccomp', 'EPERM']);
    expect(d.code).toBe(1);
    expect(d.out).toMatch(/io_uring_setup\s+problem: refused \(-EPERM\): disabled by sysctl or a seccomp filter \(this process's seccomp mode: filter\)/);
    expect(d.out).toContain('run with a profile that allows io_uring_setup/io_uring_enter/io_uring_register');
  });
});

describe('RLIMIT_MEMLOCK lowered', () => {
  // Finding (Linux 6.18): without CAP_IPC_LOCK the rings themselves are charged to RLIMIT_MEMLOCK
  // again (io_uring/memmap.c io_create_region charges ctx->user's locked_vm), although since 5.12
  // they had been charged to the memory cgroup only. A ring of 8 entries takes 2 pages; at
  // RLIMIT_MEMLOCK=0 every setup fails with -ENOMEM. liburing 2.9's io_uring_mlock_size still
  // answers 0 (it assumes IORING_FEAT_NATIVE_WORKERS means no memlock charge).
  const charged = kernelAtLeast(6, 18);

  test('at RLIMIT_MEMLOCK=0 without CAP_IPC_LOCK, setup fails with -ENOMEM and a message naming ulimit -l (where the kernel charges rings)', async () => {
    const r = await hostile('memlock', ['--memlock', '0', '--drop-ipc-lock']);
    expect(r.facts).toMatchObject({ memlock: '0', capIpcLock: false, seccomp: '0' });
    for (const step of SETUP_STEPS) {
      const o = r.steps[step]!;
      if (!charged && o.ok) continue; // a kernel that charges rings to the memory cgroup only
      expect(o, step).toMatchObject({ ok: false, name: 'UringError', code: 'ENOMEM', errno: -12 });
      expect(o.classes, step).not.toContain('IoUringUnavailableError');
    }
    // What the messages say for -ENOMEM: every setup path names the limit and the fix.
    for (const step of SETUP_STEPS) {
      const o = r.steps[step]!;
      if (!o.ok) expect(o.message, step).toMatch(/ulimit -l/);
    }
  });

  test('with enough RLIMIT_MEMLOCK the same rings work, and registered buffers beyond it fail with ENOMEM naming RLIMIT_MEMLOCK', async () => {
    // The kernel compares the limit with the locked memory of the whole user (other processes of the
    // same user without CAP_IPC_LOCK, such as other test workers' rings, count too): 16 MiB leaves
    // room. A process may only lower its hard limit: at most the hard limit this one has.
    const limit = Math.min(16 * 1024 * 1024, hardMemlock());
    const r = await hostile('memlock', ['--memlock', String(limit), '--drop-ipc-lock'], { childArgs: [String(2 * limit)] });
    expect(r.facts).toMatchObject({ memlock: String(limit), capIpcLock: false });
    for (const step of SETUP_STEPS) expect(r.steps[step], step).toMatchObject({ ok: true });
    // Twice the limit in registered buffers: pinned memory, charged to RLIMIT_MEMLOCK on every kernel.
    expect(r.steps.registerBuffers).toMatchObject({ ok: false, name: 'UringError', code: 'ENOMEM' });
    expect(r.steps.registerBuffers!.message).toBe('ENOMEM: not enough memory, io_uring_register_buffers: RLIMIT_MEMLOCK is too low for these buffers (ulimit -l)');
    // liburing's own estimate of what a ring of 8 needs, with no ring open: 0 bytes.
    expect(r.steps.mlockSize).toEqual({ ok: true, value: 0 });
  });

  test('CAP_IPC_LOCK exempts a process from the limit', async (ctx) => {
    const r = await hostile('memlock', ['--memlock', '0']);
    if (!r.facts.capIpcLock) return ctx.skip('needs CAP_IPC_LOCK (root, or a process granted it), which this process lacks');
    for (const step of SETUP_STEPS) expect(r.steps[step], step).toMatchObject({ ok: true });
    expect(r.steps.registerBuffers).toMatchObject({ ok: true, value: 'registered' });
  });

  test('doctor reports the -ENOMEM at setup and the fix, and exits 1', async () => {
    const d = await doctor(['--memlock', '0', '--drop-ipc-lock']);
    expect(d.code).toBe(1);
    if (charged) expect(d.out).toMatch(/io_uring_setup\s+problem: -ENOMEM: not enough locked memory for the rings\. fix: raise the memlock limit \(ulimit -l/);
  });
});

describe('no usable liburing', () => {
  for (const [what, path] of [
    ['a missing file', '/nonexistent/liburing-ffi.so.2'],
    ['a library that is not liburing', 'libc.so.6'],
  ] as const) {
    test(`LIBURING_FFI_PATH naming ${what}: importing works, the first call throws LiburingNotFoundError with the fix`, async () => {
      const r = await hostile('no-liburing', null, { env: { LIBURING_FFI_PATH: path } });
      expect(r.steps.import).toEqual({ ok: true });
      for (const step of ['firstCall', 'secondCall', 'ringCreate']) {
        const o = r.steps[step]!;
        expect(o, step).toMatchObject({ ok: false, name: 'LiburingNotFoundError', classes: ['LiburingNotFoundError'] });
        // The cause (the variable and its value) and both fixes.
        expect(o.message, step).toContain(`LIBURING_FFI_PATH=${path} does not load as liburing-ffi`);
        expect(o.message, step).toContain('Unset it to let liburing-ts provision liburing itself');
        expect(o.message, step).toContain('Run `npx liburing-ts provision` to fetch it, or set LIBURING_FFI_PATH to a liburing-ffi.so.2');
      }
      // The parts of the runtime that need no liburing still work.
      expect(r.steps.allocAligned).toEqual({ ok: true, value: 4096 });
    });
  }
});
