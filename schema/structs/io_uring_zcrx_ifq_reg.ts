import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_zcrx_ifq_reg',
  className: 'IoUringZcrxIfqReg',
  header: 'liburing/io_uring.h',
  since: '2.10',
  kernel: '6.15',
  summary: 'The argument of io_uring_register_ifq: a NIC receive queue, the area to receive into and the refill queue\'s region (IORING_REGISTER_ZCRX_IFQ).',
  fields: [
    { name: 'if_idx', type: '__u32', doc: 'The network interface index.' },
    { name: 'if_rxq', type: '__u32', doc: 'Its hardware receive queue.' },
    { name: 'rq_entries', type: '__u32', doc: 'The refill queue size.' },
    { name: 'flags', type: '__u32', doc: 'ZCRX_REG_IMPORT, ZCRX_REG_NODEV, or 0.' },
    { name: 'area_ptr', type: '__u64', doc: 'The address of a struct io_uring_zcrx_area_reg (an IoUringZcrxAreaReg\'s .address).' },
    { name: 'region_ptr', type: '__u64', doc: 'The address of a struct io_uring_region_desc for the refill queue (an IoUringRegionDesc\'s .address).' },
    { name: 'offsets', type: 'struct io_uring_zcrx_offsets', doc: 'Set by the kernel.' },
    { name: 'zcrx_id', type: '__u32', doc: 'Set by the kernel: the context\'s id, for io_uring_prep_recv_zc-style requests and io_uring_register_zcrx_ctrl.' },
    { name: 'rx_buf_len', type: '__u32', since: '2.15', doc: 'The receive buffer size wanted (ZCRX_FEATURE_RX_PAGE_SIZE), or 0; __resv2 before liburing 2.15.' },
    { name: '__resv', type: '__u64', count: 3 },
  ],
});
