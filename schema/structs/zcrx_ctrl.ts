import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'zcrx_ctrl',
  className: 'ZcrxCtrl',
  header: 'liburing/io_uring.h',
  since: '2.15',
  summary: 'A control operation on a zero-copy receive context (io_uring_register_zcrx_ctrl(3)): which context, which operation, and its arguments.',
  fields: [
    { name: 'zcrx_id', type: '__u32', doc: 'The context, as io_uring_register_ifq stored it in io_uring_zcrx_ifq_reg.zcrx_id.' },
    { name: 'op', type: '__u32', doc: 'ZCRX_CTRL_FLUSH_RQ or ZCRX_CTRL_EXPORT.' },
    { name: '__resv', type: '__u64', count: 2, doc: 'Must be 0.' },
    { union: [
      { name: 'zc_export', type: 'struct zcrx_ctrl_export' },
      { name: 'zc_flush', type: 'struct zcrx_ctrl_flush_rq' },
    ] },
  ],
});
