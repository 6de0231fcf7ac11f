import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_prep_cancel',
  since: '0.3',
  category: 'prep',
  inline: true,
  summary: 'Prepare a cancellation of an earlier request, found by the user_data pointer io_uring_sqe_set_data gave it.',
  description:
    'The pointer form of io_uring_prep_cancel64: the key is the address of `user_data`, the same memory that was passed to ' +
    'io_uring_sqe_set_data on the request to cancel (null matches user_data 0). The completion res is 0 when the request was found and cancelled ' +
    '(it then completes with -ECANCELED), -ENOENT when nothing matches, -EALREADY when it is too late; with IORING_ASYNC_CANCEL_ALL or _ANY, the number cancelled.',
  man: 'io_uring_prep_cancel(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'user_data',
      type: 'void *',
      headerType: { since: '2.13', type: 'const void *' },
      nullable: true,
      doc: 'The memory whose address the request to cancel carries as user_data (from io_uring_sqe_set_data); only its address is used, never its bytes.',
    },
    {
      name: 'flags',
      type: 'int',
      doc: 'IORING_ASYNC_CANCEL_ALL, _ANY, _USERDATA, _OP (set sqe.len to the opcode after the call), _FD_FIXED; not _FD (use io_uring_prep_cancel_fd).',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['IORING_ASYNC_CANCEL_ALL', 'IORING_ASYNC_CANCEL_FD', 'IORING_ASYNC_CANCEL_ANY', 'IORING_ASYNC_CANCEL_FD_FIXED', 'IORING_ASYNC_CANCEL_USERDATA', 'IORING_ASYNC_CANCEL_OP'] },
          message: 'flags may hold only the IORING_ASYNC_CANCEL_* flags (ALL, FD, ANY, FD_FIXED, USERDATA, OP)',
          source: 'io_uring_prep_cancel(3) (flags list; ERRORS -EINVAL); kernel io_uring/cancel.c io_async_cancel_prep() rejects other bits (CANCEL_FLAGS); observed res -EINVAL for 0x40 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: '(flags & IORING_ASYNC_CANCEL_ANY) === 0 || (flags & (IORING_ASYNC_CANCEL_FD | IORING_ASYNC_CANCEL_OP)) === 0', says: 'IORING_ASYNC_CANCEL_ANY matches every request: do not combine it with another key (IORING_ASYNC_CANCEL_FD or _OP)' },
          message: 'IORING_ASYNC_CANCEL_ANY cannot be combined with IORING_ASYNC_CANCEL_FD or IORING_ASYNC_CANCEL_OP',
          source: 'kernel io_uring/cancel.c io_async_cancel_prep() ("if (cancel->flags & IORING_ASYNC_CANCEL_ANY) return -EINVAL" under FD and OP); observed res -EINVAL for ANY|FD on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: '(flags & IORING_ASYNC_CANCEL_FD) === 0', says: 'IORING_ASYNC_CANCEL_FD matches on the SQE\'s fd, which this helper sets to -1: cancel by descriptor with io_uring_prep_cancel_fd' },
          message: 'IORING_ASYNC_CANCEL_FD does not work through io_uring_prep_cancel: the helper sets the SQE\'s fd to -1, so the kernel answers -EBADF. Use io_uring_prep_cancel_fd(sqe, fd, flags) (to match user_data too: with IORING_ASYNC_CANCEL_USERDATA, and sqe.addr set to the user_data after the call)',
          source: 'liburing.h io_uring_prep_cancel64 (io_uring_prep_rw with fd -1) and io_uring_prep_cancel_fd; kernel io_uring/cancel.c io_async_cancel() (CANCEL_FD: no file for the fd gives -EBADF); observed res -EBADF for IORING_ASYNC_CANCEL_FD (with or without _FD_FIXED) on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0 (or the number cancelled with _ALL/_ANY), or -errno.' },
  // io_uring_prep_cancel calls io_uring_prep_cancel64(sqe, (__u64) (uintptr_t) user_data, flags), inlined here.
  sqe: {
    rw: { op: 'IORING_OP_ASYNC_CANCEL', fd: '-1', addr: '0', len: '0', off: '0' },
    set: [['addr', 'user_data'], ['cancel_flags', 'flags']],
  },
  quirks: [
    { text: 'only the address of user_data is compared: two views of the same bytes (buf and buf.subarray(0)) are the same key, and a request whose memory was collected and reused could match; liburing-ts keeps the memory given to io_uring_sqe_set_data reachable until that request completes', source: 'liburing.h io_uring_prep_cancel ((__u64) (uintptr_t) user_data); liburing-ts runtime/ring-state.ts' },
    { text: 'with IORING_ASYNC_CANCEL_OP the opcode to match is read from sqe.len, which this helper sets to 0 (IORING_OP_NOP): set sqe.len to the opcode after the call, or the request matches only NOPs (res -ENOENT, as a NOP is never pending). No liburing helper sets it, so it is allowed here', source: 'io_uring_prep_cancel(3) (IORING_ASYNC_CANCEL_OP); liburing.h io_uring_prep_cancel64 (len 0); kernel io_uring/cancel.c io_async_cancel_prep() (cancel->opcode = sqe->len); observed res -ENOENT for IORING_ASYNC_CANCEL_OP with a timeout pending on Linux 6.18' },
  ],
  test: {
    async effect({ addressOf, errnoNumber, expect, io_uring_cq_advance, io_uring_get_sqe, io_uring_peek_batch_cqe, io_uring_prep_cancel, io_uring_prep_timeout, io_uring_queue_exit, io_uring_sqe_set_data, io_uring_sqe_set_data64, io_uring_submit, io_uring_submit_and_wait, IORING_OP_ASYNC_CANCEL, IoUringCqe, KernelTimespec, newRing, PointerArray, waitOne }) {
      const ring = newRing(8);
      try {
        const key = new Uint8Array(8);
        const long = new KernelTimespec();
        long.tv_sec = 60;
        const t = io_uring_get_sqe(ring)!;
        io_uring_prep_timeout(t, long, 0, 0);
        io_uring_sqe_set_data(t, key);
        io_uring_submit(ring);
        const c = io_uring_get_sqe(ring)!;
        io_uring_prep_cancel(c, key, 0);
        expect(c.opcode).toBe(IORING_OP_ASYNC_CANCEL);
        expect(c.addr).toBe(addressOf(key));
        io_uring_sqe_set_data64(c, 1n);
        io_uring_submit_and_wait(ring, 2);
        const got = new PointerArray<IoUringCqe>(4);
        expect(io_uring_peek_batch_cqe(ring, got, 4)).toBe(2);
        const byData = new Map(got.items.map((x) => [x.user_data, x.res]));
        io_uring_cq_advance(ring, 2);
        expect(byData.get(1n)).toBe(0);
        // The timeout completed early, cancelled, with the key's address as its user_data.
        expect(byData.get(addressOf(key))).toBe(-errnoNumber('ECANCELED'));
        // The same key finds nothing now; another memory never matched anything.
        io_uring_prep_cancel(io_uring_get_sqe(ring)!, key, 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENOENT'));
        io_uring_prep_cancel(io_uring_get_sqe(ring)!, null, 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENOENT'));
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_cancel, newRing }) {
      const ring = newRing(4);
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, new Uint8Array(8), 0] as Parameters<typeof io_uring_prep_cancel>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
    violations: {
      'flags.relation': { args: { flags: (_, { IORING_ASYNC_CANCEL_ANY, IORING_ASYNC_CANCEL_OP }) => IORING_ASYNC_CANCEL_ANY | IORING_ASYNC_CANCEL_OP } },
      'flags.relation#2': { args: { flags: (_, { IORING_ASYNC_CANCEL_FD }) => IORING_ASYNC_CANCEL_FD } },
    },
  },
});
