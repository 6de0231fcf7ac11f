import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_nop',
  since: '0.1',
  category: 'prep',
  inline: true,
  summary: 'Prepare a no-op request: it completes with res 0 and does nothing else.',
  man: 'io_uring_prep_nop(3)',
  params: [{ name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' }],
  returns: { kind: 'void', type: 'void', doc: 'Nothing.' },
  sqe: { rw: { op: 'IORING_OP_NOP', fd: '-1', addr: '0', len: '0', off: '0' } },
  test: {
    async effect({ expect, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_NOP, newRing, waitOne }) {
      const ring = newRing(4);
      try {
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        expect(sqe.opcode).toBe(IORING_OP_NOP);
        io_uring_sqe_set_data64(sqe, 99n);
        expect(waitOne(ring)).toMatchObject({ user_data: 99n, res: 0 });
      } finally {
        io_uring_queue_exit(ring);
      }
    },
  },
});
