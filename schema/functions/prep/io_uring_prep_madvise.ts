import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_madvise',
  since: '0.4',
  category: 'prep',
  inline: true,
  summary: 'Prepare an madvise: advise the kernel about length bytes of this process\'s memory at addr (a 32-bit length).',
  description:
    'Like madvise(2): the completion res is 0, or -errno. addr must start at a page boundary (e.g. memory from allocAligned). ' +
    'Some advice changes the memory: MADV_DONTNEED on private anonymous memory makes it read back as zeros. ' +
    'For lengths of 4 GiB and more use io_uring_prep_madvise64.',
  man: 'io_uring_prep_madvise(3)',
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
    { name: 'length', type: '__u32', doc: 'How many bytes; rounded up to whole pages by the kernel.' },
    { name: 'advice', type: 'int', doc: 'MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_WILLNEED, MADV_DONTNEED, MADV_FREE, MADV_COLD, MADV_PAGEOUT...' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_MADVISE', fd: '-1', addr: 'addr', len: 'length', off: '0' }, set: [['fadvise_advice', 'advice']] },
  quirks: [
    { text: 'an advice value madvise(2) does not know gives res -EINVAL; which values exist depends on the kernel, so liburing-ts does not check it', source: 'madvise(2) ERRORS ("EINVAL advice is not valid")' },
    { text: 'the parameter is named length in liburing.h but len in the man page synopsis', source: 'liburing 2.9 liburing.h io_uring_prep_madvise; io_uring_prep_madvise(3) SYNOPSIS' },
  ],
  test: {
    async effect({ allocAligned, errnoNumber, expect, freeAligned, io_uring_get_sqe, io_uring_prep_madvise, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_MADVISE, isZeroFilled, MADV_DONTNEED, MADV_SEQUENTIAL, newRing, pageSize, waitOne }) {
      const ring = newRing(4);
      const mem = allocAligned(2 * pageSize());
      try {
        mem.fill(0xab);
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_madvise(sqe, mem, mem.byteLength, MADV_DONTNEED);
        expect(sqe.opcode).toBe(IORING_OP_MADVISE);
        io_uring_sqe_set_data64(sqe, 6n);
        expect(waitOne(ring)).toMatchObject({ user_data: 6n, res: 0 });
        // Private anonymous pages read back as zeros after MADV_DONTNEED.
        expect(isZeroFilled(mem)).toBe(true);
        // Harmless advice leaves the contents alone.
        mem.fill(0xcd);
        io_uring_prep_madvise(io_uring_get_sqe(ring)!, mem, mem.byteLength, MADV_SEQUENTIAL);
        expect(waitOne(ring).res).toBe(0);
        expect(mem.every((b) => b === 0xcd)).toBe(true);
        // An unknown advice: -EINVAL.
        io_uring_prep_madvise(io_uring_get_sqe(ring)!, mem, mem.byteLength, 1000);
        expect(waitOne(ring).res).toBe(-errnoNumber('EINVAL'));
      } finally {
        io_uring_queue_exit(ring);
      }
      freeAligned(mem);
    },
    async valid({ allocAligned, exitQuietly, io_uring_get_sqe, io_uring_prep_madvise, MADV_NORMAL, newRing, pageSize, withSpare }) {
      const ring = newRing(4);
      const mem = allocAligned(2 * pageSize());
      // A one-page buffer and the page after it, both the test's: what advice past the buffer does shows in spare.after.
      const spare = withSpare(pageSize(), pageSize());
      spare.after.fill(0xab);
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, mem, mem.byteLength, MADV_NORMAL] as Parameters<typeof io_uring_prep_madvise>;
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
        args: { addr: ({ spare }) => spare.memory, length: (_, { pageSize }) => 2 * pageSize(), advice: (_, { MADV_DONTNEED }) => MADV_DONTNEED },
        effect: ({ ring, spare }, { expect, isZeroFilled, waitOne }) => {
          expect(waitOne(ring).res).toBe(0);
          // Private anonymous pages read back as zeros after MADV_DONTNEED: the page after the buffer lost its 0xab bytes.
          expect(isZeroFilled(spare.after)).toBe(true);
        },
      },
    },
  },
});
