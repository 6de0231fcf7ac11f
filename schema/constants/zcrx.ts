import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'Zcrx',
  header: 'liburing/io_uring.h',
  summary: 'Zero-copy receive: area flags (io_uring_zcrx_area_reg.flags), registration flags (io_uring_zcrx_ifq_reg.flags) and control operations (zcrx_ctrl.op).',
  cType: 'unsigned',
  since: '2.10',
  values: [
    { name: 'IORING_ZCRX_AREA_DMABUF', value: 1, doc: 'io_uring_zcrx_area_reg.flags: the area is a dma-buf (dmabuf_fd), not user memory.' },
    { name: 'ZCRX_REG_IMPORT', value: 1, since: '2.15', doc: 'io_uring_zcrx_ifq_reg.flags: import a context another ring exported (ZCRX_CTRL_EXPORT).' },
    { name: 'ZCRX_REG_NODEV', value: 2, since: '2.15', doc: 'io_uring_zcrx_ifq_reg.flags: a context without a network device; data is copied.' },
    { name: 'ZCRX_CTRL_FLUSH_RQ', value: 0, since: '2.15', doc: 'zcrx_ctrl.op: flush the buffers pending in the refill queue.' },
    { name: 'ZCRX_CTRL_EXPORT', value: 1, since: '2.15', doc: 'zcrx_ctrl.op: export the context as a file descriptor (zc_export.zcrx_fd).' },
  ],
});
