import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringMemRegion',
  header: 'liburing/io_uring.h',
  summary: 'Memory region flags: io_uring_region_desc.flags (TYPE) and io_uring_mem_region_reg.flags (REG) (io_uring_register_region(3)).',
  since: '2.9',
  cType: 'unsigned',
  values: [
    { name: 'IORING_MEM_REGION_TYPE_USER', value: 1, doc: 'io_uring_region_desc.flags: the region is user memory at user_addr.' },
    { name: 'IORING_MEM_REGION_REG_WAIT_ARG', value: 1, doc: 'io_uring_mem_region_reg.flags: expose the region as registered wait arguments (io_uring_reg_wait).' },
  ],
});
