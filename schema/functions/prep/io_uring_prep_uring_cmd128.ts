import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_uring_cmd128',
  since: '2.13',
  category: 'prep',
  inline: true,
  summary: 'Prepare a 128-byte passthrough command cmd_op for the file fd (IORING_OP_URING_CMD128), with the command fields zeroed.',
  description:
    'What the command does is up to the file\'s driver (NVMe passthrough, sockets, ublk); the caller fills in the command-specific SQE fields after this. IORING_OP_URING_CMD128 carries 80 bytes of command and needs an SQE from io_uring_get_sqe128 on an IORING_SETUP_SQE_MIXED ring (Linux 6.19).',
  man: 'io_uring_prep_uring_cmd128(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in (a 128-byte one).' },
    { name: 'cmd_op', type: 'int', doc: 'The driver-specific command.' },
    { name: 'fd', type: 'int', doc: 'The file the command is for.' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the command\'s result, or -errno.' },
  sqe: {
    // __io_uring_prep_uring_cmd(sqe, IORING_OP_URING_CMD128, cmd_op, fd): no io_uring_prep_rw; off keeps what was there.
    set: [['opcode', 'IORING_OP_URING_CMD128'], ['fd', 'fd'], ['cmd_op', 'cmd_op'], ['__pad1', '0'], ['addr', '0'], ['len', '0']],
  },
  errors: {
    EOPNOTSUPP: 'the file has no uring_cmd handler',
    EINVAL: 'a kernel without the opcode, or (128) an SQE that is not 128 bytes',
  },
  test: {
    async effect({ catchError, completeOne, errnoNumber, expect, io_uring_check_version, io_uring_get_sqe, io_uring_prep_uring_cmd128, io_uring_queue_exit, kernelHas, liburingVersion, newRing, tempDir, UnsupportedError }) {
      const { closeSync, openSync } = await import('node:fs');
      const IORING_OP_URING_CMD128 = 64; // liburing 2.15 io_uring.h
      const dir = tempDir();
      const ring = newRing(4);
      const fd = openSync(dir.file('plain-file'), 'w+');
      try {
        const sqe = io_uring_get_sqe(ring)!;
        if (io_uring_check_version(2, 13)) {
          // liburing older than 2.13 has no io_uring_prep_uring_cmd128: importing works, calling throws UnsupportedError.
          const error = catchError(() => io_uring_prep_uring_cmd128(sqe, 1, fd));
          expect(error).toBeInstanceOf(UnsupportedError);
          expect(error).toMatchObject({ functionName: 'io_uring_prep_uring_cmd128', needed: '2.13', loaded: liburingVersion() });
          expect(error.message).toContain(`needs liburing 2.13 or newer, but liburing ${liburingVersion()} is loaded`);
          return;
        }
        io_uring_prep_uring_cmd128(sqe, 0x1234, fd);
        expect(sqe.opcode).toBe(IORING_OP_URING_CMD128);
        expect(sqe.fd).toBe(fd);
        expect(sqe.cmd_op).toBe(0x1234);
        const res = await completeOne(ring);
        if (!kernelHas(IORING_OP_URING_CMD128)) {
          // The kernel does not know the opcode (IORING_OP_URING_CMD128: Linux 6.19).
          expect(res).toBe(-errnoNumber('EINVAL'));
          return;
        }
        // A 128-byte command needs a ring with 128-byte SQEs (IORING_SETUP_SQE128 or SQE_MIXED); this one has 64-byte SQEs.
        expect(res).toBe(-errnoNumber('EINVAL'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
  },
});
