import { defineConstants } from '../language.js';

// glibc 2.36 bits/eventfd.h; the kernel's include/linux/eventfd.h (EFD_CLOEXEC = O_CLOEXEC, EFD_NONBLOCK = O_NONBLOCK).
export default defineConstants({
  group: 'Efd',
  header: 'sys/eventfd.h',
  summary: 'eventfd(2) flags (the libc eventfd wrapper of liburing-ts/libc; io_uring_register_eventfd(3) takes such an fd).',
  cType: 'int',
  values: [
    { name: 'EFD_SEMAPHORE', value: 0o1, doc: 'Each read returns 1 and decrements the counter by 1, instead of returning the counter and resetting it.' },
    { name: 'EFD_NONBLOCK', value: 0o4000, doc: 'Non-blocking: a read of a zero counter fails with EAGAIN (the same bit as O_NONBLOCK).' },
    { name: 'EFD_CLOEXEC', value: 0o2000000, doc: 'Close the fd on execve (the same bit as O_CLOEXEC).' },
  ],
});
