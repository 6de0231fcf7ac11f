import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_writev2',
  since: '2.2',
  category: 'prep',
  inline: true,
  summary: 'Prepare a vectored write from the buffers of an iovec array, at an offset, with RWF_* flags.',
  description:
    'Like pwritev2(2): the buffers are written in order and the completion res is the total number of bytes written, or -errno. ' +
    'With flags 0 it is io_uring_prep_writev. liburing-ts keeps the iovec array and the memory its entries point to reachable until the completion is seen.',
  man: 'io_uring_prep_writev2(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'fd',
      type: 'int',
      doc: 'The file descriptor to write to (with IOSQE_FIXED_FILE: an index into the registered files).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be an open file descriptor (or, with IOSQE_FIXED_FILE, a registered file index), not negative',
          source: 'pwritev2(2) (writev(2)) EBADF; io_uring_prep_writev2(3) ERRORS (res is -errno); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'iovecs',
      type: 'const struct iovec *',
      count: 'nr_vecs',
      countSource: 'io_uring_prep_writev2(3): iovecs is an array of nr_vecs struct iovec; kernel lib/iov_iter.c __import_iovec() copies nr_vecs of them',
      ownership: 'completion',
      doc: 'The buffers to write, e.g. Iovec.array(n) with each item\'s iov_base set to memory and iov_len to its length.',
    },
    {
      name: 'nr_vecs',
      type: 'unsigned',
      doc: 'How many iovecs to use, at most 1024 (UIO_MAXIOV).',
      preconditions: [
        {
          rule: { kind: 'range', max: 1024 },
          message: 'nr_vecs must be at most 1024 (UIO_MAXIOV)',
          source: 'writev(2) EINVAL ("iovcnt is greater than the permitted maximum"); kernel lib/iov_iter.c iovec_from_user(); observed res -EINVAL for 1025 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'offset',
      type: '__u64',
      minusOne: 'the current file position, which the write uses and advances (0xffffffffffffffffn is the same)',
      doc: 'The file offset to write at. Must be 0 or -1 for files that cannot seek.',
    },
    {
      name: 'flags',
      type: 'int',
      doc: 'RWF_HIPRI, RWF_DSYNC, RWF_SYNC, RWF_NOWAIT, RWF_APPEND (write at the end of the file, whatever the offset), RWF_NOAPPEND, RWF_ATOMIC, RWF_DONTCACHE, RWF_NOSIGNAL (the kernel decides which it supports).',
      preconditions: [
        {
          rule: { kind: 'flags', group: 'Rwf', decidedBy: 'kernel' },
          message: 'flags may hold only RWF_* flags (linux/fs.h): liburing passes them to the kernel, which refuses those it does not know with -EOPNOTSUPP',
          source: 'pwritev2(2) ERRORS: "EOPNOTSUPP An unknown flag is specified in flags"; kernel include/linux/fs.h kiocb_set_rw_flags(); observed res -EOPNOTSUPP for 0x40000000 on Linux 6.18',
          errno: 'EOPNOTSUPP',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the total number of bytes written, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_WRITEV', fd: 'fd', addr: 'iovecs', len: 'nr_vecs', off: 'offset' }, set: [['rw_flags', 'flags']] },
  quirks: [
    { text: 'RWF_HIPRI needs a ring set up with IORING_SETUP_IOPOLL (and a file that supports polled I/O, opened with O_DIRECT); on another ring the write completes with -EINVAL', source: 'kernel io_uring/rw.c io_rw_init_file() (IOCB_HIPRI without IORING_SETUP_IOPOLL); observed res -EINVAL on Linux 6.18' },
    { text: 'RWF_APPEND writes at the end of the file and ignores offset', source: 'pwritev2(2) RWF_APPEND; observed on Linux 6.18' },
    { text: 'the man page lists RWF_HIPRI, _DSYNC, _SYNC, _NOWAIT and _APPEND; kernels also take RWF_NOAPPEND (6.9), RWF_ATOMIC (6.11), RWF_DONTCACHE (6.14) and RWF_NOSIGNAL (6.15); an older kernel completes a request with a flag it does not know with -EOPNOTSUPP', source: 'io_uring_prep_writev2(3); pwritev2(2)' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_writev2, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_WRITEV, Iovec, newRing, RWF_APPEND, RWF_DSYNC, RWF_HIPRI, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync, readFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('data'), 'hello');
      const fd = openSync(dir.file('data'), 'r+');
      try {
        const iovecs = Iovec.array(2);
        const a = new TextEncoder().encode(', ');
        const b = new TextEncoder().encode('world');
        iovecs.item(0).iov_base = a;
        iovecs.item(0).iov_len = a.byteLength;
        iovecs.item(1).iov_base = b;
        iovecs.item(1).iov_len = b.byteLength;
        // RWF_APPEND: at the end, although the offset says 0.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_writev2(sqe, fd, iovecs, 2, 0, RWF_APPEND);
        expect(sqe.opcode).toBe(IORING_OP_WRITEV);
        expect(sqe.rw_flags).toBe(RWF_APPEND);
        io_uring_sqe_set_data64(sqe, 4n);
        expect(waitOne(ring)).toMatchObject({ user_data: 4n, res: 7 });
        expect(readFileSync(dir.file('data'), 'utf8')).toBe('hello, world');
        // Flags 0 write at the offset; RWF_DSYNC also waits for the data to be on disk.
        io_uring_prep_writev2(io_uring_get_sqe(ring)!, fd, iovecs, 1, 0, RWF_DSYNC);
        expect(waitOne(ring).res).toBe(2);
        expect(readFileSync(dir.file('data'), 'utf8')).toBe(', llo, world');
        // RWF_HIPRI on a ring without IORING_SETUP_IOPOLL: -EINVAL.
        io_uring_prep_writev2(io_uring_get_sqe(ring)!, fd, iovecs, 1, 0, RWF_HIPRI);
        expect(waitOne(ring).res).toBe(-errnoNumber('EINVAL'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_writev2, Iovec, newRing, tempDir }) {
      const { openSync, closeSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      const fd = openSync(dir.file('data'), 'w');
      const iovecs = Iovec.array(2);
      iovecs.item(0).iov_base = new Uint8Array(4);
      iovecs.item(0).iov_len = 4;
      iovecs.item(1).iov_base = new Uint8Array(4);
      iovecs.item(1).iov_len = 4;
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, fd, iovecs, 2, 0, 0] as Parameters<typeof io_uring_prep_writev2>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          closeSync(fd);
          dir.remove();
        },
      };
    },
    violations: {
      'iovecs.count': { args: { nr_vecs: 3 } },
      'nr_vecs.range': { args: { iovecs: (_, { Iovec }) => Iovec.array(1025), nr_vecs: 1025 } },
      'flags.flags': { args: { flags: 0x40000000 } },
    },
  },
});
