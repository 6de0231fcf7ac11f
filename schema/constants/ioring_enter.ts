import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringEnter',
  header: 'liburing/io_uring.h',
  summary: 'io_uring_enter flags (io_uring_enter(2)).',
  since: '0.1',
  cType: 'unsigned',
  values: [
    { name: 'IORING_ENTER_GETEVENTS', value: 1, doc: 'Wait for min_complete completions.', kernel: '5.1' },
    { name: 'IORING_ENTER_SQ_WAKEUP', value: 2, doc: 'Wake the SQ poll thread.', kernel: '5.1' },
    { name: 'IORING_ENTER_SQ_WAIT', value: 4, doc: 'Wait until the SQ has room (SQPOLL rings).', since: '2.0', kernel: '5.10' },
    { name: 'IORING_ENTER_EXT_ARG', value: 8, doc: 'The argument is a struct io_uring_getevents_arg, not a signal set.', since: '2.0', kernel: '5.11' },
    { name: 'IORING_ENTER_REGISTERED_RING', value: 16, doc: 'fd is a registered ring index.', since: '2.2', kernel: '5.18' },
    { name: 'IORING_ENTER_ABS_TIMER', value: 32, doc: 'The wait timeout is an absolute time.', since: '2.8', kernel: '6.12' },
    { name: 'IORING_ENTER_EXT_ARG_REG', value: 64, doc: 'The argument is an offset into the registered wait region (struct io_uring_reg_wait).', since: '2.9', kernel: '6.13' },
    { name: 'IORING_ENTER_NO_IOWAIT', value: 128, doc: 'Waiting does not count as iowait (io_uring_set_iowait(3)); needs IORING_FEAT_NO_IOWAIT.', since: '2.10', kernel: '6.15' },
  ],
});
