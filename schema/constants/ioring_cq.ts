import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringCq',
  header: 'liburing/io_uring.h',
  summary: 'CQ ring flags the application sets (*cq.kflags).',
  since: '0.7',
  cType: 'unsigned',
  values: [
    { name: 'IORING_CQ_EVENTFD_DISABLED', value: 1, doc: 'Disable eventfd notifications (io_uring_cq_eventfd_toggle(3)).' },
  ],
});
