import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_nop128',
  since: '2.13',
  category: 'prep',
  inline: true,
  summary: 'Prepare a no-op request in a 128-byte SQE (IORING_OP_NOP128), for rings with mixed SQE sizes.',
  description:
    'Like io_uring_prep_nop for a 128-byte SQE from io_uring_get_sqe128 on an IORING_SETUP_SQE_MIXED ring; it completes with res 0. ' +
    'Linux 6.19 (IORING_OP_NOP128); older kernels complete it with -EINVAL.',
  man: 'io_uring_prep_nop128(3)',
  params: [{ name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in (a 128-byte one).' }],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_NOP128', fd: '-1', addr: '0', len: '0', off: '0' } },
  errors: {
    EINVAL: 'a kernel without IORING_OP_NOP128, or an SQE that is not 128 bytes',
  },
  test: {
    async effect({ catchError, errnoNumber, expect, io_uring_check_version, io_uring_free_probe, io_uring_get_probe, io_uring_get_sqe, io_uring_get_sqe128, io_uring_opcode_supported, io_uring_prep_nop128, io_uring_queue_exit, io_uring_sqe_set_data64, liburingVersion, newRing, UnsupportedError, waitOne }) {
      const IORING_OP_NOP128 = 63; // liburing 2.15 io_uring.h
      const IORING_SETUP_SQE_MIXED = 1 << 19; // liburing 2.15 io_uring.h
      const probe = io_uring_get_probe()!;
      const kernelHas = io_uring_opcode_supported(probe, IORING_OP_NOP128) === 1;
      io_uring_free_probe(probe);
      const ring = newRing(4);
      try {
        const sqe = io_uring_get_sqe(ring)!;
        if (io_uring_check_version(2, 13)) {
          // liburing older than 2.13 has no io_uring_prep_nop128: importing works, calling throws UnsupportedError.
          const error = catchError(() => io_uring_prep_nop128(sqe));
          expect(error).toBeInstanceOf(UnsupportedError);
          expect(error).toMatchObject({ functionName: 'io_uring_prep_nop128', needed: '2.13', loaded: liburingVersion() });
          expect(error.message).toContain(`needs liburing 2.13 or newer, but liburing ${liburingVersion()} is loaded`);
          return;
        }
        io_uring_prep_nop128(sqe);
        expect(sqe.opcode).toBe(IORING_OP_NOP128);
        expect(sqe.fd).toBe(-1);
        io_uring_sqe_set_data64(sqe, 128n);
        const done = waitOne(ring);
        expect(done.user_data).toBe(128n);
        // In a 64-byte SQE ring the kernel refuses it, as it refuses an opcode it does not know.
        expect(done.res).toBe(-errnoNumber('EINVAL'));
      } finally {
        io_uring_queue_exit(ring);
      }
      if (!kernelHas) return;
      // With mixed SQE sizes, a 128-byte SQE carries it and it completes with 0.
      const mixed = newRing(4, IORING_SETUP_SQE_MIXED);
      try {
        const big = io_uring_get_sqe128(mixed)!;
        io_uring_prep_nop128(big);
        io_uring_sqe_set_data64(big, 129n);
        expect(waitOne(mixed)).toMatchObject({ user_data: 129n, res: 0 });
      } finally {
        io_uring_queue_exit(mixed);
      }
    },
  },
});
