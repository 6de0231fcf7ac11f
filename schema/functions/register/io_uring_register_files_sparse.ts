import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_register_files_sparse',
  since: '2.2',
  category: 'register',
  summary: 'Register a fixed-file table of nr empty slots, for direct descriptors or later io_uring_register_files_update.',
  description:
    'IORING_REGISTER_FILES2 with IORING_RSRC_REGISTER_SPARSE: no fd array is needed. Direct-descriptor requests (openat_direct, ' +
    'accept_direct, socket_direct with IORING_FILE_INDEX_ALLOC) fill the slots. Linux 5.19+.',
  man: 'io_uring_register_files_sparse(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    {
      name: 'nr',
      type: 'unsigned',
      doc: 'How many slots, from 1 to 1048576.',
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
          source: 'io_uring_register_files_sparse(3) (RLIMIT_NOFILE, man3/io_uring_register_files.3:60-66); kernel io_uring/rsrc.c IORING_MAX_FIXED_FILES (1 << 20); observed -EMFILE for 1048577 on Linux 6.18',
          errno: 'EMFILE',
        },
      ],
    },
  ],
  bookkeeping: { kind: 'files-register', count: 'nr' },
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  errors: {
    EBUSY: 'the ring already has a file table',
    EINVAL: 'nr is 0, or the kernel is older than 5.19',
    EMFILE: 'nr exceeds 1048576 or RLIMIT_NOFILE (liburing raised the soft limit once and retried)',
    ENOMEM: 'not enough memory for the table',
  },
  quirks: [
    { text: 'on -EMFILE liburing raises the process\'s RLIMIT_NOFILE soft limit by nr (setrlimit, silently ignored when it fails) and retries once; with RLIMIT_NOFILE 20000 here, nr = 1048576 still fails with -EMFILE', source: 'io_uring_register_files_sparse(3); liburing 2.9 src/register.c increase_rlimit_nofile(); observed on Linux 6.18' },
  ],
  test: {
    async effect({ catchError, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_read, io_uring_queue_exit, io_uring_register_files_sparse, io_uring_register_files_update, io_uring_sqe_set_flags, IOSQE_FIXED_FILE, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync, readFileSync } = await import('node:fs');
      const dir = tempDir();
      writeFileSync(dir.file('data'), 'sparse table');
      const fd = openSync(dir.file('data'), 'r');
      const ring = newRing(4);
      try {
        expect(io_uring_register_files_sparse(ring, 8)).toBe(0);
        expect(readFileSync(`/proc/self/fdinfo/${ring.ring_fd}`, 'utf8')).toMatch(/UserFiles:\s+8/);
        const buf = new Uint8Array(16);
        const readSlot = (slot: number) => {
          const sqe = io_uring_get_sqe(ring)!;
          io_uring_prep_read(sqe, slot, buf, 6, 0);
          io_uring_sqe_set_flags(sqe, IOSQE_FIXED_FILE);
          return waitOne(ring).res;
        };
        // Every slot starts empty.
        expect(readSlot(5)).toBe(-errnoNumber('EBADF'));
        expect(io_uring_register_files_update(ring, 5, Int32Array.of(fd), 1)).toBe(1);
        expect(readSlot(5)).toBe(6);
        expect(Buffer.from(buf.subarray(0, 6)).toString()).toBe('sparse');
        expect(catchError(() => io_uring_register_files_sparse(ring, 8))).toMatchObject({ name: 'UringError', code: 'EBUSY' });
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_register_files_sparse, newRing }) {
      const ring = newRing(4);
      const args = [ring, 16] as Parameters<typeof io_uring_register_files_sparse>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
  },
});
