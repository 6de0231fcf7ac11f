import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_fixed_fd_install',
  since: '2.6',
  category: 'prep',
  inline: true,
  summary: 'Prepare the installation of a direct descriptor (a registered file slot) as a regular file descriptor of the process.',
  description:
    'The completion res is the new file descriptor, or -errno. Afterwards the file is both in the slot and in the process\'s file table; ' +
    'either may be closed without affecting the other. The new descriptor has O_CLOEXEC unless flags has IORING_FIXED_FD_NO_CLOEXEC. ' +
    'The helper sets IOSQE_FIXED_FILE on the SQE itself. Needs Linux 6.8.',
  man: 'io_uring_prep_fixed_fd_install(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'fd',
      type: 'int',
      doc: 'The slot (from 0) of the registered file table holding the file.',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be a registered file slot (0 or more), not negative',
          source: 'io_uring_prep_fixed_fd_install(3); kernel io_uring (fixed file lookup of slot (unsigned) fd); observed res -EBADF for -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'flags',
      type: 'unsigned int',
      doc: '0 (the new descriptor gets O_CLOEXEC) or IORING_FIXED_FD_NO_CLOEXEC.',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['IORING_FIXED_FD_NO_CLOEXEC'] },
          message: 'flags must be 0 or IORING_FIXED_FD_NO_CLOEXEC',
          source: 'io_uring_prep_fixed_fd_install(3): "Setting this field to anything but those two values will result in the request being failed with -EINVAL"; observed res -EINVAL for 0x2 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the new file descriptor, or -errno.' },
  sqe: {
    rw: { op: 'IORING_OP_FIXED_FD_INSTALL', fd: 'fd', addr: '0', len: '0', off: '0' },
    set: [['flags', 'IOSQE_FIXED_FILE'], ['install_fd_flags', 'flags']],
  },
  quirks: [
    { text: 'the helper overwrites the SQE\'s flags with IOSQE_FIXED_FILE; clearing it afterwards makes the request fail with -EBADF', source: 'liburing 2.9 liburing.h io_uring_prep_fixed_fd_install; kernel io_uring/openclose.c io_install_fixed_fd_prep()' },
    { text: 'an empty slot or one past the registered table gives res -EBADF; liburing-ts does not know the table', source: 'io_uring_prep_fixed_fd_install(3) ERRORS; observed on Linux 6.18' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_fixed_fd_install, io_uring_prep_open_direct, io_uring_queue_exit, io_uring_register_files, io_uring_sqe_set_data64, IORING_FIXED_FD_NO_CLOEXEC, IORING_OP_FIXED_FD_INSTALL, IOSQE_FIXED_FILE, newRing, O_RDONLY, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync, readSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('data'), 'installed');
      try {
        // Open the file straight into slot 0: no regular descriptor exists for it.
        expect(io_uring_register_files(ring, new Int32Array([-1, -1]), 2)).toBe(0);
        io_uring_prep_open_direct(io_uring_get_sqe(ring)!, dir.file('data'), O_RDONLY, 0, 0);
        expect(waitOne(ring).res).toBe(0);
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_fixed_fd_install(sqe, 0, 0);
        expect(sqe.opcode).toBe(IORING_OP_FIXED_FD_INSTALL);
        expect(sqe.flags).toBe(IOSQE_FIXED_FILE);
        io_uring_sqe_set_data64(sqe, 6n);
        const { user_data, res: fd } = waitOne(ring);
        expect(user_data).toBe(6n);
        expect(fd).toBeGreaterThanOrEqual(0);
        // A regular descriptor of the same file.
        const buf = Buffer.alloc(16);
        expect(readSync(fd, buf, 0, 16, 0)).toBe(9);
        expect(buf.subarray(0, 9).toString()).toBe('installed');
        closeSync(fd);
        // With IORING_FIXED_FD_NO_CLOEXEC too; an empty slot gives -EBADF.
        io_uring_prep_fixed_fd_install(io_uring_get_sqe(ring)!, 0, IORING_FIXED_FD_NO_CLOEXEC);
        const fd2 = waitOne(ring).res;
        expect(fd2).toBeGreaterThanOrEqual(0);
        closeSync(fd2);
        io_uring_prep_fixed_fd_install(io_uring_get_sqe(ring)!, 1, 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('EBADF'));
      } finally {
        io_uring_queue_exit(ring);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_fixed_fd_install, io_uring_register_files, newRing, tempDir }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('data'), 'x');
      const file = openSync(dir.file('data'), 'r');
      io_uring_register_files(ring, new Int32Array([file]), 1);
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, 0, 0] as Parameters<typeof io_uring_prep_fixed_fd_install>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          closeSync(file);
          dir.remove();
        },
      };
    },
  },
});
