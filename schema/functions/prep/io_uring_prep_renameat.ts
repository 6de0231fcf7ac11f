import { defineFunction } from '../../language.js';

const dfdRule = (dfd: string, path: string) => ({
  rule: { kind: 'relation' as const, holds: `${dfd} >= 0 || ${dfd} === AT_FDCWD || ${path}.startsWith('/')`, says: `with a relative ${path}, ${dfd} must be an open directory file descriptor or AT_FDCWD` },
  message: `${dfd} must be an open directory file descriptor or AT_FDCWD when ${path} is relative`,
  source: 'rename(2) ERRORS (renameat): "EBADF oldpath (newpath) is relative but olddirfd (newdirfd) is neither AT_FDCWD nor a valid file descriptor"; observed res -EBADF for -1 on Linux 6.18',
  errno: 'EBADF',
  reportedIn: 'cqe' as const
});

export default defineFunction({
  name: 'io_uring_prep_renameat',
  since: '2.0',
  category: 'prep',
  inline: true,
  summary: 'Prepare a renameat2: move oldpath (relative to olddfd) to newpath (relative to newdfd), with RENAME_* flags.',
  description:
    'Like renameat2(2): the completion res is 0, or -errno. With flags 0 it is renameat(2). ' +
    'liburing-ts keeps both paths\' C strings until the completion is seen.',
  man: 'io_uring_prep_renameat(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    { name: 'olddfd', type: 'int', doc: 'The directory a relative oldpath starts from: an open directory file descriptor or AT_FDCWD.', preconditions: [dfdRule('olddfd', 'oldpath')] },
    { name: 'oldpath', type: 'const char *', ownership: 'completion', doc: 'The path to move.' },
    { name: 'newdfd', type: 'int', doc: 'The directory a relative newpath starts from: an open directory file descriptor or AT_FDCWD.', preconditions: [dfdRule('newdfd', 'newpath')] },
    { name: 'newpath', type: 'const char *', ownership: 'completion', doc: 'The new path; an existing file there is replaced (unless RENAME_NOREPLACE).' },
    {
      name: 'flags',
      type: 'unsigned int',
      doc: '0, RENAME_NOREPLACE (fail with -EEXIST if newpath exists), RENAME_EXCHANGE (swap the two) or RENAME_WHITEOUT.',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['RENAME_NOREPLACE', 'RENAME_EXCHANGE', 'RENAME_WHITEOUT'] },
          message: 'flags may hold only RENAME_NOREPLACE, RENAME_EXCHANGE and RENAME_WHITEOUT',
          source: 'rename(2) ERRORS: "EINVAL An invalid flag was specified in flags"; kernel fs/namei.c do_renameat2(); observed res -EINVAL for 0x8 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: '!(hasFlag(flags, RENAME_NOREPLACE) && hasFlag(flags, RENAME_EXCHANGE))', says: 'RENAME_NOREPLACE and RENAME_EXCHANGE cannot be combined' },
          message: 'flags cannot have both RENAME_NOREPLACE and RENAME_EXCHANGE',
          source: 'rename(2) ERRORS: "EINVAL Both RENAME_NOREPLACE and RENAME_EXCHANGE were specified in flags"; observed res -EINVAL on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno.' },
  sqe: {
    rw: { op: 'IORING_OP_RENAMEAT', fd: 'olddfd', addr: 'oldpath', len: 'newdfd', off: 'newpath' },
    set: [['rename_flags', 'flags']],
  },
  quirks: [
    { text: 'the SQE carries newdfd in len and newpath in off', source: 'liburing 2.9 liburing.h io_uring_prep_renameat' },
    { text: 'RENAME_EXCHANGE and RENAME_NOREPLACE depend on the filesystem (-EINVAL where unsupported); RENAME_WHITEOUT needs CAP_MKNOD', source: 'rename(2) ERRORS' },
  ],
  test: {
    async effect({ AT_FDCWD, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_renameat, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_RENAMEAT, newRing, RENAME_EXCHANGE, RENAME_NOREPLACE, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync, readFileSync, existsSync, mkdirSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      mkdirSync(dir.file('a'));
      mkdirSync(dir.file('b'));
      writeFileSync(dir.file('a/one'), 'first');
      writeFileSync(dir.file('b/two'), 'second');
      const a = openSync(dir.file('a'), 'r');
      const b = openSync(dir.file('b'), 'r');
      try {
        // Move a/one to b/moved, each path relative to its own directory descriptor.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_renameat(sqe, a, 'one', b, 'moved', 0);
        expect(sqe.opcode).toBe(IORING_OP_RENAMEAT);
        io_uring_sqe_set_data64(sqe, 8n);
        expect(waitOne(ring)).toMatchObject({ user_data: 8n, res: 0 });
        expect(existsSync(dir.file('a/one'))).toBe(false);
        expect(readFileSync(dir.file('b/moved'), 'utf8')).toBe('first');
        // RENAME_NOREPLACE refuses an existing target.
        io_uring_prep_renameat(io_uring_get_sqe(ring)!, b, 'moved', b, 'two', RENAME_NOREPLACE);
        expect(waitOne(ring).res).toBe(-errnoNumber('EEXIST'));
        // RENAME_EXCHANGE swaps the two files.
        io_uring_prep_renameat(io_uring_get_sqe(ring)!, b, 'moved', b, 'two', RENAME_EXCHANGE);
        expect(waitOne(ring).res).toBe(0);
        expect(readFileSync(dir.file('b/moved'), 'utf8')).toBe('second');
        expect(readFileSync(dir.file('b/two'), 'utf8')).toBe('first');
        // A missing source: -ENOENT.
        io_uring_prep_renameat(io_uring_get_sqe(ring)!, a, 'none', AT_FDCWD, dir.file('x'), 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENOENT'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(a);
        closeSync(b);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_renameat, newRing, tempDir }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('old'), 'x');
      const dfd = openSync(dir.path, 'r');
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, dfd, 'old', dfd, 'new', 0] as Parameters<typeof io_uring_prep_renameat>;
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
      'olddfd.relation': { args: { olddfd: -1 } },
      'newdfd.relation': { args: { newdfd: -1 } },
      'flags.relation': { args: { flags: (_, { RENAME_EXCHANGE, RENAME_NOREPLACE }) => RENAME_NOREPLACE | RENAME_EXCHANGE } },
    },
  },
});
