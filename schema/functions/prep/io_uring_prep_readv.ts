import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_readv',
  since: '0.1',
  category: 'prep',
  inline: true,
  summary: 'Prepare a vectored read from a file descriptor into the buffers of an iovec array, at an offset.',
  description:
    'Like preadv(2): the buffers are filled in order and the completion res is the total number of bytes read, or -errno. ' +
    'liburing-ts keeps the iovec array and the memory its entries point to reachable until the completion is seen.',
  man: 'io_uring_prep_readv(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'fd',
      type: 'int',
      doc: 'The file descriptor to read from (with IOSQE_FIXED_FILE: an index into the registered files).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be an open file descriptor (or, with IOSQE_FIXED_FILE, a registered file index), not negative',
          source: 'readv(2) EBADF; io_uring_prep_readv(3) ERRORS (res is -errno); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'iovecs',
      type: 'const struct iovec *',
      count: 'nr_vecs',
      countSource: 'io_uring_prep_readv(3): iovecs is an array of nr_vecs struct iovec; kernel lib/iov_iter.c __import_iovec() copies nr_vecs of them',
      ownership: 'completion',
      doc: 'The buffers to fill, e.g. Iovec.array(n) with each item\'s iov_base set to memory and iov_len to its length.',
    },
    {
      name: 'nr_vecs',
      type: 'unsigned',
      doc: 'How many iovecs to use, at most 1024 (UIO_MAXIOV).',
      preconditions: [
        {
          rule: { kind: 'range', max: 1024 },
          message: 'nr_vecs must be at most 1024 (UIO_MAXIOV)',
          source: 'readv(2) EINVAL ("iovcnt is greater than the permitted maximum"); kernel lib/iov_iter.c iovec_from_user(); observed res -EINVAL for 1025 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'offset',
      type: '__u64',
      minusOne: 'the current file position, which the read uses and advances (0xffffffffffffffffn is the same)',
      doc: 'The file offset to read at. Must be 0 or -1 for files that cannot seek.',
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the total number of bytes read, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_READV', fd: 'fd', addr: 'iovecs', len: 'nr_vecs', off: 'offset' } },
  quirks: [
    { text: 'the kernel copies the iovec array when the request is submitted (IORING_FEAT_SUBMIT_STABLE, Linux 5.5+), but the buffers it points to are used until the completion; liburing-ts keeps both until the completion', source: 'io_uring_prep_readv(3) NOTES' },
    { text: 'nr_vecs 0 is accepted: the read completes with res 0', source: 'observed on Linux 6.18; readv(2) also accepts iovcnt 0' },
  ],
  test: {
    async effect({ expect, io_uring_get_sqe, io_uring_prep_readv, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_READV, Iovec, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      const path = dir.file('data');
      writeFileSync(path, 'abcdefghij');
      const fd = openSync(path, 'r');
      try {
        const a = new Uint8Array(3);
        const b = new Uint8Array(4);
        const iovecs = Iovec.array(2);
        iovecs.item(0).iov_base = a;
        iovecs.item(0).iov_len = a.byteLength;
        iovecs.item(1).iov_base = b;
        iovecs.item(1).iov_len = b.byteLength;
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_readv(sqe, fd, iovecs, 2, 1);
        expect(sqe.opcode).toBe(IORING_OP_READV);
        io_uring_sqe_set_data64(sqe, 3n);
        expect(waitOne(ring)).toMatchObject({ user_data: 3n, res: 7 });
        expect(Buffer.from(a).toString()).toBe('bcd');
        expect(Buffer.from(b).toString()).toBe('efgh');
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_readv, Iovec, newRing, tempDir }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('data'), 'some bytes to read');
      const fd = openSync(dir.file('data'), 'r');
      const iovecs = Iovec.array(2);
      iovecs.item(0).iov_base = new Uint8Array(4);
      iovecs.item(0).iov_len = 4;
      iovecs.item(1).iov_base = new Uint8Array(4);
      iovecs.item(1).iov_len = 4;
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, fd, iovecs, 2, 0] as Parameters<typeof io_uring_prep_readv>;
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
    },
  },
});
