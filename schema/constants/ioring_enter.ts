import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringEnter',
  header: 'liburing/io_uring.h',
  summary: 'io_uring_enter flags (io_uring_enter(2)).',
  cType: 'unsigned',
  values: [
    { name: 'IORING_ENTER_GETEVENTS', value: 1 },
    { name: 'IORING_ENTER_SQ_WAKEUP', value: 2 },
    { name: 'IORING_ENTER_SQ_WAIT', value: 4 },
    { name: 'IORING_ENTER_EXT_ARG', value: 8 },
    { name: 'IORING_ENTER_REGISTERED_RING', value: 16 },
    { name: 'IORING_ENTER_ABS_TIMER', value: 32 },
    { name: 'IORING_ENTER_EXT_ARG_REG', value: 64, doc: '* Passed in for io_uring_setup(2). Copied back with updated info on success' },
  ],
});
