import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'ZcrxReg',
  header: 'liburing/io_uring.h',
  summary: 'io_uring_zcrx_ifq_reg.flags (enum zcrx_reg_flags, io_uring_register_ifq(3)).',
  since: '2.15',
  cType: 'unsigned',
  values: [
    { name: 'ZCRX_REG_IMPORT', value: 1, doc: 'Import a zero-copy receive queue exported by another ring (ZCRX_CTRL_EXPORT).' },
    { name: 'ZCRX_REG_NODEV', value: 2, doc: 'A queue without a network device: all data is copied, and refill entries may need ZCRX_CTRL_FLUSH_RQ.' },
  ],
});
