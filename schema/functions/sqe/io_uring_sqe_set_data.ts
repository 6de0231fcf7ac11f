import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_sqe_set_data',
  since: '0.1',
  category: 'sqe',
  inline: true,
  summary: "Set the SQE's user_data to the address of some memory, which its completion carries back.",
  description:
    'The pointer form of io_uring_sqe_set_data64: user_data becomes the address of `data` (0 for null). The completion gives the address back ' +
    '(io_uring_cqe_get_data returns it as a bigint), not the object: keep a Map from addressOf(memory) to whatever the request stands for, ' +
    'or use io_uring_sqe_set_data64 with your own numbers. liburing-ts keeps `data` reachable until the request completes, so its address cannot be reused meanwhile.',
  man: 'io_uring_sqe_set_data(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE.' },
    {
      name: 'data',
      type: 'void *',
      nullable: true,
      ownership: 'completion',
      doc: 'Memory whose address becomes the user_data (its bytes are never read), or null for 0.',
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing.' },
  quirks: [
    { text: 'only the address travels: views that start at the same byte (buf and buf.subarray(0), or a DataView over it) give the same user_data, and an empty view has address 0, like null', source: 'liburing.h io_uring_sqe_set_data (sqe->user_data = (unsigned long) data); observed koffi.address(new Uint8Array(0)) === 0n' },
    { text: 'memory from allocAligned given here cannot be freed with freeAligned until the request\'s completion is seen', source: 'liburing-ts runtime/ring-state.ts (held until completion)' },
  ],
  sqe: { set: [['user_data', 'data']] },
  test: {
    async effect({ addressOf, allocAligned, errnoNumber, expect, freeAligned, io_uring_cqe_get_data, io_uring_cqe_seen, io_uring_get_sqe, io_uring_prep_nop, io_uring_prep_timeout, io_uring_queue_exit, io_uring_sqe_set_data, io_uring_submit, io_uring_wait_cqe, IoUringCqe, KernelTimespec, newRing, OutPointer, waitOne }) {
      const ring = newRing(4);
      try {
        const tag = new Uint8Array(16);
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_data(sqe, tag);
        expect(sqe.user_data).toBe(addressOf(tag));
        expect(sqe.user_data).not.toBe(0n);
        // The completion carries the address back; io_uring_cqe_get_data reads it.
        io_uring_submit(ring);
        const out = new OutPointer<IoUringCqe>();
        io_uring_wait_cqe(ring, out);
        expect(out.value!.user_data).toBe(addressOf(tag));
        expect(io_uring_cqe_get_data(out.value!)).toBe(addressOf(tag));
        io_uring_cqe_seen(ring, out.value);
        // null stores 0.
        const s2 = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(s2);
        io_uring_sqe_set_data(s2, null);
        expect(waitOne(ring).user_data).toBe(0n);
        // Memory given as user_data is held until the completion: freeAligned refuses it meanwhile.
        const mem = allocAligned(4096);
        const long = new KernelTimespec();
        long.tv_nsec = 30_000_000;
        const t = io_uring_get_sqe(ring)!;
        io_uring_prep_timeout(t, long, 0, 0);
        io_uring_sqe_set_data(t, mem);
        io_uring_submit(ring);
        expect(() => freeAligned(mem)).toThrow(/still in use/);
        expect(waitOne(ring)).toMatchObject({ user_data: addressOf(mem), res: -errnoNumber('ETIME') });
        freeAligned(mem);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
  },
});
