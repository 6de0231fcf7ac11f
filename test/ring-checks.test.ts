// The Ring's argument checks and its operation table: Ring.create's options are checked by the
// rules of io_uring_queue_init_params and reported as Ring.create's, a buffer ring's count by those
// of io_uring_register_buf_ring; every operation has its ring.op twin; statx reports what fs does.
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Ring, PreconditionError, IORING_SETUP_CLAMP, IORING_SETUP_SQPOLL } from '../index.js';
import { OPS } from '../runtime/ring/ops.js';

let ring: Ring;
beforeAll(async () => {
  ring = await Ring.create({ entries: 8 });
});
afterAll(async () => {
  await ring.close();
});

function refusal(f: () => unknown): PreconditionError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(PreconditionError);
    return e as PreconditionError;
  }
  throw new Error('not refused');
}

describe('Ring.create', () => {
  test('entries beyond the kernel maximum are refused naming Ring.create and entries, unless IORING_SETUP_CLAMP', async () => {
    const e = refusal(() => Ring.createSync({ entries: 100_000 }));
    expect(e).toMatchObject({ functionName: 'Ring.create', parameter: 'entries', rule: 'range', seen: '100000', cCode: 'EINVAL', cErrno: -22 });
    expect(e.requirement).toMatch(/32768/);
    const clamped = Ring.createSync({ entries: 100_000, flags: IORING_SETUP_CLAMP });
    expect(clamped.entries).toBe(32768);
    await clamped.close();
  });

  test('a completion queue smaller than the submission queue is refused as cqEntries', () => {
    const e = refusal(() => Ring.createSync({ entries: 64, cqEntries: 1 }));
    expect(e).toMatchObject({ functionName: 'Ring.create', parameter: 'cqEntries', seen: '1', cCode: 'EINVAL', cErrno: -22 });
    expect(e.hint).toMatch(/passes cqEntries to io_uring_queue_init_params as p\.cq_entries/);
  });

  test('flags that change how completions are delivered, and values that are no count, are refused', () => {
    expect(refusal(() => Ring.createSync({ flags: IORING_SETUP_SQPOLL }))).toMatchObject({ parameter: 'flags', rule: 'flags' });
    expect(refusal(() => Ring.createSync({ entries: 1.5 }))).toMatchObject({ parameter: 'entries', seen: '1.5' });
    expect(refusal(() => Ring.createSync({ cqEntries: -1 }))).toMatchObject({ parameter: 'cqEntries' });
  });
});

test('a buffer ring count the kernel refuses is reported as createBufferRing\'s count', () => {
  const e = refusal(() => ring.createBufferRing({ count: 3 }));
  expect(e).toMatchObject({ functionName: 'Ring.createBufferRing', parameter: 'count', seen: '3', cCode: 'EINVAL', cErrno: -22 });
  expect(e.requirement).toMatch(/^count must be a power of two/);
  expect(refusal(() => ring.createBufferRing({ count: 1 << 16 }))).toMatchObject({ parameter: 'count', rule: 'range' });
  const br = ring.createBufferRing({ count: 4, size: 16 });
  expect(br.isRegistered).toBe(true);
  ring.freeBufferRing(br);
  expect(br.isRegistered).toBe(false);
});

test('every operation is a Ring method and a ring.op method, and a broken argument is refused under its name', async () => {
  const names = Object.keys(OPS);
  // The operations the README lists, and the alias open.
  expect(names.sort()).toEqual([
    'accept', 'bind', 'closeFd', 'connect', 'fallocate', 'fsync', 'listen', 'mkdir', 'nop', 'open', 'openat', 'poll', 'read',
    'readFixed', 'readv', 'recv', 'recvmsg', 'rename', 'send', 'sendmsg', 'shutdown', 'socket', 'splice', 'statx', 'timeout',
    'unlink', 'write', 'writeFixed', 'writev',
  ]);
  for (const name of names) {
    expect(typeof (ring as unknown as Record<string, unknown>)[name]).toBe('function');
    expect(typeof (ring.op as unknown as Record<string, unknown>)[name]).toBe('function');
  }
  // The prepared operation carries its name; the method rejects (it does not throw) with the check's error.
  expect(ring.op.splice(0, -1, 1, -1, 8).name).toBe('splice');
  const e = await ring.write(1, Buffer.alloc(1), -2).catch((x: unknown) => x);
  expect(e).toMatchObject({ name: 'PreconditionError', functionName: 'Ring.write', parameter: 'position', seen: '-2' });
  expect(() => ring.op.mkdir('/tmp/x', 0o170000)).toThrow(/Ring\.mkdir: argument 'mode'/);
  // open is openat under another name: errors name openat.
  await expect(ring.open('/no/such/dir/file')).rejects.toMatchObject({ functionName: 'Ring.openat', code: 'ENOENT' });
});

test('statx gives the device numbers fs.stat gives', async () => {
  const st = await ring.statx('/proc/self/exe');
  const fsSt = statSync('/proc/self/exe');
  expect(st.dev).toBe(fsSt.dev);
  expect(st.ino).toBe(BigInt(fsSt.ino));
  const tty = await ring.statx('/dev/null');
  expect(tty.rdev).toBe(statSync('/dev/null').rdev);
  expect(tty.rdev).toBeGreaterThan(0);
});
