import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_region_desc',
  className: 'IoUringRegionDesc',
  header: 'liburing/io_uring.h',
  summary: 'A memory region to register with the ring: user memory (IORING_MEM_REGION_TYPE_USER) or kernel-allocated for mmap (IORING_REGISTER_MEM_REGION).',
  since: '2.9',
  fields: [
    { name: 'user_addr', type: '__u64', doc: 'With IORING_MEM_REGION_TYPE_USER: the address of the memory.' },
    { name: 'size', type: '__u64', doc: 'The region size in bytes.' },
    { name: 'flags', type: '__u32', doc: 'IORING_MEM_REGION_TYPE_* flags.' },
    { name: 'id', type: '__u32' },
    { name: 'mmap_offset', type: '__u64', doc: 'Output: the mmap offset of a kernel-allocated region.' },
    { name: '__resv', type: '__u64', count: 4 },
  ],
});
