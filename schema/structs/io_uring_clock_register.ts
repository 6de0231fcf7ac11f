import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_clock_register',
  className: 'IoUringClockRegister',
  header: 'liburing/io_uring.h',
  summary: 'The clock the ring uses for wait timeouts: CLOCK_MONOTONIC or CLOCK_BOOTTIME (io_uring_register_clock(3), IORING_REGISTER_CLOCK).',
  since: '2.8',
  fields: [
    { name: 'clockid', type: '__u32', doc: 'CLOCK_MONOTONIC or CLOCK_BOOTTIME.' },
    { name: '__resv', type: '__u32', count: 3 },
  ],
});
