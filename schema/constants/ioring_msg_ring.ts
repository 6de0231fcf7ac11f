import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringMsgRing',
  header: 'liburing/io_uring.h',
  summary: 'IORING_OP_MSG_RING flags (sqe.msg_ring_flags).',
  since: '2.3',
  cType: 'unsigned',
  values: [
    { name: 'IORING_MSG_RING_CQE_SKIP', value: 1, doc: 'Post no CQE to the target ring (not for IORING_MSG_DATA).' },
    { name: 'IORING_MSG_RING_FLAGS_PASS', value: 2, doc: 'Pass sqe.file_index through as the target CQE\'s flags.', since: '2.4' },
  ],
});
