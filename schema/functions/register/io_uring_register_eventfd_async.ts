import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_register_eventfd_async',
  since: '0.6',
  category: 'register',
  summary: 'Register an eventfd that the kernel signals only for completions posted from async context (io-wq workers).',
  description:
    'Like io_uring_register_eventfd, but completions of requests that finished inline, during submission, do not signal ' +
    'the eventfd; those that went through an io-wq worker (e.g. forced with IOSQE_ASYNC, or blocking operations) do. ' +
    'Unregister it with io_uring_unregister_eventfd. Linux 5.6+.',
  man: 'io_uring_register_eventfd_async(3)',
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
          source: 'io_uring_register(2) IORING_REGISTER_EVENTFD_ASYNC and ERRORS EBADF; observed -EBADF for -1 on Linux 6.18',
          errno: 'EBADF',
        },
      ],
    },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  errors: {
    EBADF: 'fd is not an open file descriptor',
    EINVAL: 'fd is not an eventfd',
    EBUSY: 'the ring already has an eventfd registered (sync or async): call io_uring_unregister_eventfd first',
  },
  quirks: [
    { text: '"async" means posted by an io-wq worker thread: a NOP completes inline and does not signal, the same NOP with IOSQE_ASYNC does', source: 'kernel io_uring/eventfd.c io_eventfd_signal() (eventfd_async && !io_wq_current_is_worker()); observed on Linux 6.18' },
  ],
  test: {
    async effect({ catchError, expect, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_register_eventfd, io_uring_register_eventfd_async, io_uring_sqe_set_flags, io_uring_unregister_eventfd, IOSQE_ASYNC, newRing, waitOne }) {
      const { default: koffi } = await import('koffi');
      const { readSync, closeSync } = await import('node:fs');
      const eventfd = koffi.load('libc.so.6').func('int eventfd(unsigned int initval, int flags)');
      const efd = eventfd(0, 0o4000 /* EFD_NONBLOCK */) as number;
      expect(efd).toBeGreaterThanOrEqual(0);
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
        expect(io_uring_register_eventfd_async(ring, efd)).toBe(0);
        // A NOP completes inline: no signal.
        io_uring_prep_nop(io_uring_get_sqe(ring)!);
        expect(waitOne(ring).res).toBe(0);
        expect(counter()).toBe('EAGAIN');
        // The same NOP punted to an io-wq worker: signalled.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_flags(sqe, IOSQE_ASYNC);
        expect(waitOne(ring).res).toBe(0);
        expect(counter()).toBe(1n);
        // It occupies the ring's single eventfd registration.
        expect(catchError(() => io_uring_register_eventfd(ring, efd))).toMatchObject({ name: 'UringError', code: 'EBUSY' });
        expect(io_uring_unregister_eventfd(ring)).toBe(0);
      } finally {
        io_uring_queue_exit(ring);
        closeSync(efd);
      }
    },
    async valid({ exitQuietly, io_uring_register_eventfd_async, newRing }) {
      const { openSync, closeSync } = await import('node:fs');
      const ring = newRing(4);
      const fd = openSync('/dev/null', 'r');
      const args = [ring, fd] as Parameters<typeof io_uring_register_eventfd_async>;
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
