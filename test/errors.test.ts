// The errors are shaped like Node's own: a UringError carries what an fs or net error of the
// same errno carries (code, negative errno, syscall, path/dest or address/port) and its message
// starts the same way; a PreconditionError has an ERR_ code and the errno C would have returned
// in the same form.
import { closeSync, openSync, renameSync } from 'node:fs';
import { createServer } from 'node:net';
import { getSystemErrorMap } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  IoUringUnavailableError, PreconditionError, Ring, UringError,
  io_uring_queue_exit, io_uring_queue_init, io_uring_unregister_buffers, IoUring, AF_INET, SOCK_STREAM,
} from '../index.js';
import { errnoText } from '../runtime/errno.js';
import { catchError, newRing, tempDir } from '../runtime/testing.js';

let ring: Ring;
const dir = tempDir();

beforeAll(async () => {
  ring = await Ring.create({ entries: 8 });
});

afterAll(async () => {
  await ring.close();
  dir.remove();
});

/** What node:fs throws for `fn`. */
function nodeError(fn: () => unknown): NodeJS.ErrnoException & { dest?: string } {
  return catchError(fn) as NodeJS.ErrnoException & { dest?: string };
}

describe('UringError is shaped like Node’s system errors', () => {
  test('a Ring operation on a missing path: the fields and message of node:fs’s error for the same path', async () => {
    const missing = dir.file('no/such/file');
    const node = nodeError(() => openSync(missing, 'r'));
    const e = await ring.openat(missing).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UringError);
    const u = e as UringError;
    expect({ code: u.code, errno: u.errno, path: u.path }).toEqual({ code: node.code, errno: node.errno, path: node.path });
    expect(u.errno).toBe(-2);
    expect(u.syscall).toBe('Ring.openat');
    // Node: "ENOENT: no such file or directory, open '<path>'"; the same words, with our syscall.
    expect(node.message).toBe(`ENOENT: no such file or directory, open '${missing}'`);
    expect(u.message).toBe(`ENOENT: no such file or directory, Ring.openat '${missing}'`);
  });

  test('a rename carries path and dest, as fs.rename’s error does', async () => {
    const from = dir.file('absent');
    const to = dir.file('target');
    const node = nodeError(() => renameSync(from, to));
    const u = (await ring.rename(from, to).catch((x: unknown) => x)) as UringError;
    expect(u).toMatchObject({ code: 'ENOENT', errno: -2, syscall: 'Ring.rename', path: from, dest: to });
    expect({ path: u.path, dest: u.dest }).toEqual({ path: node.path, dest: node.dest });
    expect(u.message).toBe(`ENOENT: no such file or directory, Ring.rename '${from}' -> '${to}'`);
  });

  test('a refused connect carries address and port, as net’s error does', async () => {
    // A port that was just listened on and closed: nothing listens there now.
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((r) => server.close(() => r()));
    const fd = await ring.socket(AF_INET, SOCK_STREAM);
    try {
      const u = (await ring.connect(fd, { host: '127.0.0.1', port }).catch((x: unknown) => x)) as UringError;
      expect(u).toBeInstanceOf(UringError);
      expect(u).toMatchObject({ code: 'ECONNREFUSED', errno: -111, syscall: 'Ring.connect', address: '127.0.0.1', port });
      expect(u.path).toBeUndefined();
      expect(u.message).toBe(`ECONNREFUSED: connection refused, Ring.connect 127.0.0.1:${port}`);
    } finally {
      closeSync(fd);
    }
  });

  test('a liburing function’s negative result: syscall is the function, and the schema’s explanation follows Node’s text', () => {
    const r = newRing();
    try {
      const e = catchError(() => io_uring_unregister_buffers(r));
      expect(e).toBeInstanceOf(UringError);
      expect(e).toMatchObject({ code: 'ENXIO', errno: -6, syscall: 'io_uring_unregister_buffers', functionName: 'io_uring_unregister_buffers' });
      expect(e.message).toBe(`ENXIO: ${getSystemErrorMap().get(-6)![1]}, io_uring_unregister_buffers: the ring has no registered buffers`);
      expect(e.explanation).toBe('the ring has no registered buffers');
      expect('path' in e).toBe(false);
    } finally {
      io_uring_queue_exit(r);
    }
  });

  test('an errno Node has no text for (EBADFD) gets Linux’s, and a positive errno given to the constructor is stored negative', () => {
    expect(getSystemErrorMap().get(-77)).toBeUndefined();
    const e = new UringError('io_uring_prep_msg_ring', 77, 'fd is not a ring');
    expect(e).toMatchObject({ code: 'EBADFD', errno: -77, syscall: 'io_uring_prep_msg_ring' });
    expect(e.message).toBe('EBADFD: file descriptor in bad state, io_uring_prep_msg_ring: fd is not a ring');
    expect(new UringError('x', -77).errno).toBe(-77);
    expect(errnoText(95)).toBe(getSystemErrorMap().get(-95)![1]);
    expect(new UringError('x', 95).code).toBe('EOPNOTSUPP');
  });

  test('IoUringUnavailableError is a UringError with the same fields', () => {
    const e = new IoUringUnavailableError('io_uring_queue_init', 1, 'seccomp');
    expect(e).toBeInstanceOf(UringError);
    expect(e).toMatchObject({ name: 'IoUringUnavailableError', code: 'EPERM', errno: -1, syscall: 'io_uring_queue_init' });
    expect(e.message).toBe('EPERM: operation not permitted, io_uring_queue_init: seccomp');
  });
});

describe('PreconditionError', () => {
  test('has code ERR_LIBURING_PRECONDITION, and the errno C would have returned as cErrno (negative) and cCode', () => {
    const e = catchError(() => io_uring_queue_init(0, new IoUring(), 0));
    expect(e).toBeInstanceOf(PreconditionError);
    expect(e).toMatchObject({
      name: 'PreconditionError',
      code: 'ERR_LIBURING_PRECONDITION',
      functionName: 'io_uring_queue_init',
      parameter: 'entries',
      cErrno: -22,
      cCode: 'EINVAL',
    });
    // Everything it carried before, still there.
    for (const field of ['rule', 'seen', 'requirement', 'hint', 'source']) expect(e, field).toHaveProperty(field);
    expect(e.message).toMatch(/^io_uring_queue_init: argument 'entries' breaks rule /);
    expect(e.message).toContain('[C would return -EINVAL]');
    // No errno of another type next to UringError's number: `e.errno === -22` cannot silently mislead.
    expect('errno' in e).toBe(false);
  });

  test('a rule C does not check has cErrno and cCode null', () => {
    const e = catchError(() => io_uring_queue_init(8, 'not a ring' as unknown as IoUring, 0)) as unknown as PreconditionError;
    expect(e).toMatchObject({ code: 'ERR_LIBURING_PRECONDITION', rule: 'type', cErrno: null, cCode: null });
  });

  test('the constructor still takes the former errno field as the name', () => {
    const e = new PreconditionError({ functionName: 'f', parameter: 'p', rule: 'r', seen: 's', requirement: 'q', hint: '', errno: 'EBADF', source: null });
    expect(e).toMatchObject({ cCode: 'EBADF', cErrno: -9 });
  });
});
