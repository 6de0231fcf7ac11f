/**
 * The child process of test/provision-env.test.ts: in the environment the test
 * set up (no liburing provisioned, a mirror, maybe no network or a read-only
 * folder), does what a user does first, calls a liburing function, and prints
 * `RESULT <json>`: whether it worked, where liburing came from, or the error's
 * class, reason and message. It never throws itself.
 *
 *   node --import tsx test/support/provision-child.ts
 */
const result: Record<string, unknown> = {};
try {
  const lib = await import('../../index.js');
  const { liburing } = await import('../../runtime/index.js');
  const ring = new lib.IoUring();
  lib.io_uring_queue_init(8, ring, 0);
  result.entries = ring.sq.ring_entries;
  lib.io_uring_queue_exit(ring);
  const install = liburing().install;
  Object.assign(result, { ok: true, origin: install.origin, verified: install.verified, dir: install.dir });
} catch (e) {
  const err = e as Error & { reason?: string };
  Object.assign(result, { ok: false, name: err.name, reason: err.reason, message: err.message });
}
console.log(`RESULT ${JSON.stringify(result)}`);
