import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'SyncFileRange',
  header: 'fcntl.h',
  summary: 'sync_file_range(2) flags (io_uring_prep_sync_file_range(3)).',
  cType: 'unsigned',
  values: [
    { name: 'SYNC_FILE_RANGE_WAIT_BEFORE', value: 1, doc: 'Wait for writeout already in progress before writing.' },
    { name: 'SYNC_FILE_RANGE_WRITE', value: 2, doc: 'Start writeout of dirty pages in the range.' },
    { name: 'SYNC_FILE_RANGE_WAIT_AFTER', value: 4, doc: 'Wait for the writeout to complete.' },
    { name: 'SYNC_FILE_RANGE_WRITE_AND_WAIT', value: 7, doc: 'All three: write and wait.' },
  ],
});
