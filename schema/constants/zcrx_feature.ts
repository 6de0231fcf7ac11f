import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'ZcrxFeature',
  header: 'liburing/io_uring.h',
  summary: 'Zero-copy receive features the kernel reports (enum zcrx_features).',
  since: '2.15',
  cType: 'unsigned',
  values: [
    { name: 'ZCRX_FEATURE_RX_PAGE_SIZE', value: 1, doc: 'io_uring_zcrx_ifq_reg.rx_buf_len may ask for a receive page size.' },
  ],
});
