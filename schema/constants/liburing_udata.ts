import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'LiburingUdata',
  header: 'liburing.h',
  summary: 'user_data values liburing reserves for itself.',
  since: '0.2',
  cType: 'u64',
  values: [
    { name: 'LIBURING_UDATA_TIMEOUT', value: 0xffffffffffffffffn, doc: 'The user_data of the internal timeout requests older kernels need for io_uring_wait_cqe_timeout; such CQEs are consumed by liburing.' },
  ],
});
