import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringNotif',
  header: 'liburing/io_uring.h',
  summary: 'cqe.res of an IORING_CQE_F_NOTIF completion when IORING_SEND_ZC_REPORT_USAGE was set.',
  since: '2.4',
  cType: 'unsigned',
  values: [
    { name: 'IORING_NOTIF_USAGE_ZC_COPIED', value: 2147483648, doc: 'The data was copied (at least partly) rather than sent zero-copy.' },
  ],
});
