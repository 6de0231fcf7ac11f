import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_pipe_direct',
  since: '2.12',
  category: 'prep',
  inline: true,
  summary: 'Prepare the creation of a pipe whose two ends go into the ring\'s registered file table (direct descriptors).',
  description:
    'With file_index n, the read end goes to slot n and the write end to n + 1 (both must be free); with IORING_FILE_INDEX_ALLOC ' +
    'the kernel picks free slots. The slots are stored in fds when the request completes. Needs a registered file table ' +
    '(io_uring_register_files or _sparse). Linux 6.16 (IORING_OP_PIPE).',
  man: 'io_uring_prep_pipe_direct(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    { name: 'fds', type: 'int *', count: 2, countSource: 'io_uring_prep_pipe_direct(3): fds receives the two slots, as pipe2(2)\'s pipefd[2]; kernel io_uring/openclose.c io_pipe() copies two ints', dir: 'out', ownership: 'completion', doc: 'Two ints (an Int32Array of length 2) that receive the slots of the read and write ends.' },
    { name: 'pipe_flags', type: 'int', doc: 'pipe2(2) flags, or 0.' },
    { name: 'file_index', type: 'unsigned int', doc: 'The slot of the read end (the write end takes the next), or IORING_FILE_INDEX_ALLOC.' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno.' },
  sqe: {
    // io_uring_prep_pipe(sqe, fds, pipe_flags) (pipe_flags in rw_flags' place), then
    // if (file_index == IORING_FILE_INDEX_ALLOC) file_index--; __io_uring_set_target_fixed_file(sqe, file_index): file_index + 1.
    rw: { op: 'IORING_OP_PIPE', fd: '0', addr: 'fds', len: '0', off: '0' },
    set: [['rw_flags', 'pipe_flags'], ['file_index', '(file_index === IORING_FILE_INDEX_ALLOC ? file_index - 1 : file_index) + 1']],
  },
  errors: {
    ENFILE: 'no free slot: the ring has no registered file table (observed on Linux 6.18), or IORING_FILE_INDEX_ALLOC found none free',
    EINVAL: 'unknown pipe_flags, a slot outside the table, or a kernel without IORING_OP_PIPE (before Linux 6.16)',
  },
  test: {
    async effect({ catchError, completeOne, errnoNumber, expect, io_uring_check_version, io_uring_get_sqe, io_uring_prep_pipe_direct, io_uring_queue_exit, IORING_FILE_INDEX_ALLOC, IORING_OP_PIPE, kernelHas, liburingVersion, newRing, UnsupportedError }) {
      const ring = newRing(4);
      try {
        const sqe = io_uring_get_sqe(ring)!;
        const fds = new Int32Array([-1, -1]);
        if (io_uring_check_version(2, 12)) {
          // liburing older than 2.12 has no io_uring_prep_pipe_direct: importing works, calling throws UnsupportedError.
          const error = catchError(() => io_uring_prep_pipe_direct(sqe, fds, 0, 0));
          expect(error).toBeInstanceOf(UnsupportedError);
          expect(error).toMatchObject({ functionName: 'io_uring_prep_pipe_direct', needed: '2.12', loaded: liburingVersion() });
          expect(error.message).toContain(`needs liburing 2.12 or newer, but liburing ${liburingVersion()} is loaded`);
          return;
        }
        io_uring_prep_pipe_direct(sqe, fds, 0, 4);
        expect(sqe.opcode).toBe(IORING_OP_PIPE);
        // The direct descriptor slot is stored plus one (0 means "not direct").
        expect(sqe.file_index).toBe(5);
        const res = await completeOne(ring);
        if (!kernelHas(IORING_OP_PIPE)) {
          expect(res).toBe(-errnoNumber('EINVAL'));
          return;
        }
        // This ring has no registered file table, so there is no slot 4 to install into.
        expect(res).toBe(-errnoNumber('ENXIO'));
        expect(Array.from(fds)).toEqual([-1, -1]);
        // IORING_FILE_INDEX_ALLOC is stored as is (liburing subtracts one before adding it back).
        const alloc = io_uring_get_sqe(ring)!;
        io_uring_prep_pipe_direct(alloc, fds, 0, IORING_FILE_INDEX_ALLOC);
        expect(alloc.file_index).toBe(IORING_FILE_INDEX_ALLOC);
        expect(await completeOne(ring)).toBe(-errnoNumber('ENFILE'));
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    // A prepared SQE that is never submitted: what the rules (the element count) are checked against.
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_pipe_direct, newRing }) {
      const ring = newRing(4);
      const args = [io_uring_get_sqe(ring)!, new Int32Array(2), 0, 0] as Parameters<typeof io_uring_prep_pipe_direct>;
      return { args, cleanup: () => exitQuietly(ring) };
    },
  },
});
