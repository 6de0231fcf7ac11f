import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_rsrc_update2',
  className: 'IoUringRsrcUpdate2',
  header: 'liburing/io_uring.h',
  summary: 'A tagged update of nr registered files or buffers from an offset (IORING_REGISTER_FILES_UPDATE2, IORING_REGISTER_BUFFERS_UPDATE).',
  since: '2.1',
  fields: [
    { name: 'offset', type: '__u32', doc: 'The first slot to update.' },
    { name: 'resv', type: '__u32' },
    { name: 'data', type: '__u64', doc: '__aligned_u64: the address of the new fds or iovecs.' },
    { name: 'tags', type: '__u64', doc: '__aligned_u64: the address of nr __u64 tags, or 0.' },
    { name: 'nr', type: '__u32', doc: 'How many slots to update.' },
    { name: 'resv2', type: '__u32' },
  ],
});
