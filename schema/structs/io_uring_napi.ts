import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_napi',
  className: 'IoUringNapi',
  header: 'liburing/io_uring.h',
  summary: 'NAPI busy-poll settings for io_uring_register_napi/io_uring_unregister_napi (IORING_REGISTER_NAPI).',
  since: '2.6',
  fields: [
    { name: 'busy_poll_to', type: '__u32', doc: 'Busy-poll timeout in microseconds.' },
    { name: 'prefer_busy_poll', type: '__u8', doc: 'Non-zero to prefer busy polling.' },
    { name: 'pad', type: '__u8', count: 3 },
    { name: 'resv', type: '__u64' },
  ],
});
