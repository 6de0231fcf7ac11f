/**
 * The child process of test/hostile-env.test.ts. It runs in an environment the
 * test made hostile (a seccomp filter, a low RLIMIT_MEMLOCK, a bad
 * LIBURING_FFI_PATH), does what a user would do first, and prints one line,
 * `RESULT <json>`, with what happened: for each step, the value it returned
 * or the error it threw (class, code, message). It never throws itself.
 *
 *   node --import tsx test/support/hostile-child.ts <scenario> [bytes to register]
 *
 * Scenarios: refused, memlock, no-liburing.
 */
import { readFileSync } from 'node:fs';

interface Outcome {
  ok: boolean;
  value?: unknown;
  name?: string;
  code?: string;
  errno?: number;
  syscall?: string;
  message?: string;
  /** Which of liburing-ts's error classes the error is an instance of. */
  classes?: string[];
}

type Step = () => unknown;

const errorClasses: Record<string, unknown> = {};

async function attempt(step: Step): Promise<Outcome> {
  try {
    const value = await step();
    return { ok: true, value: typeof value === 'bigint' ? `${value}n` : value === undefined ? null : typeof value === 'object' ? String(value) : value };
  } catch (e) {
    const err = e as Error & { code?: unknown; errno?: unknown; syscall?: unknown };
    return {
      ok: false,
      name: err?.name,
      code: typeof err?.code === 'string' ? err.code : undefined,
      errno: typeof err?.errno === 'number' ? err.errno : undefined,
      syscall: typeof err?.syscall === 'string' ? err.syscall : undefined,
      message: String(err?.message ?? e),
      classes: Object.entries(errorClasses).filter(([, cls]) => typeof cls === 'function' && e instanceof (cls as new () => unknown)).map(([n]) => n),
    };
  }
}

/** This process's view of itself: the seccomp mode, CAP_IPC_LOCK, RLIMIT_MEMLOCK. */
function processFacts(): Record<string, unknown> {
  const status = readFileSync('/proc/self/status', 'utf8');
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const capEff = BigInt('0x' + (/^CapEff:\s*([0-9a-f]+)/m.exec(status)?.[1] ?? '0'));
  return {
    seccomp: /^Seccomp:\s*(\d)/m.exec(status)?.[1] ?? null,
    capIpcLock: (capEff & (1n << 14n)) !== 0n,
    memlock: /^Max locked memory\s+(\S+)/m.exec(limits)?.[1] ?? null,
    ioUringDisabled: (() => {
      try {
        return readFileSync('/proc/sys/kernel/io_uring_disabled', 'utf8').trim();
      } catch {
        return null;
      }
    })(),
  };
}

async function main(): Promise<Record<string, unknown>> {
  const scenario = process.argv[2];
  const steps: Record<string, Outcome> = {};
  // Importing must work whatever the environment: liburing is loaded at first use.
  let lib: typeof import('../../index.js');
  let ringModule: typeof import('../../runtime/ring/index.js');
  try {
    lib = await import('../../index.js');
    ringModule = await import('../../runtime/ring/index.js');
    steps.import = { ok: true };
  } catch (e) {
    steps.import = { ok: false, name: (e as Error).name, message: String((e as Error).message) };
    return { scenario, facts: processFacts(), steps };
  }
  Object.assign(errorClasses, {
    PreconditionError: lib.PreconditionError,
    UringError: lib.UringError,
    IoUringUnavailableError: lib.IoUringUnavailableError,
    LiburingNotFoundError: lib.LiburingNotFoundError,
    UnsupportedError: lib.UnsupportedError,
  });
  const { IoUring, IoUringParams, allocAligned, pageSize } = lib;
  const { Ring } = ringModule;
  const initThenExit = (init: (ring: InstanceType<typeof IoUring>) => unknown) => () => {
    const ring = new IoUring();
    const ret = init(ring);
    lib.io_uring_queue_exit(ring);
    return ret;
  };
  const ringThenClose = async (options: Parameters<typeof Ring.create>[0]) => {
    const ring = await Ring.create(options);
    await ring.nop();
    await ring.close();
    return 'created, ran a nop, closed';
  };

  if (scenario === 'refused' || scenario === 'memlock') {
    steps.queue_init = await attempt(initThenExit((r) => lib.io_uring_queue_init(8, r, 0)));
    steps.queue_init_params = await attempt(initThenExit((r) => lib.io_uring_queue_init_params(8, r, new IoUringParams())));
    steps.queue_init_mem = await attempt(initThenExit((r) => {
      const mem = allocAligned(4 * pageSize());
      return lib.io_uring_queue_init_mem(8, r, new IoUringParams(), mem, mem.byteLength);
    }));
    steps.setup = await attempt(() => lib.io_uring_setup(8, new IoUringParams()));
    steps.ringCreate = await attempt(() => ringThenClose({ entries: 8 }));
    steps.ringCreateClassic = await attempt(() => ringThenClose({ entries: 8, deferTaskrun: false }));
  }
  if (scenario === 'memlock') {
    // Registered buffers are pinned pages, charged to RLIMIT_MEMLOCK on every kernel.
    steps.registerBuffers = await attempt(async () => {
      const ring = Ring.createSync({ entries: 8 });
      try {
        ring.registerBuffers([new Uint8Array(Number(process.argv[3] ?? 1 << 20))]);
        return 'registered';
      } finally {
        await ring.close();
      }
    });
    // What liburing says a ring of 8 entries needs in locked memory (asked with no ring open).
    steps.mlockSize = await attempt(() => Number(lib.io_uring_mlock_size(8, 0)));
  }
  if (scenario === 'no-liburing') {
    steps.firstCall = await attempt(() => lib.io_uring_queue_init(8, new IoUring(), 0));
    steps.secondCall = await attempt(() => lib.io_uring_major_version());
    steps.ringCreate = await attempt(() => Ring.create({ entries: 8 }));
    // Nothing in the runtime that needs no liburing is affected.
    steps.allocAligned = await attempt(() => allocAligned(pageSize()).byteLength);
  }
  return { scenario, facts: processFacts(), steps };
}

main().then(
  (result) => {
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  },
  (e) => {
    process.stdout.write(`RESULT ${JSON.stringify({ fatal: String((e as Error)?.stack ?? e) })}\n`);
  },
);
