import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringFsync',
  header: 'liburing/io_uring.h',
  summary: 'Flags of io_uring_prep_fsync (io_uring_prep_fsync(3)).',
  since: '0.1',
  cType: 'unsigned',
  values: [
    { name: 'IORING_FSYNC_DATASYNC', value: 1, doc: 'fdatasync(2) instead of fsync(2).' },
  ],
});
