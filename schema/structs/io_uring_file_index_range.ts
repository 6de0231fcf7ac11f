import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_file_index_range',
  className: 'IoUringFileIndexRange',
  header: 'liburing/io_uring.h',
  summary: 'The range [off, off + len) of fixed file slots used for IORING_FILE_INDEX_ALLOC (io_uring_register_file_alloc_range(3)).',
  since: '2.3',
  fields: [
    { name: 'off', type: '__u32' },
    { name: 'len', type: '__u32' },
    { name: 'resv', type: '__u64' },
  ],
});
