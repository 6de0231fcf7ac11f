import { defineStruct } from '../language.js';

export default defineStruct({
  name: '__kernel_timespec',
  className: 'KernelTimespec',
  header: 'linux/time_types.h',
  summary: 'A time in seconds and nanoseconds, 64-bit on every architecture (timeouts, io_uring_wait_cqe_timeout).',
  fields: [
    { name: 'tv_sec', type: '__s64' },
    { name: 'tv_nsec', type: 'long long' },
  ],
});
