import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_mem_region_reg',
  className: 'IoUringMemRegionReg',
  header: 'liburing/io_uring.h',
  summary: 'The argument of io_uring_register_region: a region description and what it is for (IORING_REGISTER_MEM_REGION).',
  since: '2.9',
  fields: [
    { name: 'region_uptr', type: '__u64', doc: 'The address of a struct io_uring_region_desc.' },
    { name: 'flags', type: '__u64', doc: 'IORING_MEM_REGION_REG_* flags, e.g. IORING_MEM_REGION_REG_WAIT_ARG.' },
    { name: '__resv', type: '__u64', count: 2 },
  ],
});
