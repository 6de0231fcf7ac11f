import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_ring_dontfork',
  since: '0.4',
  category: 'setup',
  summary: 'Keep the ring mappings out of child processes: madvise(MADV_DONTFORK) on the SQEs and the rings.',
  description:
    'After fork(2) the child would otherwise share the parent\'s ring memory; with this call the child has no mapping there at all. ' +
    'Use it before forking a process that must not touch the ring.',
  man: null,
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring; its rings must be mapped by liburing (not IORING_SETUP_NO_MMAP caller memory).' },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  errors: {
    EINVAL: 'the ring is not mapped (a zeroed or exited struct io_uring), or madvise refused the range',
    ENOMEM: 'a range is not mapped',
  },
  quirks: [
    { text: 'for rings made with io_uring_queue_init_mem the SQEs and rings are the caller\'s buffer, which is then marked MADV_DONTFORK as a whole page range', source: 'liburing 2.9 src/setup.c io_uring_ring_dontfork() (madvise on sq.sqes, sq.ring_ptr and cq.ring_ptr)' },
  ],
  test: {
    async effect({ expect, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_ring_dontfork, io_uring_sqe_set_data64, newRing, waitOne }) {
      const { readFileSync } = await import('node:fs');
      // The VmFlags of the mapping that starts at an address, from /proc/self/smaps ("dc": do not copy on fork).
      const vmFlags = (address: bigint): string[] => {
        const blocks = readFileSync('/proc/self/smaps', 'utf8').split(/\n(?=[0-9a-f]+-[0-9a-f]+ )/);
        const block = blocks.find((b) => BigInt('0x' + b.slice(0, b.indexOf('-'))) === address);
        if (!block) throw new Error('no mapping starts at 0x' + address.toString(16));
        return /VmFlags:(.*)/.exec(block)![1]!.trim().split(/\s+/);
      };
      const ring = newRing(8);
      try {
        expect(vmFlags(ring.sq.sqes)).not.toContain('dc');
        expect(vmFlags(ring.sq.ring_ptr)).not.toContain('dc');
        expect(io_uring_ring_dontfork(ring)).toBe(0);
        // Both the SQE array and the SQ/CQ ring mapping are now left out of fork(2).
        expect(vmFlags(ring.sq.sqes)).toContain('dc');
        expect(vmFlags(ring.sq.ring_ptr)).toContain('dc');
        expect(vmFlags(ring.cq.ring_ptr)).toContain('dc');
        // The ring itself is unaffected.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_data64(sqe, 9n);
        expect(waitOne(ring)).toMatchObject({ user_data: 9n, res: 0 });
      } finally {
        io_uring_queue_exit(ring);
      }
    },
  },
});
