import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IosqeBit',
  header: 'liburing/io_uring.h',
  summary: 'Bit numbers of the IOSQE_* flags (enum io_uring_sqe_flags_bit).',
  since: '0.4',
  cType: 'unsigned',
  values: [
    { name: 'IOSQE_FIXED_FILE_BIT', value: 0 },
    { name: 'IOSQE_IO_DRAIN_BIT', value: 1 },
    { name: 'IOSQE_IO_LINK_BIT', value: 2 },
    { name: 'IOSQE_IO_HARDLINK_BIT', value: 3 },
    { name: 'IOSQE_ASYNC_BIT', value: 4 },
    { name: 'IOSQE_BUFFER_SELECT_BIT', value: 5, since: '0.6' },
    { name: 'IOSQE_CQE_SKIP_SUCCESS_BIT', value: 6, since: '2.2' },
  ],
});
