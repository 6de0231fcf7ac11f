import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_register',
  since: '0.1',
  category: 'register',
  summary: 'The io_uring_register(2) system call itself: run register opcode on the ring fd with arg and nr_args, as the kernel defines them.',
  description:
    'The raw syscall wrapper; every io_uring_register_* helper is a call of it. fd is a ring fd (ring.ring_fd), or, with ' +
    'IORING_REGISTER_USE_REGISTERED_RING ored into opcode, a registered ring index (ring.enter_ring_fd after ' +
    'io_uring_register_ring_fd). What arg points to and what nr_args counts depend on the opcode (io_uring_register(2)). ' +
    'Prefer the typed helpers: only they can check their arguments.',
  man: 'io_uring_register(2)',
  // Some opcodes wait (IORING_REGISTER_SYNC_CANCEL with no timeout), and most read or write memory the wrapper cannot
  // size: the property test only calls it with arguments refused before C.
  mayBlock: true,
  params: [
    { name: 'fd', type: 'unsigned int', doc: 'The ring fd, or a registered ring index with IORING_REGISTER_USE_REGISTERED_RING.' },
    { name: 'opcode', type: 'unsigned int', doc: 'An IORING_REGISTER_* / IORING_UNREGISTER_* opcode, optionally with IORING_REGISTER_USE_REGISTERED_RING.' },
    { name: 'arg', type: 'const void *', nullable: true, doc: 'The opcode\'s argument (an array or struct, as bytes), or null for opcodes that take none.' },
    { name: 'nr_args', type: 'unsigned int', doc: 'The opcode\'s count: entries in arg, its size in bytes, or a value (e.g. the personality id), per io_uring_register(2).' },
  ],
  bookkeeping: 'register-raw',
  returns: { kind: 'errno', type: 'int', doc: '0 or a positive value that depends on the opcode (e.g. a personality id).' },
  errors: {
    EBADF: 'fd is not an open file descriptor, or not a registered ring index',
    EOPNOTSUPP: 'fd is not an io_uring fd',
    EINVAL: 'an unknown opcode, or arguments the opcode refuses',
    EACCES: 'the ring\'s registered restrictions do not allow this opcode',
    EFAULT: 'arg is not accessible memory',
  },
  quirks: [
    { text: 'liburing-ts cannot check arg against nr_args here: their meaning depends on the opcode (an iovec count, a byte size, an id). An arg smaller than the opcode reads or writes is memory corruption; the typed helpers check it', source: 'io_uring_register(2) (each opcode\'s arg and nr_args)' },
    { text: 'returns -errno and never sets errno', source: 'io_uring_register(2) RETURN VALUE ("The caller should not rely on the errno variable", man2/io_uring_register.2:1047-1053); liburing 2.9 src/syscall.h' },
  ],
  test: {
    async effect({ catchError, expect, io_uring_get_sqe, io_uring_opcode_supported, io_uring_prep_nop, io_uring_prep_read, io_uring_queue_exit, io_uring_register, io_uring_sqe_set_flags, IORING_OP_NOP, IORING_OP_WRITE, IORING_REGISTER_FILES, IORING_REGISTER_PERSONALITY, IORING_REGISTER_PROBE, IORING_UNREGISTER_FILES, IOSQE_FIXED_FILE, IoUringProbe, newRing, waitOne }) {
      const { openSync, closeSync } = await import('node:fs');
      const ring = newRing(4);
      const devnull = openSync('/dev/null', 'r');
      try {
        // IORING_REGISTER_PROBE into a zeroed probe of 256 ops, passed as bytes.
        const probe = new IoUringProbe();
        expect(io_uring_register(ring.ring_fd, IORING_REGISTER_PROBE, probe.bytes, 256)).toBe(0);
        expect(probe.last_op).toBeGreaterThanOrEqual(IORING_OP_WRITE);
        expect(io_uring_opcode_supported(probe, IORING_OP_NOP)).toBe(1);
        // A positive result: a personality id, usable in an SQE.
        const id = io_uring_register(ring.ring_fd, IORING_REGISTER_PERSONALITY, null, 0);
        expect(id).toBeGreaterThan(0);
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        sqe.personality = id;
        expect(waitOne(ring).res).toBe(0);
        // IORING_REGISTER_FILES with an int array: slot 0 then serves IOSQE_FIXED_FILE requests.
        expect(io_uring_register(ring.ring_fd, IORING_REGISTER_FILES, Int32Array.of(devnull), 1)).toBe(0);
        const read = io_uring_get_sqe(ring)!;
        io_uring_prep_read(read, 0, new Uint8Array(8), 8, 0);
        io_uring_sqe_set_flags(read, IOSQE_FIXED_FILE);
        expect(waitOne(ring).res).toBe(0); // end of file at once: /dev/null
        // The kernel's errors: not a ring fd, an unknown opcode, an opcode's own rules.
        expect(catchError(() => io_uring_register(devnull, IORING_REGISTER_PERSONALITY, null, 0))).toMatchObject({ name: 'UringError', code: 'EOPNOTSUPP' });
        expect(catchError(() => io_uring_register(ring.ring_fd, 0xfe, null, 0))).toMatchObject({ name: 'UringError', code: 'EINVAL' });
        expect(catchError(() => io_uring_register(ring.ring_fd, IORING_UNREGISTER_FILES, null, 1))).toMatchObject({ name: 'UringError', code: 'EINVAL' });
        expect(io_uring_register(ring.ring_fd, IORING_UNREGISTER_FILES, null, 0)).toBe(0);
      } finally {
        io_uring_queue_exit(ring);
        closeSync(devnull);
      }
    },
  },
});
