import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_register_files_update_tag',
  since: '2.1',
  category: 'register',
  summary: 'Replace nr_files slots of the fixed-file table from slot off on, with a tag each; returns how many were updated.',
  description:
    'Like io_uring_register_files_update (IORING_REGISTER_FILES_UPDATE2), and slot off + i gets tag tags[i] (0: untagged): ' +
    'when the file is later released from the slot, a CQE with user_data = the tag and res 0 is posted. Linux 5.13+.',
  man: 'io_uring_register_files_update_tag(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring, with a file table.' },
    {
      name: 'off',
      type: 'unsigned',
      doc: 'The first slot to update.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'off + nr_files <= 0xffffffff', says: 'off + nr_files must not overflow 32 bits' },
          message: 'off + nr_files must fit in 32 bits (and, for the kernel, not exceed the table size)',
          source: 'kernel io_uring/rsrc.c __io_register_rsrc_update() (check_add_overflow gives -EOVERFLOW); observed -EOVERFLOW on Linux 6.18',
          errno: 'EOVERFLOW',
        },
      ],
    },
    {
      name: 'files',
      type: 'const int *',
      count: 'nr_files',
      countSource: 'io_uring_register_files_update_tag(3): nr_files file descriptors from files; kernel io_uring/rsrc.c __io_sqe_files_update() reads nr_files ints',
      doc: 'The new fds: an fd, -1 (empty the slot) or IORING_REGISTER_FILES_SKIP (-2, leave it).',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'files.subarray(0, nr_files).every((fd) => fd >= IORING_REGISTER_FILES_SKIP)', says: 'every entry must be an fd, -1 or IORING_REGISTER_FILES_SKIP (-2)' },
          message: 'each entry must be an open file descriptor, -1 (empty the slot) or IORING_REGISTER_FILES_SKIP (-2)',
          source: 'io_uring_register(2) IORING_REGISTER_FILES_UPDATE2; kernel io_uring/rsrc.c __io_sqe_files_update(); observed -EBADF for -3 on Linux 6.18',
          errno: 'EBADF',
        },
        {
          rule: { kind: 'relation', holds: 'ring.ring_fd < 0 || !files.subarray(0, nr_files).includes(ring.ring_fd)', says: 'the ring\'s own fd cannot be put in its table' },
          message: 'files must not contain the ring\'s own fd: io_uring instances cannot be registered as fixed files (liburing-ts checks only this ring\'s fd)',
          source: 'kernel io_uring/rsrc.c __io_sqe_files_update() (io_is_uring_fops gives -EBADF); observed -EBADF on Linux 6.18',
          errno: 'EBADF',
        },
      ],
    },
    {
      name: 'tags',
      type: 'const __u64 *',
      count: 'nr_files',
      countSource: 'io_uring_register_files_update_tag(3): one tag per updated file (nr_files of them); kernel io_uring/rsrc.c __io_sqe_files_update() reads nr_files __u64 tags',
      nullable: true,
      doc: 'One tag per slot (0: untagged), or null for no tags.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'tags === null || Array.from(files.subarray(0, Math.min(nr_files, tags.length))).every((fd, i) => fd !== -1 || tags[i] === 0n)', says: 'an emptied slot (-1) cannot have a tag' },
          message: 'an entry of -1 (emptying the slot) must have tag 0',
          source: 'kernel io_uring/rsrc.c __io_sqe_files_update() (a tag with fd -1 gives -EINVAL); observed -EINVAL on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
    {
      name: 'nr_files',
      type: 'unsigned',
      doc: 'How many slots to update, from 1 on.',
      preconditions: [
        {
          rule: { kind: 'range', min: 1 },
          message: 'nr_files must be at least 1',
          source: 'kernel io_uring/rsrc.c __io_register_rsrc_update() (!nr_args gives -EINVAL); observed -EINVAL on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
  ],
  bookkeeping: 'resource-tags',
  returns: { kind: 'count', type: 'int', doc: 'How many slots were updated: nr_files, or fewer when an entry failed after some succeeded.' },
  errors: {
    ENXIO: 'the ring has no file table: register one first (io_uring_register_files_sparse)',
    EINVAL: 'off + nr_files is beyond the table, nr_files is 0, or an emptied slot has a tag',
    EOVERFLOW: 'off + nr_files overflows',
    EBADF: 'an entry is not an open fd, -1 or IORING_REGISTER_FILES_SKIP, or is an io_uring fd',
  },
  quirks: [
    { text: 'when an entry after the first fails, the call returns the number updated so far instead of the error', source: 'kernel io_uring/rsrc.c __io_register_rsrc_update(); observed on Linux 6.18' },
  ],
  test: {
    async effect({ catchError, expect, io_uring_cq_ready, io_uring_queue_exit, io_uring_register_files_sparse, io_uring_register_files_update_tag, io_uring_submit, newRing, waitOne }) {
      const { openSync, closeSync } = await import('node:fs');
      const ring = newRing(4);
      const fd = openSync('/dev/null', 'r');
      try {
        expect(io_uring_register_files_sparse(ring, 2)).toBe(0);
        // Slot 1 gets the file with tag 0x77.
        expect(io_uring_register_files_update_tag(ring, 1, Int32Array.of(fd), BigUint64Array.of(0x77n), 1)).toBe(1);
        expect(io_uring_cq_ready(ring)).toBe(0);
        // Emptying slot 1 releases the file: its tag is posted.
        expect(io_uring_register_files_update_tag(ring, 1, Int32Array.of(-1), null, 1)).toBe(1);
        io_uring_submit(ring);
        expect(waitOne(ring)).toMatchObject({ user_data: 0x77n, res: 0 });
        expect(catchError(() => io_uring_register_files_update_tag(ring, 2, Int32Array.of(fd), null, 1))).toMatchObject({ name: 'UringError', code: 'EINVAL' });
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
      }
    },
    async valid({ exitQuietly, io_uring_register_files_sparse, io_uring_register_files_update_tag, newRing }) {
      const { openSync, closeSync } = await import('node:fs');
      const ring = newRing(4);
      io_uring_register_files_sparse(ring, 4);
      const fd = openSync('/dev/null', 'r');
      const args = [ring, 0, Int32Array.of(fd), BigUint64Array.of(3n), 1] as Parameters<typeof io_uring_register_files_update_tag>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
          closeSync(fd);
        },
        ring,
      };
    },
    violations: {
      'off.relation': { args: { off: 0xffffffff } },
      'files.relation': { args: { files: () => Int32Array.of(-3) } },
      'files.relation#2': { args: { files: ({ ring }) => Int32Array.of(ring.ring_fd) } },
      'tags.relation': { args: { files: () => Int32Array.of(-1) } },
      'tags.count': { args: { tags: () => new BigUint64Array(0) } },
    },
  },
});
