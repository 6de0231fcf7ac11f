import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_unregister_personality',
  since: '0.4',
  category: 'register',
  summary: 'Unregister a personality id that io_uring_register_personality returned.',
  description: 'Requests already submitted with the id keep its credentials; new SQEs naming it fail with -EINVAL.',
  man: null,
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    {
      name: 'id',
      type: 'int',
      doc: 'A personality id from io_uring_register_personality on this ring.',
      preconditions: [
        {
          rule: { kind: 'range', min: 1, max: 65535 },
          message: 'id must be a personality id, from 1 to 65535: io_uring_register_personality never returns anything else (and the id must be registered on this ring, which liburing-ts does not track)',
          source: 'kernel io_uring/register.c io_register_personality() (XA_LIMIT(0, USHRT_MAX), XA_FLAGS_ALLOC1) and io_unregister_personality() (unknown id gives -EINVAL); observed -EINVAL for 0, -1 and 65536 on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  errors: {
    EINVAL: 'no personality with this id is registered on the ring',
  },
  quirks: [
    { text: 'liburing passes id as the syscall\'s nr_args (an unsigned int), so a negative id reaches the kernel as a huge number and fails with -EINVAL', source: 'liburing 2.9 src/register.c io_uring_unregister_personality() (do_register(ring, IORING_UNREGISTER_PERSONALITY, NULL, id))' },
  ],
  test: {
    async effect({ catchError, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_register_personality, io_uring_unregister_personality, newRing, waitOne }) {
      const ring = newRing(4);
      try {
        const id = io_uring_register_personality(ring);
        expect(io_uring_unregister_personality(ring, id)).toBe(0);
        // The id is gone: an SQE naming it is refused, and so is a second unregistration.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        sqe.personality = id;
        expect(waitOne(ring).res).toBe(-errnoNumber('EINVAL'));
        expect(catchError(() => io_uring_unregister_personality(ring, id))).toMatchObject({ name: 'UringError', code: 'EINVAL' });
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_register_personality, io_uring_unregister_personality, newRing }) {
      const ring = newRing(4);
      const id = io_uring_register_personality(ring);
      const args = [ring, id] as Parameters<typeof io_uring_unregister_personality>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
  },
});
