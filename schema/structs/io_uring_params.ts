import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_params',
  className: 'IoUringParams',
  header: 'liburing/io_uring.h',
  summary: 'Setup parameters passed to io_uring_setup, and what the kernel reports back (io_uring_setup(2)).',
  since: '0.1',
  fields: [
    { name: 'sq_entries', type: '__u32' },
    { name: 'cq_entries', type: '__u32', doc: 'With IORING_SETUP_CQSIZE: the completion queue size wanted.' },
    { name: 'flags', type: '__u32', doc: 'IORING_SETUP_* flags.' },
    { name: 'sq_thread_cpu', type: '__u32' },
    { name: 'sq_thread_idle', type: '__u32' },
    { name: 'features', type: '__u32', doc: 'IORING_FEAT_* bits the kernel reports.', since: '0.2' },
    { name: 'wq_fd', type: '__u32', since: '0.4' },
    { name: 'resv', type: '__u32', count: 3, since: '0.4' },
    { name: 'sq_off', type: 'struct io_sqring_offsets' },
    { name: 'cq_off', type: 'struct io_cqring_offsets' },
  ],
});
