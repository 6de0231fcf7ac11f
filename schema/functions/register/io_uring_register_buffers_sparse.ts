import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_register_buffers_sparse',
  since: '2.2',
  category: 'register',
  summary: 'Register a table of nr empty fixed-buffer slots, to be filled with io_uring_register_buffers_update_tag.',
  description:
    'Registers the buffer table without any memory (IORING_REGISTER_BUFFERS2 with IORING_RSRC_REGISTER_SPARSE). A fixed read ' +
    'or write naming an empty slot fails with -EFAULT until the slot is updated. Linux 5.19+.',
  man: 'io_uring_register_buffers_sparse(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    {
      name: 'nr',
      type: 'unsigned',
      doc: 'How many empty slots, from 1 to 16384.',
      preconditions: [
        {
          rule: { kind: 'range', min: 1, max: 16384 },
          message: 'nr must be from 1 to 16384 (IORING_MAX_REG_BUFFERS)',
          source: 'kernel io_uring/rsrc.c io_sqe_buffers_register() (!nr or nr > IORING_MAX_REG_BUFFERS gives -EINVAL); observed -EINVAL for 0 and 16385 on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
  ],
  bookkeeping: { kind: 'buffers-register', count: 'nr' },
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  errors: {
    EBUSY: 'the ring already has registered buffers: call io_uring_unregister_buffers first',
    EINVAL: 'nr is 0 or larger than 16384, or the kernel is older than 5.19',
    ENOMEM: 'not enough memory for the table',
  },
  test: {
    async effect({ catchError, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_read, io_uring_queue_exit, io_uring_register_buffers_sparse, io_uring_register_buffers_update_tag, IORING_OP_READ_FIXED, Iovec, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync, readFileSync } = await import('node:fs');
      const dir = tempDir();
      writeFileSync(dir.file('data'), 'sparse slots');
      const fd = openSync(dir.file('data'), 'r');
      const ring = newRing(4);
      const mem = new Uint8Array(32);
      try {
        expect(io_uring_register_buffers_sparse(ring, 4)).toBe(0);
        expect(readFileSync(`/proc/self/fdinfo/${ring.ring_fd}`, 'utf8')).toMatch(/UserBufs:\s+4/);
        // Slot 2 is empty: a fixed read naming it fails.
        const readFixed = () => {
          const sqe = io_uring_get_sqe(ring)!;
          io_uring_prep_read(sqe, fd, mem, 6, 0);
          sqe.opcode = IORING_OP_READ_FIXED;
          sqe.buf_index = 2;
          return waitOne(ring).res;
        };
        expect(readFixed()).toBe(-errnoNumber('EFAULT'));
        // Filled, it works.
        const iov = Iovec.array(1);
        iov.iov_base = mem;
        iov.iov_len = mem.byteLength;
        expect(io_uring_register_buffers_update_tag(ring, 2, iov, null, 1)).toBe(1);
        expect(readFixed()).toBe(6);
        expect(Buffer.from(mem.subarray(0, 6)).toString()).toBe('sparse');
        // The table exists now: a second registration is refused.
        expect(catchError(() => io_uring_register_buffers_sparse(ring, 4))).toMatchObject({ name: 'UringError', code: 'EBUSY' });
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_register_buffers_sparse, newRing }) {
      const ring = newRing(4);
      const args = [ring, 8] as Parameters<typeof io_uring_register_buffers_sparse>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
  },
});
