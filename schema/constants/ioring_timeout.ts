import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringTimeout',
  header: 'liburing/io_uring.h',
  summary: 'Flags of io_uring_prep_timeout and friends (io_uring_prep_timeout(3)).',
  since: '0.2',
  cType: 'unsigned',
  values: [
    { name: 'IORING_TIMEOUT_ABS', value: 1, kernel: '5.4' },
    { name: 'IORING_TIMEOUT_UPDATE', value: 2, since: '2.0', kernel: '5.11' },
    { name: 'IORING_TIMEOUT_BOOTTIME', value: 4, since: '2.1', kernel: '5.15' },
    { name: 'IORING_TIMEOUT_REALTIME', value: 8, since: '2.1', kernel: '5.15' },
    { name: 'IORING_LINK_TIMEOUT_UPDATE', value: 16, doc: 'With io_uring_prep_timeout_update: update a linked timeout rather than a plain one.', since: '2.1', kernel: '5.15' },
    { name: 'IORING_TIMEOUT_ETIME_SUCCESS', value: 32, since: '2.2', kernel: '5.16' },
    { name: 'IORING_TIMEOUT_MULTISHOT', value: 64, since: '2.4', kernel: '6.4' },
    { name: 'IORING_TIMEOUT_IMMEDIATE_ARG', value: 128, doc: 'sqe.addr holds the timeout in nanoseconds instead of pointing to a timespec.', since: '2.15', kernel: '7.1' },
    { name: 'IORING_TIMEOUT_CLOCK_MASK', value: 12, doc: 'IORING_TIMEOUT_BOOTTIME | IORING_TIMEOUT_REALTIME: the clock selection bits.', since: '2.1' },
    { name: 'IORING_TIMEOUT_UPDATE_MASK', value: 18, doc: 'IORING_TIMEOUT_UPDATE | IORING_LINK_TIMEOUT_UPDATE: the update kind bits.', since: '2.1' },
  ],
});
