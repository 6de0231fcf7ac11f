import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_get_sqe',
  since: '0.1',
  category: 'sqe',
  inline: true,
  js: 'getSqe(ring, IoUringSqe)',
  summary: 'Get the next free submission queue entry, or null when the submission queue is full.',
  man: 'io_uring_get_sqe(3)',
  params: [{ name: 'ring', type: 'struct io_uring *', doc: 'The ring.' }],
  returns: {
    kind: 'pointer',
    type: 'struct io_uring_sqe *',
    doc: 'The SQE, borrowed from the ring: valid until io_uring_queue_exit. Every SQE obtained is submitted by the next submit.',
    nullMeans: 'the submission queue is full; submit, then try again',
    borrowedFrom: 'ring',
  },
  test: {
    async effect({ expect, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_submit, IoUringSqe, newRing }) {
      const ring = newRing(2);
      try {
        const a = io_uring_get_sqe(ring);
        const b = io_uring_get_sqe(ring);
        expect(a).toBeInstanceOf(IoUringSqe);
        expect(b!.address - a!.address).toBe(64n);
        expect(io_uring_get_sqe(ring)).toBeNull();
        io_uring_prep_nop(a!);
        io_uring_prep_nop(b!);
        expect(io_uring_submit(ring)).toBe(2);
        expect(io_uring_get_sqe(ring)).not.toBeNull();
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, newRing }) {
      const ring = newRing(2);
      const args = [ring] as Parameters<typeof io_uring_get_sqe>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
  },
});
