import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringSq',
  header: 'liburing/io_uring.h',
  summary: 'SQ ring flags the kernel sets (*sq.kflags).',
  since: '0.1',
  cType: 'unsigned',
  values: [
    { name: 'IORING_SQ_NEED_WAKEUP', value: 1, doc: 'The SQPOLL thread sleeps: io_uring_enter with IORING_ENTER_SQ_WAKEUP is needed.' },
    { name: 'IORING_SQ_CQ_OVERFLOW', value: 2, doc: 'The CQ ring has overflowed.', since: '0.7' },
    { name: 'IORING_SQ_TASKRUN', value: 4, doc: 'Task work is pending: the task should enter the kernel (IORING_SETUP_TASKRUN_FLAG).', since: '2.2' },
  ],
});
