import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_register_sync_cancel',
  since: '2.3',
  category: 'register',
  summary: 'Cancel in-flight requests matching reg (by user_data, fd or opcode) synchronously, waiting until they are cancelled or reg.timeout passes.',
  description:
    'The synchronous form of io_uring_prep_cancel: reg.addr is the user_data to match, or reg.fd / reg.opcode with ' +
    'IORING_ASYNC_CANCEL_FD / _OP, or any request with IORING_ASYNC_CANCEL_ANY; IORING_ASYNC_CANCEL_ALL cancels every match. ' +
    'reg.timeout bounds the wait ({-1, -1}: no limit; { 0, 0 }: do not wait). The cancelled requests still post their ' +
    'completions (res -ECANCELED). Linux 6.0+.',
  man: 'io_uring_register_sync_cancel(3)',
  mayBlock: true,
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    {
      name: 'reg',
      type: 'struct io_uring_sync_cancel_reg *',
      doc: 'What to cancel, and how long to wait.',
      preconditions: [
        {
          rule: { kind: 'flags', field: 'flags', allowed: ['IORING_ASYNC_CANCEL_ALL', 'IORING_ASYNC_CANCEL_FD', 'IORING_ASYNC_CANCEL_ANY', 'IORING_ASYNC_CANCEL_FD_FIXED', 'IORING_ASYNC_CANCEL_USERDATA', 'IORING_ASYNC_CANCEL_OP'] },
          message: 'reg.flags must hold only IORING_ASYNC_CANCEL_* flags',
          source: 'io_uring_register_sync_cancel(3) RETURN VALUE ("If an unknown value is set in the request ... -EINVAL", man3/io_uring_register_sync_cancel.3:68-70); io_uring_prep_cancel(3); observed -EINVAL for 0x40 and 0x80 on Linux 6.18',
          errno: 'EINVAL',
        },
        {
          rule: { kind: 'relation', holds: 'reg.pad.every((b) => b === 0) && reg.pad2.every((v) => v === 0n)', says: 'reg.pad and reg.pad2 must be zero' },
          message: 'reg.pad and reg.pad2 must be all zero',
          source: 'io_uring_register_sync_cancel(3) ("The pad values must be zero filled", "if the pad values are not cleared to zero, then -EINVAL is returned", man3/io_uring_register_sync_cancel.3:59,69-70); observed -EINVAL on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 when the request was cancelled; with IORING_ASYNC_CANCEL_ALL or _ANY, the number cancelled.' },
  errors: {
    ENOENT: 'no in-flight request matched',
    EALREADY: 'the request was already running and could not be cancelled in time',
    ETIME: 'reg.timeout passed before the cancellation completed',
    EINVAL: 'unknown flags, non-zero padding, or conflicting keys (e.g. IORING_ASYNC_CANCEL_FD with _ANY)',
  },
  quirks: [
    { text: 'with timeout {-1, -1} the call blocks until the matched requests are cancelled, which can take as long as an uninterruptible operation runs', source: 'io_uring_register_sync_cancel(3) (timeout); kernel io_uring/cancel.c io_sync_cancel()' },
    { text: 'the completions of cancelled requests (res -ECANCELED) are posted to the CQ ring as usual and must be reaped', source: 'io_uring_prep_cancel(3); observed on Linux 6.18' },
  ],
  test: {
    async effect({ catchError, errnoNumber, expect, io_uring_cq_advance, io_uring_cq_ready, io_uring_get_sqe, io_uring_prep_read, io_uring_queue_exit, io_uring_register_sync_cancel, io_uring_sqe_set_data64, io_uring_submit, IORING_ASYNC_CANCEL_ALL, IORING_ASYNC_CANCEL_ANY, IoUringSyncCancelReg, newRing, tempDir, waitOne }) {
      const { openSync, closeSync } = await import('node:fs');
      const { execFileSync } = await import('node:child_process');
      const dir = tempDir();
      execFileSync('mkfifo', [dir.file('fifo')]);
      const fifo = openSync(dir.file('fifo'), 'r+');
      const ring = newRing(4);
      try {
        // A read of an empty FIFO stays in flight.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_read(sqe, fifo, new Uint8Array(8), 8, 0);
        io_uring_sqe_set_data64(sqe, 77n);
        io_uring_submit(ring);
        const reg = new IoUringSyncCancelReg();
        reg.addr = 77n;
        reg.timeout.tv_sec = -1;
        reg.timeout.tv_nsec = -1;
        expect(io_uring_register_sync_cancel(ring, reg)).toBe(0);
        // Its completion is there already.
        expect(io_uring_cq_ready(ring)).toBe(1);
        expect(waitOne(ring)).toMatchObject({ user_data: 77n, res: -errnoNumber('ECANCELED') });
        // Nothing left to cancel.
        expect(catchError(() => io_uring_register_sync_cancel(ring, reg))).toMatchObject({ name: 'UringError', code: 'ENOENT' });
        // ANY | ALL cancels every in-flight request and counts them.
        for (const ud of [1n, 2n]) {
          const s = io_uring_get_sqe(ring)!;
          io_uring_prep_read(s, fifo, new Uint8Array(8), 8, 0);
          io_uring_sqe_set_data64(s, ud);
        }
        io_uring_submit(ring);
        const all = new IoUringSyncCancelReg();
        all.flags = IORING_ASYNC_CANCEL_ANY | IORING_ASYNC_CANCEL_ALL;
        all.timeout.tv_sec = -1;
        all.timeout.tv_nsec = -1;
        expect(io_uring_register_sync_cancel(ring, all)).toBe(2);
        expect(io_uring_cq_ready(ring)).toBe(2);
        io_uring_cq_advance(ring, 2);
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fifo);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_register_sync_cancel, IoUringSyncCancelReg, newRing }) {
      const ring = newRing(4);
      const reg = new IoUringSyncCancelReg();
      reg.addr = 1234n;
      const args = [ring, reg] as Parameters<typeof io_uring_register_sync_cancel>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
        reg,
      };
    },
    violations: {
      'reg.relation': { before: ({ reg }) => { reg.pad2[2] = 1n; } },
    },
  },
});
