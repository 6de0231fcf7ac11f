import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_pipe',
  since: '2.12',
  kernel: '6.16',
  category: 'prep',
  inline: true,
  summary: 'Prepare the creation of a pipe, as pipe2(2): the two descriptors are stored in fds when the request completes.',
  description:
    'fds[0] receives the read end and fds[1] the write end; the completion res is 0, or -errno. pipe_flags are pipe2(2)\'s ' +
    '(O_CLOEXEC, O_NONBLOCK, O_DIRECT). Linux 6.16 (IORING_OP_PIPE); older kernels complete it with -EINVAL.',
  man: 'io_uring_prep_pipe(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    { name: 'fds', type: 'int *', dir: 'out', ownership: 'completion', count: 2, countSource: 'io_uring_prep_pipe(3): fds receives two descriptors, as pipe2(2)\'s pipefd[2]; kernel io_uring/openclose.c io_pipe() copies two ints', doc: 'Two ints (an Int32Array of length 2) that receive the read and write ends.' },
    { name: 'pipe_flags', type: 'int', doc: 'pipe2(2) flags: O_CLOEXEC, O_NONBLOCK, O_DIRECT, or 0.' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno.' },
  // pipe_flags is stored in the union member 2.12's io_uring.h calls pipe_flags, which is rw_flags' place.
  sqe: { rw: { op: 'IORING_OP_PIPE', fd: '0', addr: 'fds', len: '0', off: '0' }, set: [['rw_flags', 'pipe_flags']] },
  errors: {
    EINVAL: 'unknown pipe_flags, or a kernel without IORING_OP_PIPE (before Linux 6.16)',
    EMFILE: 'the process has no free file descriptors',
    EFAULT: 'fds is not writable memory',
  },
  test: {
    async effect({ addressOf, catchError, completeOne, errnoNumber, expect, io_uring_check_version, io_uring_get_sqe, io_uring_prep_pipe, io_uring_queue_exit, IORING_OP_PIPE, kernelHas, liburingVersion, newRing, O_CLOEXEC, UnsupportedError }) {
      const { readSync, writeSync, closeSync } = await import('node:fs');
      const ring = newRing(4);
      try {
        const sqe = io_uring_get_sqe(ring)!;
        const fds = new Int32Array([-1, -1]);
        if (io_uring_check_version(2, 12)) {
          // liburing older than 2.12 has no io_uring_prep_pipe: importing works, calling throws UnsupportedError.
          const error = catchError(() => io_uring_prep_pipe(sqe, fds, 0));
          expect(error).toBeInstanceOf(UnsupportedError);
          expect(error).toMatchObject({ functionName: 'io_uring_prep_pipe', needed: '2.12', loaded: liburingVersion() });
          expect(error.message).toContain(`needs liburing 2.12 or newer, but liburing ${liburingVersion()} is loaded`);
          return;
        }
        io_uring_prep_pipe(sqe, fds, O_CLOEXEC);
        expect(sqe.opcode).toBe(IORING_OP_PIPE);
        expect(sqe.addr).toBe(addressOf(fds));
        expect(sqe.rw_flags).toBe(O_CLOEXEC); // pipe_flags shares rw_flags' place
        const res = await completeOne(ring);
        if (!kernelHas(IORING_OP_PIPE)) {
          // Before Linux 6.16 the kernel does not know IORING_OP_PIPE.
          expect(res).toBe(-errnoNumber('EINVAL'));
          return;
        }
        expect(res).toBe(0);
        // fds now holds a real pipe: read end first.
        expect(fds[0]).toBeGreaterThan(2);
        expect(fds[1]).toBeGreaterThan(2);
        try {
          expect(writeSync(fds[1]!, 'through the pipe')).toBe(16);
          const back = Buffer.alloc(16);
          expect(readSync(fds[0]!, back)).toBe(16);
          expect(back.toString()).toBe('through the pipe');
        } finally {
          closeSync(fds[0]!);
          closeSync(fds[1]!);
        }
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_pipe, newRing }) {
      const ring = newRing(4);
      const args = [io_uring_get_sqe(ring)!, new Int32Array(2), 0] as Parameters<typeof io_uring_prep_pipe>;
      return { args, cleanup: () => exitQuietly(ring) };
    },
  },
});
