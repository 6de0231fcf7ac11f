import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringSpliceF',
  header: 'liburing/io_uring.h',
  summary: 'io_uring extension of the splice flags (sqe.splice_flags).',
  since: '0.6',
  cType: 'unsigned',
  values: [
    { name: 'SPLICE_F_FD_IN_FIXED', value: 2147483648, doc: 'fd_in is a registered (fixed) file index.' },
  ],
});
