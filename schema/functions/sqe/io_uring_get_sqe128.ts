import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_get_sqe128',
  since: '2.13',
  category: 'sqe',
  inline: true,
  viaFfi: 'on an IORING_SETUP_SQE_MIXED ring it pads the SQ with a NOP to keep a 128-byte SQE contiguous; that setup flag is not among the schema\'s constants yet, so liburing does it',
  summary: 'Get the next free 128-byte submission queue entry, or null when the ring has none to give.',
  description:
    'On an IORING_SETUP_SQE128 ring it is io_uring_get_sqe. On an IORING_SETUP_SQE_MIXED ring (Linux 6.19) it takes two adjacent ' +
    '64-byte slots (posting a NOP to skip the last slot when the pair would wrap). On any other ring it returns null.',
  man: 'io_uring_get_sqe128(3)',
  params: [{ name: 'ring', type: 'struct io_uring *', doc: 'The ring.' }],
  returns: {
    kind: 'pointer',
    type: 'struct io_uring_sqe *',
    doc: 'The SQE, borrowed from the ring: valid until io_uring_queue_exit.',
    nullMeans: 'the ring has no 128-byte SQEs (neither IORING_SETUP_SQE128 nor SQE_MIXED), or the submission queue is full',
    borrowedFrom: 'ring',
  },
  test: {
    async effect({ catchError, expect, io_uring_check_version, io_uring_get_sqe128, io_uring_prep_nop, io_uring_queue_exit, io_uring_submit_and_wait, IORING_SETUP_SQE128, IoUringSqe, liburingVersion, newRing, UnsupportedError }) {
      const normal = newRing(4);
      try {
        if (io_uring_check_version(2, 13)) {
          // liburing older than 2.13 has no io_uring_get_sqe128: importing works, calling throws UnsupportedError.
          const error = catchError(() => io_uring_get_sqe128(normal));
          expect(error).toBeInstanceOf(UnsupportedError);
          expect(error).toMatchObject({ functionName: 'io_uring_get_sqe128', needed: '2.13', loaded: liburingVersion() });
          expect(error.message).toContain(`needs liburing 2.13 or newer, but liburing ${liburingVersion()} is loaded`);
          return;
        }
        // 64-byte SQEs only: nothing to give.
        expect(io_uring_get_sqe128(normal)).toBeNull();
      } finally {
        io_uring_queue_exit(normal);
      }
      // A ring of 128-byte SQEs gives them one after the other, 128 bytes apart.
      const big = newRing(2, IORING_SETUP_SQE128);
      try {
        const a = io_uring_get_sqe128(big);
        const b = io_uring_get_sqe128(big);
        expect(a).toBeInstanceOf(IoUringSqe);
        expect(b!.address - a!.address).toBe(128n);
        expect(io_uring_get_sqe128(big)).toBeNull();
        io_uring_prep_nop(a!);
        io_uring_prep_nop(b!);
        expect(io_uring_submit_and_wait(big, 2)).toBe(2);
      } finally {
        io_uring_queue_exit(big);
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe128, newRing }) {
      const ring = newRing(2);
      const args = [ring] as Parameters<typeof io_uring_get_sqe128>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
  },
});
