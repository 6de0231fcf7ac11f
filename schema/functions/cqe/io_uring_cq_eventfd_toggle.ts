import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_cq_eventfd_toggle',
  since: '0.7',
  category: 'cqe',
  inline: true,
  js: 'cqEventfdToggle(ring, enabled)',
  summary: 'Turn the signalling of the ring\'s registered eventfd on completions on or off (IORING_CQ_EVENTFD_DISABLED).',
  description:
    'Sets or clears IORING_CQ_EVENTFD_DISABLED in the CQ ring flags shared with the kernel; no system call. While it is set, ' +
    'new completions do not signal the eventfd registered with io_uring_register_eventfd. Nothing happens when the state ' +
    'is already the one asked for.',
  man: null,
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    { name: 'enabled', type: 'bool', doc: 'true to signal the eventfd on completions, false to stop.' },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  errors: {
    EOPNOTSUPP: 'the kernel\'s CQ ring has no flags word (before Linux 5.8): notifications cannot be turned off',
  },
  quirks: [
    { text: 'it works whether or not an eventfd is registered: the flag just waits for one', source: 'liburing 2.9 liburing.h io_uring_cq_eventfd_toggle(); observed on Linux 6.18' },
    { text: 'the flag is a plain store into memory shared with the kernel; a completion racing with the toggle may or may not signal', source: 'liburing 2.9 liburing.h io_uring_cq_eventfd_toggle() (IO_URING_WRITE_ONCE)' },
  ],
  test: {
    async effect({ expect, io_uring_cq_advance, io_uring_cq_eventfd_enabled, io_uring_cq_eventfd_toggle, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_submit_and_wait, liburing, newRing }) {
      const { readSync, closeSync } = await import('node:fs');
      const koffi = (await import('koffi')).default;
      const eventfd = koffi.load('libc.so.6').func('int eventfd(unsigned int initval, int flags)');
      const registerEventfd = liburing().ffi.func('int io_uring_register_eventfd(void *ring, int fd)');
      const EFD_NONBLOCK = 0x800;
      const ring = newRing(4);
      const efd = eventfd(0, EFD_NONBLOCK) as number;
      // The eventfd counter: the number of signals since the last read, or null when there was none.
      const signals = (): bigint | null => {
        const b = Buffer.alloc(8);
        try {
          readSync(efd, b);
          return b.readBigUInt64LE();
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'EAGAIN') return null;
          throw e;
        }
      };
      const nop = () => {
        io_uring_prep_nop(io_uring_get_sqe(ring)!);
        io_uring_submit_and_wait(ring, 1);
        io_uring_cq_advance(ring, 1);
      };
      try {
        expect(efd).toBeGreaterThanOrEqual(0);
        expect(registerEventfd(ring.address, efd)).toBe(0);
        nop();
        expect(signals()).toBe(1n);
        // Off: completions no longer signal the eventfd.
        expect(io_uring_cq_eventfd_toggle(ring, false)).toBe(0);
        expect(io_uring_cq_eventfd_enabled(ring)).toBe(false);
        nop();
        expect(signals()).toBeNull();
        // Off again: nothing to do.
        expect(io_uring_cq_eventfd_toggle(ring, false)).toBe(0);
        // On: they signal again.
        expect(io_uring_cq_eventfd_toggle(ring, true)).toBe(0);
        expect(io_uring_cq_eventfd_enabled(ring)).toBe(true);
        nop();
        expect(signals()).toBe(1n);
      } finally {
        io_uring_queue_exit(ring);
        closeSync(efd);
      }
    },
    async valid({ exitQuietly, io_uring_cq_eventfd_toggle, newRing }) {
      const ring = newRing(4);
      const args = [ring, false] as Parameters<typeof io_uring_cq_eventfd_toggle>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
  },
});
