import { defineFunction } from '../../language.js';


export default defineFunction({
  name: 'io_uring_setup_buf_ring',
  since: '2.4',
  category: 'buf-ring',
  summary: 'Allocate a ring of nentries provided buffers and register it as buffer group bgid; returns the ring, or null with -errno in err[0].',
  description:
    'liburing maps nentries * 16 bytes, registers them with the kernel (io_uring_register_buf_ring) and initializes the tail. ' +
    'Add buffers with io_uring_buf_ring_add and publish them with io_uring_buf_ring_advance; requests with IOSQE_BUFFER_SELECT and ' +
    'io_uring_sqe_set_buf_group(sqe, bgid) then take them, and their completion flags name the buffer ID (flags >> IORING_CQE_BUFFER_SHIFT). ' +
    'Free it with io_uring_free_buf_ring(ring, br, nentries, bgid), with the same nentries and bgid.',
  man: 'io_uring_setup_buf_ring(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring to register the buffer ring with.' },
    {
      name: 'nentries',
      type: 'unsigned int',
      doc: 'The number of entries, a power of two up to 32768.',
      preconditions: [
        {
          rule: { kind: 'range', min: 1, max: 32768 },
          message: 'nentries must be from 1 to 32768',
          source: 'io_uring_setup_buf_ring(3) ("can be up to 32768 in size"); kernel io_uring/kbuf.c io_register_pbuf_ring() (ring_entries >= 65536); observed err -EINVAL for 0 and 65536 on Linux 6.18',
          errno: 'EINVAL',
          effect: 'liburing reports the refusal through err: the result is null and err[0] is -EINVAL',
        },
        {
          rule: { kind: 'powerOfTwo' },
          message: 'nentries must be a power of two',
          source: 'io_uring_setup_buf_ring(3) ("This argument must be a power-of 2 in size"); kernel io_uring/kbuf.c io_register_pbuf_ring() (is_power_of_2); observed err -EINVAL for 3 on Linux 6.18',
          errno: 'EINVAL',
          effect: 'liburing reports the refusal through err: the result is null and err[0] is -EINVAL',
        },
      ],
    },
    {
      name: 'bgid',
      type: 'int',
      doc: 'The buffer group ID, 0 to 65535; it must not be in use.',
      preconditions: [
        {
          rule: { kind: 'range', min: 0, max: 65535 },
          message: 'bgid must be from 0 to 65535: io_uring_buf_reg.bgid has 16 bits, and C silently keeps only the low ones (65536 registers group 0)',
          source: 'liburing 2.9 src/setup.c br_setup (reg.bgid = bgid, a __u16); observed: bgid 65536 registers group 0 on Linux 6.18',
          errno: null,
          effect: 'C keeps the low 16 bits: bgid 65537 registers group 1 (freeing the ring as group 1 then succeeds)',
        },
      ],
    },
    {
      name: 'flags',
      type: 'unsigned int',
      doc: '0, or IOU_PBUF_RING_INC (Linux 6.12+): buffers are consumed incrementally.',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['IOU_PBUF_RING_INC'] },
          message: 'flags may hold only IOU_PBUF_RING_INC: with IOU_PBUF_RING_MMAP the kernel would allocate a ring of its own and ignore the one liburing allocated and returns',
          source: 'io_uring_setup_buf_ring(3) ("flags argument can be set to one of the following values: IOU_PBUF_RING_INC"); kernel io_uring/kbuf.c io_register_pbuf_ring() (ring_addr ignored with IOU_PBUF_RING_MMAP)',
          errno: null,
          effect: 'with IOU_PBUF_RING_MMAP the kernel allocates a ring of its own and ignores the one liburing returns: a buffer added to it is never selected (-ENOBUFS)',
        },
      ],
    },
    {
      name: 'err',
      type: 'int *',
      count: 1,
      countSource: 'io_uring_setup_buf_ring(3): on failure the error is stored in *err (one int); liburing src/setup.c io_uring_setup_buf_ring() (*err = ret)',
      dir: 'out',
      doc: 'Receives 0, or -errno when the result is null (element 0 of an Int32Array).',
    },
  ],
  bookkeeping: 'buf-ring-setup',
  returns: {
    kind: 'pointer',
    type: 'struct io_uring_buf_ring *',
    doc: 'The buffer ring, in memory liburing mapped; free it with io_uring_free_buf_ring.',
    nullMeans: 'the setup failed and err[0] holds -errno: -EINVAL (nentries or flags), -EEXIST (bgid in use), -ENOMEM',
    freedBy: 'io_uring_free_buf_ring',
    flexibleCount: 'nentries',
  },
  errors: {
    EINVAL: 'nentries is not a power of two up to 32768, or flags are invalid',
    EEXIST: 'bgid is already a buffer group of this ring (a buffer ring, or buffers given with io_uring_prep_provide_buffers)',
  },
  quirks: [
    { text: 'failure does not throw: the result is null and the errno is in err[0]', source: 'io_uring_setup_buf_ring(3) RETURN VALUE' },
    { text: 'the IoUringBufRing returned spans the largest ring (32768 entries, 512 KiB) whatever nentries is: bufs(i) accepts any i below 32768, but only nentries * 16 bytes (rounded up to a page) are mapped, and reading past them faults', source: 'liburing-ts generated IoUringBufRing.borrow (allocSize of the flexible array at its maximum); liburing src/setup.c (nentries * 16 bytes mapped)' },
    { text: 'exiting the ring unregisters the group but does not unmap the memory: call io_uring_free_buf_ring before io_uring_queue_exit', source: 'liburing 2.9 src/setup.c io_uring_free_buf_ring (the munmap is liburing\'s)' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_buf_ring_add, io_uring_buf_ring_advance, io_uring_buf_ring_mask, io_uring_free_buf_ring, io_uring_get_sqe, io_uring_prep_read, io_uring_queue_exit, io_uring_setup_buf_ring, io_uring_sqe_set_buf_group, io_uring_sqe_set_flags, IORING_CQE_BUFFER_SHIFT, IORING_CQE_F_BUFFER, IOSQE_BUFFER_SELECT, IoUringBufRing, newRing, tempDir, unchecked_io_uring_setup_buf_ring, waitOne }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      writeFileSync(dir.file('data'), 'from a buffer ring');
      const fd = openSync(dir.file('data'), 'r');
      const ring = newRing(4);
      try {
        const err = new Int32Array([99]);
        const br = io_uring_setup_buf_ring(ring, 8, 6, 0, err)!;
        expect(br).toBeInstanceOf(IoUringBufRing);
        expect(err[0]).toBe(0);
        expect(br.tail).toBe(0);
        // Give the group one buffer, ID 3, and a read that selects it.
        const buf = new Uint8Array(64);
        io_uring_buf_ring_add(br, buf, 64, 3, io_uring_buf_ring_mask(8), 0);
        io_uring_buf_ring_advance(br, 1);
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_read(sqe, fd, new Uint8Array(64), 64, 0);
        sqe.addr = 0n;
        io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
        io_uring_sqe_set_buf_group(sqe, 6);
        const c = waitOne(ring);
        expect(c.res).toBe(18);
        expect(c.flags & IORING_CQE_F_BUFFER).toBe(IORING_CQE_F_BUFFER);
        expect(c.flags >>> IORING_CQE_BUFFER_SHIFT).toBe(3);
        expect(Buffer.from(buf.subarray(0, 18)).toString()).toBe('from a buffer ring');
        // The same bgid again: null, and -EEXIST in err.
        expect(io_uring_setup_buf_ring(ring, 8, 6, 0, err)).toBeNull();
        expect(err[0]).toBe(-errnoNumber('EEXIST'));
        // A size that is not a power of two, or zero: -EINVAL (liburing-ts refuses it first; the raw call shows C's answer).
        expect(unchecked_io_uring_setup_buf_ring(ring, 3, 7, 0, err)).toBeNull();
        expect(err[0]).toBe(-errnoNumber('EINVAL'));
        expect(unchecked_io_uring_setup_buf_ring(ring, 0, 7, 0, err)).toBeNull();
        expect(err[0]).toBe(-errnoNumber('EINVAL'));
        expect(io_uring_free_buf_ring(ring, br, 8, 6)).toBe(0);
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_setup_buf_ring, newRing, withSpare }) {
      const ring = newRing(4);
      const args = [ring, 8, 1, 0, new Int32Array(1)] as Parameters<typeof io_uring_setup_buf_ring>;
      return {
        args,
        ring,
        spare: withSpare(4, 4),
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
    violations: {
      'flags.flags': {
        effect: async ({ result, ring }, { errnoNumber, expect, io_uring_get_sqe, io_uring_prep_read, io_uring_sqe_set_buf_group, io_uring_sqe_set_flags, IOSQE_BUFFER_SELECT, IoUringBufRing, OWNED, tempDir, unchecked_io_uring_buf_ring_add, unchecked_io_uring_buf_ring_advance, unchecked_io_uring_free_buf_ring, waitOne }) => {
          const { openSync, closeSync, writeFileSync } = await import('node:fs');
          expect(result).not.toBeNull();
          const br = IoUringBufRing.borrow(result as bigint, OWNED, 1, 8);
          const buf = new Uint8Array(16);
          unchecked_io_uring_buf_ring_add(br, buf, 16, 0, 7, 0);
          unchecked_io_uring_buf_ring_advance(br, 1);
          const dir = tempDir();
          writeFileSync(dir.file('data'), 'unseen');
          const fd = openSync(dir.file('data'), 'r');
          try {
            const sqe = io_uring_get_sqe(ring)!;
            io_uring_prep_read(sqe, fd, new Uint8Array(16), 16, 0);
            sqe.addr = 0n;
            io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
            io_uring_sqe_set_buf_group(sqe, 1);
            expect(waitOne(ring).res).toBe(-errnoNumber('ENOBUFS'));
          } finally {
            closeSync(fd);
            dir.remove();
          }
          expect(Number(unchecked_io_uring_free_buf_ring(ring, IoUringBufRing.borrow(result as bigint, OWNED), 8, 1))).toBe(0);
        },
      },
      'bgid.range': {
        args: { bgid: 65537 },
        effect: ({ result, ring }, { expect, IoUringBufRing, OWNED, unchecked_io_uring_free_buf_ring }) => {
          expect(result).not.toBeNull();
          expect(Number(unchecked_io_uring_free_buf_ring(ring, IoUringBufRing.borrow(result as bigint, OWNED), 8, 1))).toBe(0);
        },
      },
      'nentries.range': {
        args: { nentries: 0 },
        effect: ({ args, result }, { errnoNumber, expect }) => {
          expect(result).toBeNull();
          expect(args[4][0]).toBe(-errnoNumber('EINVAL'));
        },
      },
      'nentries.powerOfTwo': {
        args: { nentries: 3 },
        effect: ({ args, result }, { errnoNumber, expect }) => {
          expect(result).toBeNull();
          expect(args[4][0]).toBe(-errnoNumber('EINVAL'));
        },
      },
      'err.count': { args: { err: () => new Int32Array(0) } },
    },
  },
});
