import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_unregister_eventfd',
  since: '0.1',
  category: 'register',
  summary: 'Unregister the ring\'s eventfd (registered with io_uring_register_eventfd or _async): completions no longer signal it.',
  man: 'io_uring_unregister_eventfd(3)',
  params: [{ name: 'ring', type: 'struct io_uring *', doc: 'The ring.' }],
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  errors: {
    ENXIO: 'the ring has no eventfd registered',
  },
  test: {
    async effect({ catchError, expect, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_register_eventfd, io_uring_unregister_eventfd, newRing, waitOne }) {
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
        expect(io_uring_register_eventfd(ring, efd)).toBe(0);
        io_uring_prep_nop(io_uring_get_sqe(ring)!);
        waitOne(ring);
        expect(counter()).toBe(1n);
        expect(io_uring_unregister_eventfd(ring)).toBe(0);
        // Completions no longer signal it.
        io_uring_prep_nop(io_uring_get_sqe(ring)!);
        expect(waitOne(ring).res).toBe(0);
        expect(counter()).toBe('EAGAIN');
        expect(catchError(() => io_uring_unregister_eventfd(ring))).toMatchObject({ name: 'UringError', code: 'ENXIO' });
      } finally {
        io_uring_queue_exit(ring);
        closeSync(efd);
      }
    },
  },
});
