import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_register_personality',
  since: '0.4',
  category: 'register',
  summary: 'Register the calling task\'s credentials with the ring; returns a personality id for sqe.personality.',
  description:
    'An SQE whose personality field holds the id is then issued with these credentials, whichever task submits it: a way ' +
    'to share a ring between users or to drop privileges per request. Remove it with io_uring_unregister_personality. Linux 5.6+.',
  man: null,
  params: [{ name: 'ring', type: 'struct io_uring *', doc: 'The ring.' }],
  returns: { kind: 'errno', type: 'int', doc: 'The personality id, 1 to 65535, to store in sqe.personality.' },
  errors: {
    ENOMEM: 'not enough memory',
    EBUSY: 'all 65535 personality ids of the ring are in use',
  },
  quirks: [
    { text: 'ids start at 1 (0 in sqe.personality means none) and are allocated cyclically up to 65535 (they fit the SQE\'s __u16)', source: 'kernel io_uring/register.c io_register_personality() (xa_alloc_cyclic with XA_LIMIT(0, USHRT_MAX), ctx->personalities is XA_FLAGS_ALLOC1); observed ids 1, 2 on Linux 6.18' },
    { text: 'liburing 2.9 has no man page for it; io_uring_register(2) IORING_REGISTER_PERSONALITY documents it', source: 'liburing 2.9 man pages (io_uring_register_personality.3 appears after 2.9)' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_register_personality, io_uring_unregister_personality, newRing, waitOne }) {
      const ring = newRing(4);
      try {
        const id = io_uring_register_personality(ring);
        expect(id).toBeGreaterThanOrEqual(1);
        expect(id).toBeLessThanOrEqual(65535);
        const other = io_uring_register_personality(ring);
        expect(other).not.toBe(id);
        // A request issued with the personality runs; an unknown id is refused.
        const nop = (personality: number) => {
          const sqe = io_uring_get_sqe(ring)!;
          io_uring_prep_nop(sqe);
          sqe.personality = personality;
          return waitOne(ring).res;
        };
        expect(nop(id)).toBe(0);
        expect(nop(other)).toBe(0);
        expect(nop(4321)).toBe(-errnoNumber('EINVAL'));
        expect(io_uring_unregister_personality(ring, id)).toBe(0);
        expect(nop(id)).toBe(-errnoNumber('EINVAL'));
      } finally {
        io_uring_queue_exit(ring);
      }
    },
  },
});
