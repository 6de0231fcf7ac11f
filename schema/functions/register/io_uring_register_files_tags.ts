import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_register_files_tags',
  since: '2.1',
  category: 'register',
  summary: 'Register nr file descriptors as the fixed-file table with a tag each, posted as a completion when the slot\'s file is released.',
  description:
    'Like io_uring_register_files (IORING_REGISTER_FILES2). tags[i] is slot i\'s tag (0: untagged); once a tagged file is ' +
    'removed from its slot (update or unregister) and no request uses it, the kernel posts a CQE with user_data = the tag ' +
    'and res 0. Linux 5.13+.',
  man: 'io_uring_register_files_tags(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    {
      name: 'files',
      type: 'const int *',
      count: 'nr',
      countSource: 'io_uring_register_files_tags(3): nr file descriptors from files; kernel io_uring/rsrc.c io_sqe_files_register() reads nr ints',
      doc: 'The file descriptors, one per slot; -1 for an empty slot.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'files.subarray(0, nr).every((fd) => fd >= -1)', says: 'every fd must be a descriptor (>= 0) or -1 for an empty slot' },
          message: 'each entry must be an open file descriptor or -1 (an empty slot); other negative values are refused',
          source: 'io_uring_register(2) IORING_REGISTER_FILES2 and ERRORS EBADF (man2/io_uring_register.2:1064); kernel io_uring/rsrc.c io_sqe_files_register(); observed -EBADF for -2 on Linux 6.18',
          errno: 'EBADF',
        },
        {
          rule: { kind: 'relation', holds: 'ring.ring_fd < 0 || !files.subarray(0, nr).includes(ring.ring_fd)', says: 'the ring\'s own fd cannot be registered in its table' },
          message: 'files must not contain the ring\'s own fd: io_uring instances cannot be registered as fixed files (liburing-ts checks only this ring\'s fd)',
          source: 'kernel io_uring/rsrc.c io_sqe_files_register() ("Don\'t allow io_uring instances to be registered"); observed -EBADF on Linux 6.18',
          errno: 'EBADF',
        },
      ],
    },
    {
      name: 'tags',
      type: 'const __u64 *',
      count: 'nr',
      countSource: 'io_uring_register_files_tags(3): tags holds one tag per file (nr of them); kernel io_uring/rsrc.c io_sqe_files_register() reads nr __u64 tags',
      nullable: true,
      doc: 'One tag per slot (0: untagged), or null for no tags.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'tags === null || Array.from(files.subarray(0, Math.min(nr, tags.length))).every((fd, i) => fd !== -1 || tags[i] === 0n)', says: 'an empty slot (-1) cannot have a tag' },
          message: 'an empty slot (fd -1) must have tag 0: only real files can be tagged',
          source: 'kernel io_uring/rsrc.c io_sqe_files_register() (a tag on a sparse slot gives -EINVAL); observed -EINVAL on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
    {
      name: 'nr',
      type: 'unsigned',
      doc: 'How many slots (and tags), from 1 to 1048576.',
      preconditions: [
        {
          rule: { kind: 'range', min: 1 },
          message: 'nr must be at least 1',
          source: 'kernel io_uring/rsrc.c io_sqe_files_register() (!nr_args gives -EINVAL); observed -EINVAL on Linux 6.18',
          errno: 'EINVAL',
        },
        {
          rule: { kind: 'range', max: 1048576 },
          message: 'nr must not exceed 1048576 (IORING_MAX_FIXED_FILES); nor RLIMIT_NOFILE, which liburing tries to raise once',
          source: 'kernel io_uring/rsrc.c IORING_MAX_FIXED_FILES (1 << 20); observed -EMFILE for 1048577 on Linux 6.18',
          errno: 'EMFILE',
        },
      ],
    },
  ],
  bookkeeping: ['resource-tags', { kind: 'files-register', count: 'nr' }],
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  errors: {
    EBADF: 'an entry is neither an open fd nor -1, or is an io_uring fd',
    EBUSY: 'the ring already has a file table',
    EINVAL: 'nr is 0, or an empty slot (-1) has a tag',
    EMFILE: 'nr exceeds 1048576 or RLIMIT_NOFILE (liburing raised the soft limit once and retried)',
  },
  quirks: [
    { text: 'on -EMFILE liburing raises the process\'s RLIMIT_NOFILE soft limit by nr and retries once', source: 'liburing 2.9 src/register.c io_uring_register_files_tags()' },
    { text: 'the tag completions are ordinary CQEs in the ring (user_data = tag, res 0): a completion loop must expect them', source: 'io_uring_register(2) IORING_REGISTER_BUFFERS2 (resource tagging); observed on Linux 6.18' },
  ],
  test: {
    async effect({ expect, io_uring_cq_ready, io_uring_queue_exit, io_uring_register_files_tags, io_uring_register_files_update, io_uring_submit, io_uring_unregister_files, newRing, waitOne }) {
      const { openSync, closeSync } = await import('node:fs');
      const ring = newRing(4);
      const fd = openSync('/dev/null', 'r');
      try {
        // Slot 0 tagged 0x51, slot 1 untagged, slot 2 empty.
        expect(io_uring_register_files_tags(ring, Int32Array.of(fd, fd, -1), BigUint64Array.of(0x51n, 0n, 0n), 3)).toBe(0);
        // Replacing slot 0 releases its file: the tag is posted.
        expect(io_uring_register_files_update(ring, 0, Int32Array.of(-1), 1)).toBe(1);
        io_uring_submit(ring);
        expect(waitOne(ring)).toMatchObject({ user_data: 0x51n, res: 0 });
        // Unregistering releases slot 1, untagged: nothing is posted.
        expect(io_uring_unregister_files(ring)).toBe(0);
        io_uring_submit(ring);
        expect(io_uring_cq_ready(ring)).toBe(0);
        // Without tags it is plain registration.
        expect(io_uring_register_files_tags(ring, Int32Array.of(fd), null, 1)).toBe(0);
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
      }
    },
    async valid({ exitQuietly, io_uring_register_files_tags, newRing }) {
      const { openSync, closeSync } = await import('node:fs');
      const ring = newRing(4);
      const fd = openSync('/dev/null', 'r');
      const args = [ring, Int32Array.of(fd), BigUint64Array.of(7n), 1] as Parameters<typeof io_uring_register_files_tags>;
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
      'files.relation': { args: { files: () => Int32Array.of(-2) } },
      'files.relation#2': { args: { files: ({ ring }) => Int32Array.of(ring.ring_fd) } },
      'tags.relation': { args: { files: () => Int32Array.of(-1) } },
      'tags.count': { args: { tags: () => new BigUint64Array(0) } },
      // The arrays hold nr entries (the count rules): the kernel refuses the size before it reads them.
      'nr.range#2': { args: { files: () => new Int32Array(1048577).fill(-1), tags: () => new BigUint64Array(1048577), nr: 1048577 } },
    },
  },
});
