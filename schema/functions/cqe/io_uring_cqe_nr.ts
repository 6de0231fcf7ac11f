import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_cqe_nr',
  since: '2.13',
  category: 'cqe',
  inline: true,
  js: 'cqeNr(cqe)',
  summary: 'How many CQ ring slots a completion takes: 1, or 2 for a 32-byte CQE (IORING_CQE_F_32 in its flags).',
  description:
    'For rings with mixed CQE sizes (IORING_SETUP_CQE_MIXED): advance the CQ by this much (io_uring_cq_advance) to move past the CQE.',
  man: 'io_uring_cqe_nr(3)',
  params: [{ name: 'cqe', type: 'const struct io_uring_cqe *', doc: 'The completion.' }],
  returns: { kind: 'value', type: 'unsigned', doc: '1 for a 16-byte CQE, 2 for a 32-byte one.' },
  quirks: [
    { text: 'the symbol is in liburing-ffi\'s LIBURING_2.12 version node, but liburing.h first has the function in 2.13', source: 'liburing-ffi.map; liburing-2.13 liburing.h' },
  ],
  test: {
    async effect({ catchError, expect, io_uring_check_version, io_uring_cq_advance, io_uring_cq_ready, io_uring_cqe_nr, io_uring_get_sqe, io_uring_peek_cqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_submit_and_wait, IORING_CQE_F_MORE, IoUringCqe, liburingVersion, newRing, OutPointer, UnsupportedError }) {
      const IORING_CQE_F_32 = 1 << 15; // liburing 2.15 io_uring.h
      const cqe = new IoUringCqe();
      if (io_uring_check_version(2, 13)) {
        // liburing older than 2.13 has no io_uring_cqe_nr: importing works, calling throws UnsupportedError.
        const error = catchError(() => io_uring_cqe_nr(cqe));
        expect(error).toBeInstanceOf(UnsupportedError);
        expect(error).toMatchObject({ functionName: 'io_uring_cqe_nr', needed: '2.13', loaded: liburingVersion() });
        expect(error.message).toContain(`needs liburing 2.13 or newer, but liburing ${liburingVersion()} is loaded`);
        return;
      }
      expect(io_uring_cqe_nr(cqe)).toBe(1);
      cqe.flags = IORING_CQE_F_32 | IORING_CQE_F_MORE;
      expect(io_uring_cqe_nr(cqe)).toBe(2);
      // A real completion from a ring of 16-byte CQEs takes one slot.
      const ring = newRing(4);
      try {
        io_uring_prep_nop(io_uring_get_sqe(ring)!);
        io_uring_submit_and_wait(ring, 1);
        const out = new OutPointer<IoUringCqe>();
        io_uring_peek_cqe(ring, out);
        expect(io_uring_cqe_nr(out.value!)).toBe(1);
        io_uring_cq_advance(ring, io_uring_cqe_nr(out.value!));
        expect(io_uring_cq_ready(ring)).toBe(0);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
  },
});
