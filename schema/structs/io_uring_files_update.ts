import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_files_update',
  className: 'IoUringFilesUpdate',
  header: 'liburing/io_uring.h',
  summary: 'Deprecated form of io_uring_rsrc_update: replace registered files from an offset (IORING_REGISTER_FILES_UPDATE).',
  since: '0.2',
  fields: [
    { name: 'offset', type: '__u32', doc: 'The first slot to update.' },
    { name: 'resv', type: '__u32', since: '0.4' },
    { name: 'fds', type: '__u64', doc: '__aligned_u64: the address of an __s32 array of fds.', since: '0.4' },
  ],
});
