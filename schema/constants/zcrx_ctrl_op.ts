import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'ZcrxCtrlOp',
  header: 'liburing/io_uring.h',
  summary: 'zcrx_ctrl.op: what io_uring_register_zcrx_ctrl(3) does (enum zcrx_ctrl_op).',
  since: '2.15',
  cType: 'unsigned',
  values: [
    { name: 'ZCRX_CTRL_FLUSH_RQ', value: 0, doc: 'Flush the refill queue.' },
    { name: 'ZCRX_CTRL_EXPORT', value: 1, doc: 'Export the queue as an fd (zcrx_ctrl.zc_export.zcrx_fd) for ZCRX_REG_IMPORT.' },
  ],
});
