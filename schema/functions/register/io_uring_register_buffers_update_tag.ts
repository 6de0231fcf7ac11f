import { defineFunction } from '../../language.js';

const IOVECS_VALID =
  'Array.from({ length: Math.min(nr, countOf(iovecs)) }, (_, i) => iovecs.item(i))' +
  '.every((v) => (v.iov_base === 0n ? v.iov_len === 0n : v.iov_len > 0n && v.iov_len <= 1073741824n))';
const NO_TAG_ON_EMPTY =
  'tags === null || Array.from({ length: Math.min(nr, countOf(iovecs), tags.length) }, (_, i) => i)' +
  '.every((i) => tags[i] === 0n || iovecs.item(i).iov_base !== 0n)';

export default defineFunction({
  name: 'io_uring_register_buffers_update_tag',
  since: '2.1',
  category: 'register',
  summary: 'Replace nr registered buffers from slot off on, with optional tags; returns how many were updated.',
  description:
    'Updates the buffer table (IORING_REGISTER_BUFFERS_UPDATE): slot off + i gets iovecs[i] (an empty iovec, null base and ' +
    'length 0, clears the slot) and tag tags[i]. The buffers replaced are released once idle, posting their tags. The ring ' +
    'must have a buffer table (io_uring_register_buffers, _tags or _sparse) with at least off + nr slots. Linux 5.13+.',
  man: 'io_uring_register_buffers_update_tag(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring, with a buffer table.' },
    {
      name: 'off',
      type: 'unsigned',
      doc: 'The first slot to update.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'off + nr <= 0xffffffff', says: 'off + nr must not overflow 32 bits' },
          message: 'off + nr must fit in 32 bits (and, for the kernel, not exceed the table size)',
          source: 'kernel io_uring/rsrc.c __io_register_rsrc_update() (check_add_overflow gives -EOVERFLOW); observed -EOVERFLOW for off 0xffffffff, nr 1 on Linux 6.18',
          errno: 'EOVERFLOW',
        },
      ],
    },
    {
      name: 'iovecs',
      type: 'const struct iovec *',
      count: 'nr',
      countSource: 'io_uring_register_buffers_update_tag(3): nr buffers described by the iovecs array; kernel io_uring/rsrc.c __io_sqe_buffers_update() copies nr struct iovec',
      ownership: 'ring',
      doc: 'The new buffers (an Iovec array); their memory is pinned and used until replaced or unregistered.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: IOVECS_VALID, says: 'every iovec must be an empty slot (iov_base null, iov_len 0) or have 0 < iov_len <= 1 GiB' },
          message: 'each iovec must have iov_base set and an iov_len from 1 byte to 1 GiB (or be empty, iov_base null and iov_len 0, to clear the slot)',
          source: 'io_uring_register(2) ERRORS EFAULT (man2/io_uring_register.2:1087-1090); kernel io_uring/rsrc.c io_buffer_validate(); observed -EFAULT for a length of 0 on Linux 6.18',
          errno: 'EFAULT',
        },
      ],
    },
    {
      name: 'tags',
      type: 'const __u64 *',
      count: 'nr',
      countSource: 'io_uring_register_buffers_update_tag(3): one tag per updated buffer (nr of them); kernel io_uring/rsrc.c __io_sqe_buffers_update() reads nr __u64 tags',
      nullable: true,
      doc: 'One tag per buffer (0: untagged), or null for no tags.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: NO_TAG_ON_EMPTY, says: 'an empty slot (null iov_base) cannot have a tag' },
          message: 'an empty iovec (null iov_base, clearing the slot) must have tag 0',
          source: 'kernel io_uring/rsrc.c __io_sqe_buffers_update() (a tag without a buffer gives -EINVAL); observed -EINVAL on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
    {
      name: 'nr',
      type: 'unsigned',
      doc: 'How many slots to update, from 1 on.',
      preconditions: [
        {
          rule: { kind: 'range', min: 1, max: 16384 },
          message: 'nr must be from 1 to 16384: at least one slot, and no buffer table is larger',
          source: 'kernel io_uring/rsrc.c __io_register_rsrc_update() and IORING_MAX_REG_BUFFERS; observed -EINVAL for 0 and 16385 on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
  ],
  bookkeeping: ['resource-tags', { kind: 'buffers-register', iovecs: 'iovecs', count: 'nr', offset: 'off' }],
  returns: { kind: 'count', type: 'int', doc: 'How many slots were updated: nr, or fewer when an entry failed after some succeeded.' },
  errors: {
    ENXIO: 'the ring has no buffer table: register one first (io_uring_register_buffers_sparse)',
    EINVAL: 'off + nr is beyond the table, nr is 0, or an empty slot has a tag',
    EOVERFLOW: 'off + nr overflows',
    EFAULT: 'an iovec is invalid (length 0 or over 1 GiB, unmapped or file-backed memory)',
  },
  quirks: [
    { text: 'when an entry after the first fails, the call returns the number updated so far instead of the error', source: 'kernel io_uring/rsrc.c __io_register_rsrc_update() (done ? done : err); observed 1 for [valid, invalid] on Linux 6.18' },
    { text: 'the kernel keeps using the new memory until it is replaced or unregistered; liburing-ts keeps the Iovec array and its memory alive, and freeAligned refuses that memory, until io_uring_queue_exit (the safe side of a replacement)', source: 'io_uring_register(2) IORING_REGISTER_BUFFERS_UPDATE' },
  ],
  test: {
    async effect({ catchError, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_read, io_uring_queue_exit, io_uring_register_buffers_sparse, io_uring_register_buffers_update_tag, io_uring_submit, io_uring_unregister_buffers, IORING_OP_READ_FIXED, Iovec, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      writeFileSync(dir.file('data'), 'updated in place');
      const fd = openSync(dir.file('data'), 'r');
      const ring = newRing(4);
      const a = new Uint8Array(32);
      const b = new Uint8Array(32);
      const iovecs = Iovec.array(2);
      iovecs.item(0).iov_base = a;
      iovecs.item(0).iov_len = a.byteLength;
      iovecs.item(1).iov_base = b;
      iovecs.item(1).iov_len = b.byteLength;
      const readFixed = (into: Uint8Array, index: number) => {
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_read(sqe, fd, into, 7, 0);
        sqe.opcode = IORING_OP_READ_FIXED;
        sqe.buf_index = index;
        return waitOne(ring).res;
      };
      try {
        expect(io_uring_register_buffers_sparse(ring, 4)).toBe(0);
        // Fill slots 1 and 2; slot 2 is tagged.
        expect(io_uring_register_buffers_update_tag(ring, 1, iovecs, BigUint64Array.of(0n, 0x22n), 2)).toBe(2);
        expect(readFixed(b, 2)).toBe(7);
        expect(Buffer.from(b.subarray(0, 7)).toString()).toBe('updated');
        // b is not in slot 1.
        expect(readFixed(b, 1)).toBe(-errnoNumber('EFAULT'));
        // Clearing slot 2 releases b: its tag is posted.
        expect(io_uring_register_buffers_update_tag(ring, 2, Iovec.array(1), null, 1)).toBe(1);
        io_uring_submit(ring);
        expect(waitOne(ring)).toMatchObject({ user_data: 0x22n, res: 0 });
        expect(readFixed(b, 2)).toBe(-errnoNumber('EFAULT'));
        // Past the table's 4 slots.
        expect(catchError(() => io_uring_register_buffers_update_tag(ring, 3, iovecs, null, 2))).toMatchObject({ name: 'UringError', code: 'EINVAL' });
        expect(io_uring_unregister_buffers(ring)).toBe(0);
        // No table at all.
        expect(catchError(() => io_uring_register_buffers_update_tag(ring, 0, iovecs, null, 1))).toMatchObject({ name: 'UringError', code: 'ENXIO' });
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_register_buffers_sparse, io_uring_register_buffers_update_tag, Iovec, newRing }) {
      const ring = newRing(4);
      io_uring_register_buffers_sparse(ring, 4);
      const mem = new Uint8Array(4096);
      const iovecs = Iovec.array(1);
      iovecs.item(0).iov_base = mem;
      iovecs.item(0).iov_len = mem.byteLength;
      const args = [ring, 0, iovecs, BigUint64Array.of(1n), 1] as Parameters<typeof io_uring_register_buffers_update_tag>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
        iovecs,
      };
    },
    violations: {
      'off.relation': { args: { off: 0xffffffff } },
      'iovecs.relation': { before: ({ iovecs }) => { iovecs.item(0).iov_len = 0; } },
      'tags.relation': { before: ({ iovecs }) => {
          iovecs.item(0).iov_base = null;
          iovecs.item(0).iov_len = 0;
        } },
      'iovecs.count': { args: { nr: ({ iovecs }) => iovecs.count + 1 } },
      'tags.count': { args: { tags: () => new BigUint64Array(0) } },
    },
  },
});
