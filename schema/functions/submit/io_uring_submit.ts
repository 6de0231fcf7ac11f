import { defineFunction } from '../../language.js';
import { PENDING_SQE_RULES } from '../../shared/pending-sqes.js';

export default defineFunction({
  name: 'io_uring_submit',
  since: '0.1',
  category: 'submit',
  summary: 'Submit every prepared SQE to the kernel; returns how many were submitted.',
  man: 'io_uring_submit(3)',
  params: [{ name: 'ring', type: 'struct io_uring *', doc: 'The ring.', preconditions: [...PENDING_SQE_RULES] }],
  returns: { kind: 'count', type: 'int', doc: 'The number of SQEs submitted.' },
  bookkeeping: 'submit',
  errors: {
    EBADFD: 'the ring is disabled (IORING_SETUP_R_DISABLED): call io_uring_enable_rings first',
    EEXIST: 'a DEFER_TASKRUN or SINGLE_ISSUER ring is used from a thread other than the one that created it',
    EBUSY: 'the completion queue overflowed: reap completions before submitting more',
  },
  quirks: [
    {
      text: 'before C, the SQEs about to be submitted are checked as whole requests (the rules on ring): C lets a prep, io_uring_sqe_set_flags and the buffer group come in any order, so a null buffer without IOSQE_BUFFER_SELECT, or buffer selection from a group the ring does not have, is only known to be wrong here. A refused submit submits nothing and leaves the SQEs as they are: fix the one named (or make it a NOP with io_uring_prep_nop) and submit again',
      source: 'liburing-ts schema/shared/pending-sqes.ts, runtime/request-faults.ts',
    },
  ],
  test: {
    async effect({ catchError, expect, io_uring_get_sqe, io_uring_prep_nop, io_uring_prep_provide_buffers, io_uring_prep_read, io_uring_queue_exit, io_uring_sqe_set_flags, io_uring_sq_ready, io_uring_submit, IOSQE_BUFFER_SELECT, newRing, tempDir, waitOne }) {
      const { closeSync, openSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      writeFileSync(dir.file('data'), 'provided buffers');
      const fd = openSync(dir.file('data'), 'r');
      const ring = newRing(8);
      try {
        expect(io_uring_submit(ring)).toBe(0);
        for (let i = 0; i < 3; i++) io_uring_prep_nop(io_uring_get_sqe(ring)!);
        expect(io_uring_submit(ring)).toBe(3);
        for (let i = 0; i < 3; i++) waitOne(ring);
        // A read with no buffer is refused until it selects one, and nothing is submitted meanwhile.
        const pool = new Uint8Array(32);
        io_uring_prep_provide_buffers(io_uring_get_sqe(ring)!, pool, 32, 1, 3, 0);
        const read = io_uring_get_sqe(ring)!;
        io_uring_prep_read(read, fd, null, 16, 0);
        expect(catchError(() => io_uring_submit(ring))).toMatchObject({ name: 'PreconditionError', parameter: 'ring', rule: 'relation', cCode: 'EFAULT' });
        expect(io_uring_sq_ready(ring)).toBe(2);
        io_uring_sqe_set_flags(read, IOSQE_BUFFER_SELECT);
        read.buf_group = 3;
        expect(io_uring_submit(ring)).toBe(2);
        expect(waitOne(ring).res).toBe(0);
        expect(waitOne(ring).res).toBe(16);
        expect(Buffer.from(pool.subarray(0, 16)).toString()).toBe('provided buffers');
        // A group the ring never had is refused (C: -ENOBUFS).
        const other = io_uring_get_sqe(ring)!;
        io_uring_prep_read(other, fd, null, 16, 0);
        io_uring_sqe_set_flags(other, IOSQE_BUFFER_SELECT);
        other.buf_group = 9;
        expect(catchError(() => io_uring_submit(ring))).toMatchObject({ name: 'PreconditionError', cCode: 'ENOBUFS' });
        // Made a NOP (io_uring_prep_nop keeps the flags, as in C), it goes.
        io_uring_prep_nop(other);
        io_uring_sqe_set_flags(other, 0);
        expect(io_uring_submit(ring)).toBe(1);
        expect(waitOne(ring).res).toBe(0);
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_submit, newRing }) {
      const ring = newRing(4);
      const args = [ring] as Parameters<typeof io_uring_submit>;
      return { args, ring, cleanup: () => exitQuietly(ring) };
    },
    violations: {
      'sqe-null-buffer': { before: ({ ring }, { prepareFaultySqe }) => prepareFaultySqe(ring, 'null-buffer') },
      'sqe-buffer-select': { before: ({ ring }, { prepareFaultySqe }) => prepareFaultySqe(ring, 'buffer-select-op') },
      'sqe-buffer-select-readv': { before: ({ ring }, { prepareFaultySqe }) => prepareFaultySqe(ring, 'buffer-select-vectors') },
      'sqe-buffer-group': { before: ({ ring }, { prepareFaultySqe }) => prepareFaultySqe(ring, 'buffer-group') },
      'sqe-fixed-file': { before: ({ ring }, { prepareFaultySqe }) => prepareFaultySqe(ring, 'fixed-file') },
    },
  },
});
