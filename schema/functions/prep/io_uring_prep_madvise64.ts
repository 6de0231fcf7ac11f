import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_madvise64',
  since: '2.7',
  category: 'prep',
  inline: true,
  summary: 'Prepare an madvise with a 64-bit length: advise the kernel about length bytes of this process\'s memory at addr.',
  description:
    'Like io_uring_prep_madvise, with an off_t length (stored in the SQE\'s off): the completion res is 0, or -errno. ' +
    'addr must start at a page boundary (e.g. memory from allocAligned).',
  man: 'io_uring_prep_madvise64(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'addr',
      type: 'void *',
      ownership: 'completion',
      doc: 'The memory the advice is about, page-aligned (allocAligned returns such memory).',
      preconditions: [
        {
          rule: { kind: 'pageAligned' },
          message: 'addr must start at a page boundary (sysconf(_SC_PAGESIZE)); use memory from allocAligned',
          source: 'madvise(2) ERRORS: "EINVAL addr is not page-aligned or length is negative"; observed res -EINVAL on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: 'length <= byteLength(addr)', says: 'length must not exceed the byte length of addr, or the advice would apply to memory past it' },
          message: 'length must not be larger than addr: the kernel applies the advice (which may discard the contents) to length bytes from addr',
          source: 'madvise(2): the advice applies to the range [addr, addr + length); nothing in liburing or the kernel knows the buffer\'s size; observed on Linux 6.18: the page after the buffer (private anonymous memory the test owns) reads back as zeros',
          errno: null,
          effect: 'the advice reaches past addr: MADV_DONTNEED over a one-page buffer and length two pages zeroes the page after it',
        },
      ],
    },
    {
      name: 'length',
      type: 'off_t',
      doc: 'How many bytes; rounded up to whole pages by the kernel.',
      preconditions: [
        {
          rule: { kind: 'range', min: 0 },
          message: 'length must not be negative',
          source: 'madvise(2) ERRORS: "EINVAL ... length is negative"; observed res -EINVAL for -1 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'advice', type: 'int', doc: 'MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_WILLNEED, MADV_DONTNEED, MADV_FREE, MADV_COLD, MADV_PAGEOUT...' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_MADVISE', fd: '-1', addr: 'addr', len: '0', off: 'length' }, set: [['fadvise_advice', 'advice']] },
  quirks: [
    { text: 'the 64-bit length travels in the SQE\'s off (the SQE\'s len is 0); older kernels, which require off to be 0, fail the request with -EINVAL', source: 'io_uring_prep_madvise64(3) ("If this variant is attempted used on a kernel that doesn\'t support 64-bit lengths, then the request will get errored with -EINVAL"); liburing 2.9 liburing.h io_uring_prep_madvise64' },
    { text: 'an advice value madvise(2) does not know gives res -EINVAL; which values exist depends on the kernel, so liburing-ts does not check it', source: 'madvise(2) ERRORS ("EINVAL advice is not valid")' },
  ],
  test: {
    async effect({ allocAligned, expect, freeAligned, io_uring_get_sqe, io_uring_prep_madvise64, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_MADVISE, isZeroFilled, MADV_DONTNEED, newRing, pageSize, waitOne }) {
      const ring = newRing(4);
      const mem = allocAligned(2 * pageSize());
      try {
        mem.fill(0xab);
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_madvise64(sqe, mem, BigInt(mem.byteLength), MADV_DONTNEED);
        expect(sqe.opcode).toBe(IORING_OP_MADVISE);
        expect(sqe.off).toBe(BigInt(mem.byteLength));
        expect(sqe.len).toBe(0);
        io_uring_sqe_set_data64(sqe, 7n);
        expect(waitOne(ring)).toMatchObject({ user_data: 7n, res: 0 });
        expect(isZeroFilled(mem)).toBe(true);
        // Only the first page: the second keeps its bytes.
        mem.fill(0xcd);
        io_uring_prep_madvise64(io_uring_get_sqe(ring)!, mem, pageSize(), MADV_DONTNEED);
        expect(waitOne(ring).res).toBe(0);
        expect(isZeroFilled(mem.subarray(0, pageSize()))).toBe(true);
        expect(mem.subarray(pageSize()).every((b) => b === 0xcd)).toBe(true);
      } finally {
        io_uring_queue_exit(ring);
      }
      freeAligned(mem);
    },
    async valid({ allocAligned, exitQuietly, io_uring_get_sqe, io_uring_prep_madvise64, MADV_NORMAL, newRing, pageSize, withSpare }) {
      const ring = newRing(4);
      const mem = allocAligned(2 * pageSize());
      // A one-page buffer and the page after it, both the test's: what advice past the buffer does shows in spare.after.
      const spare = withSpare(pageSize(), pageSize());
      spare.after.fill(0xab);
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, mem, mem.byteLength, MADV_NORMAL] as Parameters<typeof io_uring_prep_madvise64>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
        },
        spare,
      };
    },
    violations: {
      'addr.relation': {
        args: { addr: ({ spare }) => spare.memory, length: (_, { pageSize }) => BigInt(2 * pageSize()), advice: (_, { MADV_DONTNEED }) => MADV_DONTNEED },
        effect: ({ ring, spare }, { expect, isZeroFilled, waitOne }) => {
          expect(waitOne(ring).res).toBe(0);
          // Private anonymous pages read back as zeros after MADV_DONTNEED: the page after the buffer lost its 0xab bytes.
          expect(isZeroFilled(spare.after)).toBe(true);
        },
      },
    },
  },
});
