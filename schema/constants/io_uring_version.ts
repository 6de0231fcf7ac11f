import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoUringVersion',
  header: 'liburing/io_uring_version.h',
  summary: 'The liburing version the headers are from (compare with io_uring_major_version/io_uring_minor_version at run time).',
  cType: 'unsigned',
  values: [
    { name: 'IO_URING_VERSION_MAJOR', value: 2 },
    { name: 'IO_URING_VERSION_MINOR', value: 9 },
  ],
});
