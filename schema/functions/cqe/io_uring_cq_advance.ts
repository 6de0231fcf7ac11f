import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_cq_advance',
  since: '0.1',
  category: 'cqe',
  inline: true,
  js: 'cqAdvance(ring, nr)',
  summary: 'Mark the next nr completions as consumed, so the kernel can reuse their slots.',
  description: 'io_uring_cqe_seen(ring, cqe) is io_uring_cq_advance(ring, 1). Use it after io_uring_peek_batch_cqe with the number processed.',
  man: 'io_uring_cq_advance(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    {
      name: 'nr',
      type: 'unsigned',
      doc: 'How many completions to consume; at most io_uring_cq_ready(ring).',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'nr <= cqReady(ring)', says: 'nr must not exceed the completions ready (io_uring_cq_ready(ring))' },
          message: 'nr must not exceed io_uring_cq_ready(ring): C would move the CQ head past the tail and the ring would report about 2^32 stale completions',
          source: 'io_uring_cq_advance(3); liburing 2.9 liburing.h io_uring_cq_advance stores *khead + nr with no bound (observed: cq_ready 4294967294 after advancing 3 with 1 ready)',
          errno: null,
          unprovable: 'corrupts the ring: the head passes the tail',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing.' },
  bookkeeping: { kind: 'cq-advance', count: 'nr' },
  test: {
    async effect({ allocAligned, expect, freeAligned, io_uring_cq_advance, io_uring_cq_ready, io_uring_get_sqe, io_uring_prep_nop, io_uring_prep_write, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit_and_wait, newRing, tempDir }) {
      const { openSync, closeSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      const fd = openSync(dir.file('data'), 'w+');
      try {
        // A write whose buffer liburing-ts holds until its completion is consumed.
        const buf = allocAligned(4096);
        buf.fill(0x41);
        const w = io_uring_get_sqe(ring)!;
        io_uring_prep_write(w, fd, buf, 4096, 0);
        io_uring_sqe_set_data64(w, 1n);
        io_uring_prep_nop(io_uring_get_sqe(ring)!);
        io_uring_submit_and_wait(ring, 2);
        expect(io_uring_cq_ready(ring)).toBe(2);
        expect(() => freeAligned(buf)).toThrow(/still in use/);
        io_uring_cq_advance(ring, 0);
        expect(io_uring_cq_ready(ring)).toBe(2);
        io_uring_cq_advance(ring, 2);
        expect(io_uring_cq_ready(ring)).toBe(0);
        // The write's completion is consumed, so its buffer may be freed.
        freeAligned(buf);
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_cq_advance, newRing }) {
      const ring = newRing(4);
      const args = [ring, 0] as Parameters<typeof io_uring_cq_advance>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
    violations: {
      'nr.relation': { args: { nr: 1 } },
    },
  },
});
