import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'zcrx_ctrl_flush_rq',
  className: 'ZcrxCtrlFlushRq',
  header: 'liburing/io_uring.h',
  since: '2.15',
  summary: 'ZCRX_CTRL_FLUSH_RQ\'s part of struct zcrx_ctrl: reserved, all zero.',
  fields: [{ name: '__resv', type: '__u64', count: 6 }],
});
