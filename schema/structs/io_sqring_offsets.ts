import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_sqring_offsets',
  className: 'IoSqringOffsets',
  header: 'liburing/io_uring.h',
  summary: 'Offsets of the submission ring fields in its mapping, filled in by io_uring_setup (io_uring_setup(2)).',
  since: '0.1',
  fields: [
    { name: 'head', type: '__u32' },
    { name: 'tail', type: '__u32' },
    { name: 'ring_mask', type: '__u32' },
    { name: 'ring_entries', type: '__u32' },
    { name: 'flags', type: '__u32' },
    { name: 'dropped', type: '__u32' },
    { name: 'array', type: '__u32' },
    { name: 'resv1', type: '__u32' },
    { name: 'user_addr', type: '__u64', doc: 'With IORING_SETUP_NO_MMAP: the address of the memory that holds the SQEs.', since: '2.5' },
  ],
});
