import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_statx',
  since: '0.3',
  category: 'prep',
  inline: true,
  summary: 'Prepare a statx of a path (or, with AT_EMPTY_PATH and an empty path, of dfd itself) into a struct statx.',
  description:
    'Like statx(2): the completion res is 0 and statxbuf is filled in (stx_mask says which fields), or -errno. ' +
    'The kernel writes statxbuf when the request runs, so liburing-ts keeps it and the path\'s C string until the completion is seen.',
  man: 'io_uring_prep_statx(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'dfd',
      type: 'int',
      doc: 'The directory a relative path starts from (an open file descriptor or AT_FDCWD); with AT_EMPTY_PATH and path "", the file to stat.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: "dfd >= 0 || dfd === AT_FDCWD || path.startsWith('/')", says: 'with a relative (or empty) path, dfd must be an open file descriptor or AT_FDCWD' },
          message: 'dfd must be an open file descriptor or AT_FDCWD when path is relative or empty',
          source: 'statx(2) ERRORS: "EBADF pathname is relative and dirfd is neither AT_FDCWD nor a valid file descriptor"; observed res -EBADF for dfd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'path', type: 'const char *', ownership: 'completion', doc: 'The path to stat; "" with AT_EMPTY_PATH stats dfd.' },
    {
      name: 'flags',
      type: 'int',
      doc: 'AT_SYMLINK_NOFOLLOW, AT_NO_AUTOMOUNT, AT_EMPTY_PATH, and one of AT_STATX_SYNC_AS_STAT (0), AT_STATX_FORCE_SYNC, AT_STATX_DONT_SYNC.',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['AT_SYMLINK_NOFOLLOW', 'AT_NO_AUTOMOUNT', 'AT_EMPTY_PATH', 'AT_STATX_FORCE_SYNC', 'AT_STATX_DONT_SYNC'] },
          message: 'flags may hold only AT_SYMLINK_NOFOLLOW, AT_NO_AUTOMOUNT, AT_EMPTY_PATH, AT_STATX_FORCE_SYNC and AT_STATX_DONT_SYNC',
          source: 'statx(2) ERRORS: "EINVAL Invalid flag specified in flags"; kernel fs/stat.c vfs_statx()/do_statx(); observed res -EINVAL for bit 0x1 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: '(flags & AT_STATX_SYNC_TYPE) !== AT_STATX_SYNC_TYPE', says: 'set at most one of AT_STATX_FORCE_SYNC and AT_STATX_DONT_SYNC' },
          message: 'flags cannot have both AT_STATX_FORCE_SYNC and AT_STATX_DONT_SYNC',
          source: 'statx(2): the AT_STATX_SYNC_TYPE bits select one mode; kernel fs/stat.c do_statx() ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE gives -EINVAL); observed res -EINVAL on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'mask',
      type: 'unsigned',
      doc: 'STATX_* bits of the fields wanted (STATX_BASIC_STATS for those of stat(2)); the kernel may fill in more or fewer, as stx_mask reports.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: '!hasFlag(mask, STATX__RESERVED)', says: 'mask must not have STATX__RESERVED (bit 31) set' },
          message: 'mask must not have STATX__RESERVED (0x80000000) set',
          source: 'statx(2) ERRORS: "EINVAL Reserved flag specified in mask"; kernel fs/stat.c do_statx(); observed res -EINVAL on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'statxbuf', type: 'struct statx *', dir: 'out', ownership: 'completion', doc: 'Receives the file\'s status.' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0 (statxbuf filled in), or -errno.' },
  sqe: { rw: { op: 'IORING_OP_STATX', fd: 'dfd', addr: 'path', len: 'mask', off: 'statxbuf' }, set: [['statx_flags', 'flags']] },
  quirks: [
    { text: 'statxbuf travels in the SQE\'s off field and the mask in len; the kernel writes statxbuf when the request executes, not at submit, so it must stay valid until the completion (unlike the path)', source: 'liburing 2.9 liburing.h io_uring_prep_statx; kernel io_uring/statx.c' },
    { text: 'IOSQE_FIXED_FILE cannot be set: dfd is a regular descriptor (res -EBADF)', source: 'kernel io_uring/statx.c io_statx_prep(); observed res -EBADF on Linux 6.18' },
  ],
  test: {
    async effect({ AT_EMPTY_PATH, AT_FDCWD, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_statx, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_STATX, newRing, Statx, STATX_BASIC_STATS, STATX_SIZE, STATX_TYPE, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync, statSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('data'), 'twelve bytes');
      const fd = openSync(dir.file('data'), 'r');
      try {
        const st = new Statx();
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_statx(sqe, AT_FDCWD, dir.file('data'), 0, STATX_BASIC_STATS, st);
        expect(sqe.opcode).toBe(IORING_OP_STATX);
        io_uring_sqe_set_data64(sqe, 4n);
        expect(waitOne(ring)).toMatchObject({ user_data: 4n, res: 0 });
        expect(st.stx_mask & STATX_SIZE).toBe(STATX_SIZE);
        expect(st.stx_size).toBe(12n);
        expect(st.stx_mode & 0o170000).toBe(0o100000); // S_IFREG
        expect(st.stx_ino).toBe(BigInt(statSync(dir.file('data')).ino));
        // AT_EMPTY_PATH with an empty path: the status of dfd itself.
        const byFd = new Statx();
        io_uring_prep_statx(io_uring_get_sqe(ring)!, fd, '', AT_EMPTY_PATH, STATX_SIZE, byFd);
        expect(waitOne(ring).res).toBe(0);
        expect(byFd.stx_size).toBe(12n);
        // A directory, relative to dfd; and a missing path gives -ENOENT.
        const dirfd = openSync(dir.path, 'r');
        try {
          io_uring_prep_statx(io_uring_get_sqe(ring)!, dirfd, '.', 0, STATX_TYPE, byFd);
          expect(waitOne(ring).res).toBe(0);
          expect(byFd.stx_mode & 0o170000).toBe(0o040000); // S_IFDIR
          io_uring_prep_statx(io_uring_get_sqe(ring)!, dirfd, 'missing', 0, STATX_TYPE, byFd);
          expect(waitOne(ring).res).toBe(-errnoNumber('ENOENT'));
        } finally {
          closeSync(dirfd);
        }
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_statx, newRing, Statx, STATX_BASIC_STATS, tempDir }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('data'), 'x');
      const dfd = openSync(dir.path, 'r');
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, dfd, 'data', 0, STATX_BASIC_STATS, new Statx()] as Parameters<typeof io_uring_prep_statx>;
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
      'flags.relation': { args: { flags: (_, { AT_STATX_DONT_SYNC, AT_STATX_FORCE_SYNC }) => AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC } },
      'mask.relation': { args: { mask: (_, { STATX__RESERVED }) => STATX__RESERVED } },
    },
  },
});
