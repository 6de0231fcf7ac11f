import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_register_eventfd',
  since: '0.1',
  category: 'register',
  summary: 'Register an eventfd that the kernel signals whenever completions are posted to the ring.',
  description:
    'After this, posting CQEs increments the eventfd, so an event loop can poll the eventfd instead of the ring. A signal is ' +
    'only a hint to look at the CQ ring: several completions may produce one signal. Notifications can be paused with ' +
    'io_uring_cq_eventfd_toggle. One eventfd per ring; io_uring_unregister_eventfd removes it.',
  man: 'io_uring_register_eventfd(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    {
      name: 'fd',
      type: 'int',
      doc: 'An eventfd(2) descriptor.',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be an open eventfd descriptor, not negative',
          source: 'io_uring_register(2) IORING_REGISTER_EVENTFD (man2/io_uring_register.2:358) and ERRORS EBADF (man2/io_uring_register.2:1064); observed -EBADF for -1 on Linux 6.18',
          errno: 'EBADF',
        },
      ],
    },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  errors: {
    EBADF: 'fd is not an open file descriptor',
    EINVAL: 'fd is not an eventfd (e.g. a pipe or a regular file)',
    EBUSY: 'the ring already has an eventfd registered: call io_uring_unregister_eventfd first',
  },
  quirks: [
    { text: 'the kernel checks that fd is an eventfd and returns -EINVAL otherwise; liburing-ts cannot tell an eventfd from other fds', source: 'kernel io_uring/eventfd.c io_eventfd_register() (eventfd_ctx_fdget); observed -EINVAL for a pipe on Linux 6.18' },
    { text: 'Node has no eventfd(); create one with libc\'s eventfd(2), e.g. through koffi, as this entry\'s test does', source: 'liburing-ts' },
  ],
  test: {
    async effect({ catchError, expect, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_register_eventfd, io_uring_unregister_eventfd, newRing, waitOne }) {
      const { default: koffi } = await import('koffi');
      const { readSync, closeSync } = await import('node:fs');
      const eventfd = koffi.load('libc.so.6').func('int eventfd(unsigned int initval, int flags)');
      const efd = eventfd(0, 0o4000 /* EFD_NONBLOCK */) as number;
      expect(efd).toBeGreaterThanOrEqual(0);
      // The eventfd's counter, or 'EAGAIN' when nothing signalled it (reading resets it).
      const counter = () => {
        const b = Buffer.alloc(8);
        try {
          readSync(efd, b, 0, 8, null);
          return b.readBigUInt64LE(0);
        } catch (e) {
          return (e as NodeJS.ErrnoException).code;
        }
      };
      const ring = newRing(4);
      try {
        expect(io_uring_register_eventfd(ring, efd)).toBe(0);
        expect(counter()).toBe('EAGAIN');
        // A completion signals the eventfd.
        io_uring_prep_nop(io_uring_get_sqe(ring)!);
        expect(waitOne(ring).res).toBe(0);
        expect(counter()).toBe(1n);
        expect(counter()).toBe('EAGAIN');
        // One eventfd per ring.
        expect(catchError(() => io_uring_register_eventfd(ring, efd))).toMatchObject({ name: 'UringError', code: 'EBUSY' });
        expect(io_uring_unregister_eventfd(ring)).toBe(0);
        // /dev/null is not an eventfd.
        const { openSync } = await import('node:fs');
        const notEventfd = openSync('/dev/null', 'r');
        expect(catchError(() => io_uring_register_eventfd(ring, notEventfd))).toMatchObject({ name: 'UringError', code: 'EINVAL' });
        closeSync(notEventfd);
      } finally {
        io_uring_queue_exit(ring);
        closeSync(efd);
      }
    },
    async valid({ exitQuietly, io_uring_register_eventfd, newRing }) {
      const { openSync, closeSync } = await import('node:fs');
      const ring = newRing(4);
      const fd = openSync('/dev/null', 'r');
      const args = [ring, fd] as Parameters<typeof io_uring_register_eventfd>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
          closeSync(fd);
        },
      };
    },
  },
});
