import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringTimeout',
  header: 'liburing/io_uring.h',
  summary: 'Flags of io_uring_prep_timeout and friends (io_uring_prep_timeout(3)).',
  cType: 'unsigned',
  values: [
    { name: 'IORING_TIMEOUT_ABS', value: 1 },
    { name: 'IORING_TIMEOUT_UPDATE', value: 2 },
    { name: 'IORING_TIMEOUT_BOOTTIME', value: 4 },
    { name: 'IORING_TIMEOUT_REALTIME', value: 8 },
    { name: 'IORING_LINK_TIMEOUT_UPDATE', value: 16, doc: 'With io_uring_prep_timeout_update: update a linked timeout rather than a plain one.' },
    { name: 'IORING_TIMEOUT_ETIME_SUCCESS', value: 32 },
    { name: 'IORING_TIMEOUT_MULTISHOT', value: 64 },
    { name: 'IORING_TIMEOUT_CLOCK_MASK', value: 12, doc: 'IORING_TIMEOUT_BOOTTIME | IORING_TIMEOUT_REALTIME: the clock selection bits.' },
    { name: 'IORING_TIMEOUT_UPDATE_MASK', value: 18, doc: 'IORING_TIMEOUT_UPDATE | IORING_LINK_TIMEOUT_UPDATE: the update kind bits.' },
  ],
});
