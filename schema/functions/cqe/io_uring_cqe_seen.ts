import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_cqe_seen',
  since: '0.1',
  category: 'cqe',
  inline: true,
  js: 'cqeSeen(ring, cqe)',
  summary: 'Mark a completion as consumed, so the kernel can reuse its slot.',
  man: 'io_uring_cqe_seen(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring the completion came from.' },
    {
      name: 'cqe',
      type: 'struct io_uring_cqe *',
      nullable: true,
      doc: 'The completion; null does nothing.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'cqe === null || cqeOfRing(ring, cqe)', says: 'pass a CQE this ring returned (io_uring_wait_cqe, io_uring_peek_cqe...), not one of another ring' },
          message: 'cqe must be a completion of this ring: C only advances this ring\'s CQ head, so another ring\'s CQE would consume one of this ring\'s completions unseen',
          source: 'io_uring_cqe_seen(3); liburing 2.9 liburing.h io_uring_cqe_seen (io_uring_cq_advance(ring, 1), cqe not looked at)',
          errno: null,
          unprovable: 'advances the CQ head with nothing to consume',
        },
        {
          rule: { kind: 'relation', holds: 'cqe === null || cqReady(ring) >= 1', says: 'a completion must be ready: the CQE was already seen, or none was waited for' },
          message: 'a completion must be ready (io_uring_cq_ready(ring) >= 1): seeing a CQE twice moves the CQ head past the tail, and the ring then reports 2^32 - 1 stale completions',
          source: 'io_uring_cqe_seen(3); observed on Linux 6.18 (cq_ready 4294967295 after a second cqe_seen)',
          errno: null,
          unprovable: 'moves the CQ head past the tail',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing.' },
  bookkeeping: 'cqe-seen',
  test: {
    async effect({ expect, io_uring_cq_ready, io_uring_cqe_seen, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_submit, io_uring_wait_cqe, IoUringCqe, newRing, OutPointer }) {
      const ring = newRing(4);
      try {
        io_uring_prep_nop(io_uring_get_sqe(ring)!);
        io_uring_submit(ring);
        const out = new OutPointer<IoUringCqe>();
        io_uring_wait_cqe(ring, out);
        expect(io_uring_cq_ready(ring)).toBe(1);
        io_uring_cqe_seen(ring, out.value);
        expect(io_uring_cq_ready(ring)).toBe(0);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_cqe_seen, io_uring_get_sqe, io_uring_prep_nop, io_uring_submit, io_uring_wait_cqe, IoUringCqe, newRing, OutPointer }) {
      const ring = newRing(4);
      io_uring_prep_nop(io_uring_get_sqe(ring)!);
      io_uring_submit(ring);
      const out = new OutPointer<IoUringCqe>();
      io_uring_wait_cqe(ring, out);
      const cqe = out.value!;
      const args = [ring, cqe] as Parameters<typeof io_uring_cqe_seen>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
        cqe,
        ring,
      };
    },
    violations: {
      'cqe.relation': { args: { cqe: (_, { IoUringCqe }) => new IoUringCqe() } },
      'cqe.relation#2': { before: ({ cqe, ring }, { io_uring_cqe_seen }) => { io_uring_cqe_seen(ring, cqe); } },
    },
  },
});
