import { defineFunction } from '../../language.js';

/** Every iovec the call reads: an empty slot (null base, length 0), or memory of 1 byte to 1 GiB. */
const IOVECS_VALID =
  'Array.from({ length: Math.min(nr_iovecs, countOf(iovecs)) }, (_, i) => iovecs.item(i))' +
  '.every((v) => (v.iov_base === 0n ? v.iov_len === 0n : v.iov_len > 0n && v.iov_len <= 1073741824n))';

export default defineFunction({
  name: 'io_uring_register_buffers',
  since: '0.1',
  category: 'register',
  summary: 'Register nr_iovecs fixed buffers with the ring, for IORING_OP_READ_FIXED / WRITE_FIXED with sqe.buf_index.',
  description:
    'The kernel pins the memory the iovecs describe and maps it once; a fixed read or write then names a buffer by its index ' +
    '(sqe.buf_index) and an address range inside it. The memory stays pinned and in use by the kernel until ' +
    'io_uring_unregister_buffers or io_uring_queue_exit. Only one buffer table per ring: unregister before registering anew. ' +
    'An iovec with a null base and length 0 registers an empty slot (fill it with io_uring_register_buffers_update_tag).',
  man: 'io_uring_register_buffers(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    {
      name: 'iovecs',
      type: 'const struct iovec *',
      count: 'nr_iovecs',
      countSource: 'io_uring_register_buffers(3): iovecs is an array of nr_iovecs struct iovec; kernel io_uring/rsrc.c io_sqe_buffers_register() copies nr_iovecs of them',
      ownership: 'ring',
      doc: 'The buffers, e.g. Iovec.array(n) with iov_base set to memory and iov_len to its length. The kernel reads the array during the call and pins the memory it points to until io_uring_unregister_buffers or io_uring_queue_exit.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: IOVECS_VALID, says: 'every iovec must be an empty slot (iov_base null, iov_len 0) or have 0 < iov_len <= 1 GiB' },
          message: 'each iovec must have iov_base set and an iov_len from 1 byte to 1 GiB (or be an empty slot: iov_base null and iov_len 0)',
          source: 'io_uring_register(2) IORING_REGISTER_BUFFERS ("a size limit of 1GiB per buffer") and ERRORS EFAULT (man2/io_uring_register.2:57,1087-1090); kernel io_uring/rsrc.c io_buffer_validate(); observed -EFAULT on Linux 6.18 for a null base with length 10, a length of 0 and a length over 1 GiB, and 0 for a null base with length 0',
          errno: 'EFAULT',
        },
      ],
    },
    {
      name: 'nr_iovecs',
      type: 'unsigned',
      doc: 'How many iovecs to register, from 1 to 16384.',
      preconditions: [
        {
          rule: { kind: 'range', min: 1, max: 16384 },
          message: 'nr_iovecs must be from 1 to 16384 (IORING_MAX_REG_BUFFERS); io_uring_register(2) still says UIO_MAXIOV (1024), which kernels stopped using',
          source: 'io_uring_register(2) ERRORS EINVAL (man2/io_uring_register.2:1092-1105); kernel io_uring/rsrc.c IORING_MAX_REG_BUFFERS (1 << 14); observed -EINVAL for 0 and 16385 on Linux 6.18, 0 for 16384',
          errno: 'EINVAL',
        },
      ],
    },
  ],
  bookkeeping: { kind: 'buffers-register', iovecs: 'iovecs', count: 'nr_iovecs' },
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  errors: {
    EBUSY: 'the ring already has registered buffers: call io_uring_unregister_buffers first',
    EFAULT: 'an iovec is invalid: a null base with a length, a length of 0 or over 1 GiB, memory that is not mapped, or (on new kernels) file-backed memory',
    EINVAL: 'nr_iovecs is 0 or larger than 16384',
    ENOMEM: 'not enough memory, or the pinned memory would exceed RLIMIT_MEMLOCK (ulimit -l) for an unprivileged user',
    EOPNOTSUPP: 'the memory is file-backed (old kernels; new ones give -EFAULT)',
    ENXIO: 'the ring is being torn down or another registration is in progress',
  },
  quirks: [
    { text: 'the kernel keeps using the registered memory until io_uring_unregister_buffers or io_uring_queue_exit; liburing-ts keeps the Iovec array and the memory it points to alive, and freeAligned refuses that memory, until io_uring_queue_exit (past an unregistration, on the safe side)', source: 'io_uring_register(2) IORING_REGISTER_BUFFERS ("the buffers associated with the iovecs will be locked in memory")' },
    { text: 'liburing-ts cannot check that iov_len stays within the memory set as iov_base (the Iovec keeps no length of its target): a too large iov_len makes the kernel pin, read and write whatever follows it', source: 'io_uring_register(2): the memory range must be accessible; runtime/struct.ts setPointer() stores only the address' },
    { text: 'an iovec with iov_base null and iov_len 0 is accepted and registers an empty slot; a fixed read or write naming it fails with -EFAULT until it is filled with io_uring_register_buffers_update_tag', source: 'kernel io_uring/rsrc.c io_buffer_validate(); observed on Linux 6.18' },
  ],
  test: {
    async effect({ catchError, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_read, io_uring_queue_exit, io_uring_register_buffers, io_uring_unregister_buffers, IORING_OP_READ_FIXED, Iovec, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync, readFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('data'), 'fixed buffers are pinned once');
      const fd = openSync(dir.file('data'), 'r');
      const a = new Uint8Array(64);
      const b = new Uint8Array(64);
      const iovecs = Iovec.array(2);
      iovecs.item(0).iov_base = a;
      iovecs.item(0).iov_len = a.byteLength;
      iovecs.item(1).iov_base = b;
      iovecs.item(1).iov_len = b.byteLength;
      try {
        expect(io_uring_register_buffers(ring, iovecs, 2)).toBe(0);
        // The kernel lists them in the ring's fdinfo.
        expect(readFileSync(`/proc/self/fdinfo/${ring.ring_fd}`, 'utf8')).toMatch(/UserBufs:\s+2/);
        // READ_FIXED into registered buffer 1: prep a read, then make it the fixed variant.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_read(sqe, fd, b, 12, 0);
        sqe.opcode = IORING_OP_READ_FIXED;
        sqe.buf_index = 1;
        expect(waitOne(ring).res).toBe(12);
        expect(Buffer.from(b.subarray(0, 12)).toString()).toBe('fixed buffer');
        // A range outside the indexed buffer is refused: buffer 0 does not contain b.
        const bad = io_uring_get_sqe(ring)!;
        io_uring_prep_read(bad, fd, b, 12, 0);
        bad.opcode = IORING_OP_READ_FIXED;
        bad.buf_index = 0;
        expect(waitOne(ring).res).toBe(-errnoNumber('EFAULT'));
        // One table per ring.
        expect(catchError(() => io_uring_register_buffers(ring, iovecs, 2))).toMatchObject({ name: 'UringError', code: 'EBUSY' });
        expect(io_uring_unregister_buffers(ring)).toBe(0);
        // An empty slot (null base, length 0) is accepted.
        expect(io_uring_register_buffers(ring, Iovec.array(1), 1)).toBe(0);
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_register_buffers, Iovec, newRing }) {
      const ring = newRing(4);
      const mem = new Uint8Array(4096);
      const iovecs = Iovec.array(1);
      iovecs.item(0).iov_base = mem;
      iovecs.item(0).iov_len = mem.byteLength;
      const args = [ring, iovecs, 1] as Parameters<typeof io_uring_register_buffers>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
        iovecs,
      };
    },
    violations: {
      'iovecs.relation': { before: ({ iovecs }) => { iovecs.item(0).iov_len = 0; } },
      'iovecs.count': { args: { nr_iovecs: ({ iovecs }) => iovecs.count + 1 } },
    },
  },
});
