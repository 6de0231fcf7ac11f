import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'zcrx_ctrl_export',
  className: 'ZcrxCtrlExport',
  header: 'liburing/io_uring.h',
  since: '2.15',
  summary: 'ZCRX_CTRL_EXPORT\'s part of struct zcrx_ctrl: receives a file descriptor other rings can import the zero-copy receive context with.',
  fields: [
    { name: 'zcrx_fd', type: '__u32', doc: 'Set by the kernel: the new descriptor.' },
    { name: '__resv1', type: '__u32', count: 11 },
  ],
});
