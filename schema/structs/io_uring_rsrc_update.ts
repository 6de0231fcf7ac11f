import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_rsrc_update',
  className: 'IoUringRsrcUpdate',
  header: 'liburing/io_uring.h',
  summary: 'An update of registered resources from an offset (IORING_REGISTER_FILES_UPDATE, IORING_REGISTER_RING_FDS).',
  since: '2.0',
  fields: [
    { name: 'offset', type: '__u32', doc: 'The first slot to update.' },
    { name: 'resv', type: '__u32' },
    { name: 'data', type: '__u64', doc: '__aligned_u64: the address of the new values (e.g. an int array of fds).' },
  ],
});
