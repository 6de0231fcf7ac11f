import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_cqe_iter',
  className: 'IoUringCqeIter',
  header: 'liburing.h',
  since: '2.10',
  summary: 'A walk over the completions ready when io_uring_cqe_iter_init took it: the CQ ring, its mask, and a head and tail snapshot.',
  fields: [
    { name: 'cqes', type: 'struct io_uring_cqe *', doc: 'The ring\'s CQEs.' },
    { name: 'mask', type: 'unsigned', doc: 'The CQ ring mask.' },
    { name: 'shift', type: 'unsigned', doc: '1 for 32-byte CQEs (IORING_SETUP_CQE32), else 0.' },
    { name: 'head', type: 'unsigned', doc: 'The next completion to return; io_uring_cqe_iter_next advances it.' },
    { name: 'tail', type: 'unsigned', doc: 'The CQ tail when the walk started: completions posted later are not returned.' },
  ],
});
