import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringPoll',
  header: 'liburing/io_uring.h',
  summary: 'IORING_OP_POLL_ADD command flags, passed in sqe.len (io_uring_prep_poll_multishot(3), io_uring_prep_poll_update(3)).',
  since: '2.1',
  cType: 'unsigned',
  values: [
    { name: 'IORING_POLL_ADD_MULTI', value: 1, doc: 'Multishot poll: keeps posting CQEs with IORING_CQE_F_MORE.', kernel: '5.13' },
    { name: 'IORING_POLL_UPDATE_EVENTS', value: 2, doc: 'Update the events of an existing poll request.', kernel: '5.13' },
    { name: 'IORING_POLL_UPDATE_USER_DATA', value: 4, doc: 'Update the user_data of an existing poll request.', kernel: '5.13' },
    { name: 'IORING_POLL_ADD_LEVEL', value: 8, doc: 'Level-triggered poll.', since: '2.3', kernel: '6.0' },
  ],
});
