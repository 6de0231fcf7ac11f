import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'FallocFl',
  header: 'linux/falloc.h',
  summary: 'fallocate(2) mode flags (io_uring_prep_fallocate(3)).',
  cType: 'unsigned',
  values: [
    { name: 'FALLOC_FL_KEEP_SIZE', value: 1, doc: 'Do not change the file size.' },
    { name: 'FALLOC_FL_PUNCH_HOLE', value: 2, doc: 'Deallocate the range (with FALLOC_FL_KEEP_SIZE).' },
    { name: 'FALLOC_FL_NO_HIDE_STALE', value: 4, doc: 'Reserved.' },
    { name: 'FALLOC_FL_COLLAPSE_RANGE', value: 8, doc: 'Remove the range and close the gap.' },
    { name: 'FALLOC_FL_ZERO_RANGE', value: 16, doc: 'Zero the range.' },
    { name: 'FALLOC_FL_INSERT_RANGE', value: 32, doc: 'Insert a hole, shifting data up.', kernel: '4.1' },
    { name: 'FALLOC_FL_UNSHARE_RANGE', value: 64, doc: 'Unshare shared blocks in the range.', kernel: '4.14' },
  ],
});
