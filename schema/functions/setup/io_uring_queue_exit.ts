import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_queue_exit',
  since: '0.1',
  category: 'setup',
  summary: 'Tear down an io_uring instance: unmap its rings and close its file descriptor.',
  man: 'io_uring_queue_exit(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', ownership: 'consumed', doc: 'The ring to tear down; it must have been initialized successfully.' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing.' },
  bookkeeping: 'ring-exit',
  quirks: [
    { text: 'after a failed init the struct is zeroed, so calling it would close fd 0 (stdin); liburing-ts refuses a ring that is not live', source: 'liburing 2.9 src/setup.c:307,457-458; issue #448' },
  ],
  test: {
    async effect({ catchError, expect, io_uring_get_sqe, io_uring_queue_exit, newRing }) {
      const ring = newRing(4);
      const sqe = io_uring_get_sqe(ring)!;
      io_uring_queue_exit(ring);
      // Everything borrowed from the ring is dead, and so is the ring.
      expect(() => sqe.user_data).toThrow(/io_uring_queue_exit/);
      expect(catchError(() => io_uring_get_sqe(ring))).toMatchObject({ rule: 'ringState' });
      expect(catchError(() => io_uring_queue_exit(ring))).toMatchObject({ rule: 'ringState' });
    },
    async valid({ exitQuietly, io_uring_queue_exit, newRing }) {
      const ring = newRing(4);
      const args = [ring] as Parameters<typeof io_uring_queue_exit>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
  },
});
