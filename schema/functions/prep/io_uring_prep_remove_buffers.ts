import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_remove_buffers',
  since: '0.6',
  category: 'prep',
  inline: true,
  summary: 'Prepare the removal of up to nr provided buffers from buffer group bgid.',
  description:
    'Takes back buffers given with io_uring_prep_provide_buffers that no request has used. The completion res is the number removed ' +
    '(at most nr, fewer when the group holds fewer: 0 for an emptied group), or -ENOENT when no such group was ever provided.',
  man: 'io_uring_prep_remove_buffers(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'nr',
      type: 'int',
      doc: 'The most buffers to remove, 1 to 65536.',
      preconditions: [
        {
          rule: { kind: 'range', min: 1, max: 65536 },
          message: 'nr must be from 1 to 65536 (MAX_BIDS_PER_BGID)',
          source: 'io_uring_prep_remove_buffers(3) ERRORS (-EINVAL); kernel io_uring/kbuf.c io_remove_buffers_prep() ("if (!tmp || tmp > MAX_BIDS_PER_BGID) return -EINVAL"); observed res -EINVAL for 0 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'bgid',
      type: 'int',
      doc: 'The buffer group ID, 0 to 65535.',
      preconditions: [
        {
          rule: { kind: 'range', min: 0, max: 65535 },
          message: 'bgid must be from 0 to 65535: sqe.buf_group has 16 bits, and C silently keeps only the low ones',
          source: 'liburing 2.9 liburing.h io_uring_prep_remove_buffers (sqe->buf_group = (__u16) bgid)',
          errno: null,
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the number of buffers removed, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_REMOVE_BUFFERS', fd: 'nr', addr: '0', len: '0', off: '0' }, set: [['buf_group', 'bgid']] },
  quirks: [
    { text: 'an emptied group stays known: removing from it gives res 0, not -ENOENT', source: 'observed on Linux 6.18' },
    { text: 'a buffer ring group (io_uring_setup_buf_ring) cannot be emptied this way: res -EINVAL', source: 'kernel io_uring/kbuf.c io_remove_buffers() (IOBL_BUF_RING); observed on Linux 6.18' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_provide_buffers, io_uring_prep_remove_buffers, io_uring_queue_exit, IORING_OP_REMOVE_BUFFERS, newRing, waitOne }) {
      const ring = newRing(4);
      try {
        const pool = new Uint8Array(6 * 16);
        io_uring_prep_provide_buffers(io_uring_get_sqe(ring)!, pool, 16, 6, 9, 0);
        expect(waitOne(ring).res).toBeGreaterThanOrEqual(0);
        // Remove 4 of the 6, then the 2 left (asking for more removes what there is).
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_remove_buffers(sqe, 4, 9);
        expect(sqe.opcode).toBe(IORING_OP_REMOVE_BUFFERS);
        expect(sqe.fd).toBe(4);
        expect(waitOne(ring).res).toBe(4);
        io_uring_prep_remove_buffers(io_uring_get_sqe(ring)!, 100, 9);
        expect(waitOne(ring).res).toBe(2);
        // The group is empty now: nothing more to remove.
        io_uring_prep_remove_buffers(io_uring_get_sqe(ring)!, 1, 9);
        expect(waitOne(ring).res).toBe(0);
        // A group that was never provided does not exist.
        io_uring_prep_remove_buffers(io_uring_get_sqe(ring)!, 1, 77);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENOENT'));
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_remove_buffers, newRing }) {
      const ring = newRing(4);
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, 1, 9] as Parameters<typeof io_uring_prep_remove_buffers>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
  },
});
