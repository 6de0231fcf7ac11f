import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'eventfd',
  since: 'glibc 2.8',
  category: 'libc',
  library: 'libc',
  summary: 'Create an eventfd: a 64-bit counter as a file descriptor, which io_uring_register_eventfd makes the ring signal (eventfd(2)).',
  description:
    'A read returns the counter and resets it to 0 (with EFD_SEMAPHORE: returns 1 and decrements it); a write of an 8-byte ' +
    'value adds to it. Registered with io_uring_register_eventfd, the kernel adds 1 for each completion posted. ' +
    'The descriptor is new: close it (fs.closeSync) when done.',
  man: 'eventfd(2)',
  params: [
    { name: 'initval', type: 'unsigned int', doc: 'The counter\'s initial value.' },
    {
      name: 'flags',
      type: 'int',
      doc: 'EFD_CLOEXEC, EFD_NONBLOCK, EFD_SEMAPHORE, or 0.',
      preconditions: [
        {
          rule: { kind: 'flags', group: 'Efd' },
          message: 'flags may hold only EFD_CLOEXEC, EFD_NONBLOCK and EFD_SEMAPHORE',
          source: 'eventfd(2) ERRORS ("EINVAL An unsupported value was specified in flags"); kernel fs/eventfd.c do_eventfd() (flags & ~EFD_FLAGS_SET); observed -1/EINVAL for 0x2 and 0x4 on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
  ],
  returns: { kind: 'libc', type: 'int', newFd: true, doc: 'The new eventfd descriptor; the caller must close it.' },
  errors: {
    EINVAL: 'flags holds a bit eventfd does not know',
    EMFILE: 'the process has no free file descriptors (ulimit -n)',
    ENFILE: 'the system-wide limit on open files was reached',
    ENODEV: 'the kernel could not mount its anonymous inode device',
    ENOMEM: 'not enough kernel memory for a new eventfd',
  },
  quirks: [
    { text: 'EFD_CLOEXEC and EFD_NONBLOCK are the O_CLOEXEC and O_NONBLOCK bits', source: 'kernel include/linux/eventfd.h (EFD_CLOEXEC O_CLOEXEC, EFD_NONBLOCK O_NONBLOCK)' },
  ],
  test: {
    async effect({ catchError, EFD_NONBLOCK, EFD_SEMAPHORE, eventfd, expect, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_register_eventfd, newRing, waitOne }) {
      const { closeSync, readSync, readlinkSync, writeSync } = await import('node:fs');
      const counter = new BigUint64Array(1);
      const bytes = new Uint8Array(counter.buffer);
      const fd = eventfd(5, EFD_NONBLOCK);
      try {
        expect(readlinkSync(`/proc/self/fd/${fd}`)).toBe('anon_inode:[eventfd]');
        // A read gives the counter (initval 5) and resets it; a write adds to it.
        expect(readSync(fd, bytes)).toBe(8);
        expect(counter[0]).toBe(5n);
        counter[0] = 2n;
        expect(writeSync(fd, bytes)).toBe(8);
        expect(readSync(fd, bytes)).toBe(8);
        expect(counter[0]).toBe(2n);
        // EFD_NONBLOCK: reading a zero counter says EAGAIN.
        expect(catchError(() => readSync(fd, bytes))).toMatchObject({ code: 'EAGAIN' });
        // Registered with a ring, the kernel adds 1 per completion.
        const ring = newRing(4);
        try {
          expect(io_uring_register_eventfd(ring, fd)).toBe(0);
          io_uring_prep_nop(io_uring_get_sqe(ring)!);
          expect(waitOne(ring).res).toBe(0);
          expect(readSync(fd, bytes)).toBe(8);
          expect(counter[0]).toBe(1n);
        } finally {
          io_uring_queue_exit(ring);
        }
      } finally {
        closeSync(fd);
      }
      // EFD_SEMAPHORE: each read takes 1.
      const sem = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK);
      try {
        expect(readSync(sem, bytes)).toBe(8);
        expect(counter[0]).toBe(1n);
        expect(readSync(sem, bytes)).toBe(8);
        expect(readSync(sem, bytes)).toBe(8);
        expect(catchError(() => readSync(sem, bytes))).toMatchObject({ code: 'EAGAIN' });
      } finally {
        closeSync(sem);
      }
    },
    async valid({ eventfd }) {
      return { args: [0, 0] as Parameters<typeof eventfd> };
    },
  },
});
