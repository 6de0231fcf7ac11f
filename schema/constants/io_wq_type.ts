import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoWqType',
  header: 'liburing/io_uring.h',
  summary: 'io-wq worker categories: the index into IORING_REGISTER_IOWQ_MAX_WORKERS values (enum io_wq_type).',
  since: '2.2',
  cType: 'unsigned',
  values: [
    { name: 'IO_WQ_BOUND', value: 0, doc: 'Workers for bounded work (regular file and block I/O).' },
    { name: 'IO_WQ_UNBOUND', value: 1, doc: 'Workers for unbounded work (sockets, pipes...).' },
  ],
});
