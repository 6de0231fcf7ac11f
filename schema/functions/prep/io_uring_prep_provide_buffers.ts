import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_provide_buffers',
  since: '0.6',
  category: 'prep',
  inline: true,
  summary: 'Prepare a request that gives the kernel nr buffers of len bytes, cut from addr, for buffer group bgid.',
  description:
    'The buffers are addr[0..len), addr[len..2*len)... with IDs bid, bid+1... Reads and receives with IOSQE_BUFFER_SELECT and ' +
    'io_uring_sqe_set_buf_group(sqe, bgid) then use one of them; their completion flags carry IORING_CQE_F_BUFFER and the ID ' +
    '(flags >> IORING_CQE_BUFFER_SHIFT). A used buffer leaves the group: provide it again to reuse it. The completion res is 0 or the number of buffers provided, or -errno. ' +
    'Buffer rings (io_uring_setup_buf_ring) are the faster, newer way to do the same.',
  man: 'io_uring_prep_provide_buffers(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'addr',
      type: 'void *',
      ownership: 'ring',
      doc: 'The memory the buffers are cut from: at least len * nr bytes.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'len * nr <= byteLength(addr)', says: 'len * nr must not exceed the byte length of addr, or the kernel would write past it' },
          message: 'addr must hold nr buffers of len bytes (len * nr bytes): the kernel writes data for later requests into each of them',
          source: 'io_uring_prep_provide_buffers(3) ("nr number of len sized buffers starting at addr"); nothing in liburing or the kernel knows the memory\'s size',
          errno: null,
          unprovable: 'a later read selecting the fifth buffer would be written past the memory',
        },
      ],
    },
    {
      name: 'len',
      type: 'int',
      doc: 'The size of each buffer in bytes, at least 1.',
      preconditions: [
        {
          rule: { kind: 'range', min: 1 },
          message: 'len must be at least 1 byte',
          source: 'io_uring_prep_provide_buffers(3) ERRORS (-EINVAL); kernel io_uring/kbuf.c io_provide_buffers_prep() ("if (!p->len) return -EINVAL"); observed res -EINVAL for len 0 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'nr',
      type: 'int',
      doc: 'How many buffers, 1 to 65536.',
      preconditions: [
        {
          rule: { kind: 'range', min: 1, max: 65536 },
          message: 'nr must be from 1 to 65536 (MAX_BIDS_PER_BGID)',
          source: 'io_uring_prep_provide_buffers(3) ERRORS (-E2BIG "The number of buffers provided was too big"); kernel io_uring/kbuf.c io_provide_buffers_prep(); observed res -E2BIG for 0 and 65537 on Linux 6.18',
          errno: 'E2BIG',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'bgid',
      type: 'int',
      doc: 'The buffer group ID, 0 to 65535.',
      preconditions: [
        {
          rule: { kind: 'range', min: 0, max: 65535 },
          message: 'bgid must be from 0 to 65535: sqe.buf_group has 16 bits, and C silently keeps only the low ones',
          source: 'liburing 2.9 liburing.h io_uring_prep_provide_buffers (sqe->buf_group = (__u16) bgid); observed on Linux 6.18: bgid 65536 provides the buffers to group 0',
          errno: null,
          effect: 'C stores (__u16) bgid: 65536 provides the buffers to group 0, where a later buffer-selecting read from group 0 finds them',
        },
      ],
    },
    {
      name: 'bid',
      type: 'int',
      doc: 'The ID of the first buffer, 0 to 65535; the others follow. bid + nr must not exceed 65536.',
      preconditions: [
        {
          rule: { kind: 'range', min: 0, max: 65535 },
          message: 'bid must be from 0 to 65535: buffer IDs travel in the upper 16 bits of the completion flags',
          source: 'io_uring_prep_provide_buffers(3) ("Buffer IDs always range from 0 to 65535"; ERRORS -E2BIG "the bid was too big"); kernel io_uring/kbuf.c io_provide_buffers_prep() (off > USHRT_MAX); observed res -E2BIG for -1 on Linux 6.18',
          errno: 'E2BIG',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: 'bid + nr <= 65536', says: 'the buffer IDs bid .. bid + nr - 1 must stay within 0..65535' },
          message: 'bid + nr must not exceed 65536: the last buffer ID, bid + nr - 1, must fit in 16 bits',
          source: 'io_uring_prep_provide_buffers(3) ("buffer IDs that will wrap when cast to a 16-bit value, will cause the request to fail with -E2BIG or -EINVAL"); kernel io_uring/kbuf.c io_provide_buffers_prep(); observed res -EINVAL for bid 65535, nr 2 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  bookkeeping: 'buffers-provide',
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0 or the number of buffers provided, or -errno.' },
  sqe: {
    rw: { op: 'IORING_OP_PROVIDE_BUFFERS', fd: 'nr', addr: 'addr', len: 'len', off: 'bid' },
    set: [['buf_group', 'bgid']],
  },
  quirks: [
    { text: 'on Linux 6.18 a successful request completes with res 0, not the number of buffers the man page allows for', source: 'io_uring_prep_provide_buffers(3) RETURN VALUE ("0 or the number of successfully provided buffers"); observed on Linux 6.18' },
    { text: 'the kernel keeps using the buffers after this request completes, until a request consumes them, io_uring_prep_remove_buffers removes them, or the ring is exited; liburing-ts keeps addr in use (and freeAligned refuses it) until io_uring_queue_exit, once per backing buffer however often it is provided again', source: 'io_uring_prep_provide_buffers(3) ("Once a buffer has been consumed for an operation, it is no longer known to io_uring"); liburing-ts runtime/ring-state.ts holdForRingOfSqe' },
    { text: 'a group made this way cannot share its bgid with a buffer ring (io_uring_setup_buf_ring / io_uring_register_buf_ring): res -EINVAL', source: 'liburing test/buf-ring.c; observed -EINVAL on Linux 6.18' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_provide_buffers, io_uring_prep_read, io_uring_queue_exit, io_uring_sqe_set_buf_group, io_uring_sqe_set_flags, IORING_CQE_BUFFER_SHIFT, IORING_CQE_F_BUFFER, IORING_OP_PROVIDE_BUFFERS, IOSQE_BUFFER_SELECT, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      writeFileSync(dir.file('data'), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
      const fd = openSync(dir.file('data'), 'r');
      const ring = newRing(8);
      try {
        // Four buffers of 8 bytes, IDs 10 to 13, in group 5.
        const pool = new Uint8Array(32);
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_provide_buffers(sqe, pool, 8, 4, 5, 10);
        expect(sqe.opcode).toBe(IORING_OP_PROVIDE_BUFFERS);
        expect(sqe.buf_group).toBe(5);
        expect(waitOne(ring).res).toBe(0);
        // Reads that select a buffer from group 5 each get one, named in their completion flags.
        const ids: number[] = [];
        for (const offset of [0, 8, 16, 24]) {
          const r = io_uring_get_sqe(ring)!;
          io_uring_prep_read(r, fd, new Uint8Array(8), 8, offset);
          r.addr = 0n;
          io_uring_sqe_set_flags(r, IOSQE_BUFFER_SELECT);
          io_uring_sqe_set_buf_group(r, 5);
          const c = waitOne(ring);
          expect(c.flags & IORING_CQE_F_BUFFER).toBe(IORING_CQE_F_BUFFER);
          const bid = c.flags >>> IORING_CQE_BUFFER_SHIFT;
          expect(bid).toBeGreaterThanOrEqual(10);
          expect(bid).toBeLessThanOrEqual(13);
          // Buffer ID b is bytes (b - 10) * 8 .. + 8 of the pool.
          const slice = pool.subarray((bid - 10) * 8, (bid - 10) * 8 + c.res);
          expect(Buffer.from(slice).toString()).toBe('ABCDEFGHIJKLMNOPQRSTUVWXYZ'.slice(offset, offset + 8));
          ids.push(bid);
        }
        expect(ids.sort()).toEqual([10, 11, 12, 13]);
        // All four are used: the group is empty.
        const r = io_uring_get_sqe(ring)!;
        io_uring_prep_read(r, fd, new Uint8Array(8), 8, 0);
        r.addr = 0n;
        io_uring_sqe_set_flags(r, IOSQE_BUFFER_SELECT);
        io_uring_sqe_set_buf_group(r, 5);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENOBUFS'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_provide_buffers, newRing }) {
      const ring = newRing(4);
      const pool = new Uint8Array(64);
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, pool, 16, 4, 1, 0] as Parameters<typeof io_uring_prep_provide_buffers>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
        },
        pool,
      };
    },
    violations: {
      'addr.relation': { args: { nr: 5 } },
      'bid.relation': { args: { nr: 2, bid: 65535 } },
      'bgid.range': {
        args: { bgid: 65536 },
        effect: async ({ pool, ring }, { expect, io_uring_get_sqe, io_uring_prep_read, io_uring_sqe_set_flags, IORING_CQE_BUFFER_SHIFT, IORING_CQE_F_BUFFER, IOSQE_BUFFER_SELECT, tempDir, waitOne }) => {
          const { closeSync, openSync, writeFileSync } = await import('node:fs');
          expect(waitOne(ring).res).toBe(0);
          // A read selecting a buffer from group 0 gets the first of them: the data lands in pool.
          const dir = tempDir();
          writeFileSync(dir.file('data'), 'landed in group 0, bid 0');
          const fd = openSync(dir.file('data'), 'r');
          try {
            const sqe = io_uring_get_sqe(ring)!;
            io_uring_prep_read(sqe, fd, null, 16, 0);
            io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
            sqe.buf_group = 0;
            const cqe = waitOne(ring);
            expect(cqe.res).toBe(16);
            expect(cqe.flags & IORING_CQE_F_BUFFER).toBe(IORING_CQE_F_BUFFER);
            expect(cqe.flags >>> IORING_CQE_BUFFER_SHIFT).toBe(0);
            expect(Buffer.from(pool.subarray(0, 16)).toString()).toBe('landed in group ');
          } finally {
            closeSync(fd);
            dir.remove();
          }
        },
      },
    },
  },
});
