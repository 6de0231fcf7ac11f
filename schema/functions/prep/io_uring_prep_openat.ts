import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_openat',
  since: '0.3',
  category: 'prep',
  inline: true,
  summary: 'Prepare an openat of a path relative to a directory file descriptor; the completion res is the new file descriptor.',
  description:
    'Like openat(2): the completion res is the new file descriptor, or -errno. A relative path is resolved against dfd ' +
    '(AT_FDCWD: the current working directory); an absolute path ignores dfd. liburing-ts keeps the path\'s C string until the completion is seen.',
  man: 'io_uring_prep_openat(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'dfd',
      type: 'int',
      doc: 'The directory a relative path starts from: an open directory file descriptor or AT_FDCWD. Always a regular file descriptor, never a registered file index.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: "dfd >= 0 || dfd === AT_FDCWD || path.startsWith('/')", says: 'with a relative path, dfd must be an open directory file descriptor or AT_FDCWD' },
          message: 'dfd must be an open directory file descriptor or AT_FDCWD when path is relative',
          source: 'openat(2) ERRORS: "EBADF pathname is relative but dirfd is neither AT_FDCWD nor a valid file descriptor"; observed res -EBADF for dfd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'path', type: 'const char *', ownership: 'completion', doc: 'The path to open.' },
    { name: 'flags', type: 'int', doc: 'O_* open flags (O_RDONLY, O_WRONLY or O_RDWR, with O_CREAT, O_TRUNC, O_CLOEXEC...), as for openat(2).' },
    { name: 'mode', type: 'mode_t', doc: 'The permission bits of a file created with O_CREAT or O_TMPFILE (less the umask); ignored otherwise.' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the new file descriptor, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_OPENAT', fd: 'dfd', addr: 'path', len: 'mode', off: '0' }, set: [['open_flags', 'flags']] },
  quirks: [
    { text: 'unknown flag bits are dropped silently, as openat(2) does (only openat2 refuses them); the kernel adds O_LARGEFILE on 64-bit', source: 'kernel fs/open.c build_open_how() (flags & VALID_OPEN_FLAGS); io_uring/openclose.c io_openat_prep(); observed on Linux 6.18 (bit 0x4 opens normally)' },
    { text: 'IOSQE_FIXED_FILE cannot be set: dfd is always a regular descriptor (res -EBADF)', source: 'io_uring_prep_openat(3): "The directory file descriptor dfd is always a regular file descriptor"; kernel io_uring/openclose.c __io_openat_prep(); observed res -EBADF on Linux 6.18' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_openat, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_sqe_set_flags, IORING_OP_OPENAT, IOSQE_FIXED_FILE, newRing, O_CREAT, O_EXCL, O_RDONLY, O_WRONLY, tempDir, waitOne }) {
      const { openSync, closeSync, readFileSync, writeSync, statSync, fstatSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      const dfd = openSync(dir.path, 'r');
      try {
        // Create a file relative to the directory descriptor: res is the new descriptor.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_openat(sqe, dfd, 'created', O_CREAT | O_WRONLY | O_EXCL, 0o600);
        expect(sqe.opcode).toBe(IORING_OP_OPENAT);
        io_uring_sqe_set_data64(sqe, 1n);
        const { user_data, res } = waitOne(ring);
        expect(user_data).toBe(1n);
        expect(res).toBeGreaterThanOrEqual(0);
        expect(fstatSync(res).isFile()).toBe(true);
        writeSync(res, 'written through the new fd');
        closeSync(res);
        expect(readFileSync(dir.file('created'), 'utf8')).toBe('written through the new fd');
        expect(statSync(dir.file('created')).mode & 0o777).toBe(0o600);
        // O_EXCL on an existing file: -EEXIST.
        io_uring_prep_openat(io_uring_get_sqe(ring)!, dfd, 'created', O_CREAT | O_WRONLY | O_EXCL, 0o600);
        expect(waitOne(ring).res).toBe(-errnoNumber('EEXIST'));
        // A missing file without O_CREAT: -ENOENT.
        io_uring_prep_openat(io_uring_get_sqe(ring)!, dfd, 'missing', O_RDONLY, 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENOENT'));
        // An unknown flag bit (0x4) is dropped silently, as openat(2) does.
        io_uring_prep_openat(io_uring_get_sqe(ring)!, dfd, 'created', O_RDONLY | 0x4, 0);
        const lax = waitOne(ring).res;
        expect(lax).toBeGreaterThanOrEqual(0);
        closeSync(lax);
        // IOSQE_FIXED_FILE is refused: dfd is always a regular descriptor.
        const fixed = io_uring_get_sqe(ring)!;
        io_uring_prep_openat(fixed, dfd, 'created', O_RDONLY, 0);
        io_uring_sqe_set_flags(fixed, IOSQE_FIXED_FILE);
        expect(waitOne(ring).res).toBe(-errnoNumber('EBADF'));
        // An absolute path ignores dfd, even an invalid one.
        io_uring_prep_openat(io_uring_get_sqe(ring)!, -1, dir.file('created'), O_RDONLY, 0);
        const abs = waitOne(ring).res;
        expect(abs).toBeGreaterThanOrEqual(0);
        closeSync(abs);
      } finally {
        io_uring_queue_exit(ring);
        closeSync(dfd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_openat, newRing, O_RDONLY, tempDir }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('data'), 'x');
      const dfd = openSync(dir.path, 'r');
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, dfd, 'data', O_RDONLY, 0] as Parameters<typeof io_uring_prep_openat>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          closeSync(dfd);
          dir.remove();
        },
      };
    },
    violations: {
      'dfd.relation': { args: { dfd: -1 } },
    },
  },
});
