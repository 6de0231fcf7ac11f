import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringFileIndex',
  header: 'liburing/io_uring.h',
  summary: 'sqe.file_index value for opcodes that install a direct descriptor (openat, accept, socket...).',
  since: '2.2',
  cType: 'unsigned',
  values: [
    { name: 'IORING_FILE_INDEX_ALLOC', value: 4294967295, doc: 'Let io_uring pick a free direct descriptor; cqe.res returns it, or -ENFILE when the table is full.', kernel: '5.19' },
  ],
});
