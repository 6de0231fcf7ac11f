import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringZcrxArea',
  header: 'liburing/io_uring.h',
  summary: 'Zero-copy receive: how the area id is encoded in the offsets of io_uring_zcrx_rqe and io_uring_zcrx_cqe.',
  since: '2.10',
  cType: 'u64',
  kernel: '6.15',
  values: [
    { name: 'IORING_ZCRX_AREA_SHIFT', value: 48n, doc: 'The bit from which the area id is stored in an offset: a bigint like the mask and offsets it combines with.' },
    { name: 'IORING_ZCRX_AREA_MASK', value: 0xffff000000000000n, doc: 'The bits of an offset that hold the area id.' },
  ],
});
