import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_uring_cmd',
  since: '2.13',
  category: 'prep',
  inline: true,
  summary: 'Prepare a passthrough command cmd_op for the file fd (IORING_OP_URING_CMD), with the command fields zeroed.',
  description:
    'What the command does is up to the file\'s driver (NVMe passthrough, sockets, ublk); the caller fills in the command-specific SQE fields after this. A file without a uring_cmd handler completes it with -EOPNOTSUPP.',
  man: 'io_uring_prep_uring_cmd(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    { name: 'cmd_op', type: 'int', doc: 'The driver-specific command.' },
    { name: 'fd', type: 'int', doc: 'The file the command is for.' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the command\'s result, or -errno.' },
  sqe: {
    // __io_uring_prep_uring_cmd(sqe, IORING_OP_URING_CMD, cmd_op, fd): no io_uring_prep_rw; off keeps what was there.
    set: [['opcode', 'IORING_OP_URING_CMD'], ['fd', 'fd'], ['cmd_op', 'cmd_op'], ['__pad1', '0'], ['addr', '0'], ['len', '0']],
  },
  errors: {
    EOPNOTSUPP: 'the file has no uring_cmd handler',
    EINVAL: 'a kernel without the opcode, or (128) an SQE that is not 128 bytes',
  },
  test: {
    async effect({ catchError, completeOne, errnoNumber, expect, io_uring_check_version, io_uring_get_sqe, io_uring_prep_uring_cmd, io_uring_queue_exit, IORING_OP_URING_CMD, kernelHas, liburingVersion, newRing, tempDir, UnsupportedError }) {
      const { closeSync, openSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      const fd = openSync(dir.file('plain-file'), 'w+');
      try {
        const sqe = io_uring_get_sqe(ring)!;
        if (io_uring_check_version(2, 13)) {
          // liburing older than 2.13 has no io_uring_prep_uring_cmd: importing works, calling throws UnsupportedError.
          const error = catchError(() => io_uring_prep_uring_cmd(sqe, 1, fd));
          expect(error).toBeInstanceOf(UnsupportedError);
          expect(error).toMatchObject({ functionName: 'io_uring_prep_uring_cmd', needed: '2.13', loaded: liburingVersion() });
          expect(error.message).toContain(`needs liburing 2.13 or newer, but liburing ${liburingVersion()} is loaded`);
          return;
        }
        io_uring_prep_uring_cmd(sqe, 0x1234, fd);
        expect(sqe.opcode).toBe(IORING_OP_URING_CMD);
        expect(sqe.fd).toBe(fd);
        expect(sqe.cmd_op).toBe(0x1234);
        const res = await completeOne(ring);
        if (!kernelHas(IORING_OP_URING_CMD)) {
          // The kernel does not know the opcode.
          expect(res).toBe(-errnoNumber('EINVAL'));
          return;
        }
        // The request reaches the file: a regular file has no uring_cmd handler.
        expect(res).toBe(-errnoNumber('EOPNOTSUPP'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
  },
});
