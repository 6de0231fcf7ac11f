import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'epoll_event',
  className: 'EpollEvent',
  header: 'sys/epoll.h',
  summary: 'An epoll interest or ready event: EPOLL* event bits and 64 bits of user data (epoll_ctl(2), io_uring_prep_epoll_ctl(3)). On x86-64 glibc declares it packed: 12 bytes, data at offset 4.',
  fields: [
    { name: 'events', type: 'uint32_t', doc: 'EPOLL* event bits.' },
    {
      name: 'data',
      type: 'uint32_t',
      count: 2,
      doc: 'epoll_data_t (a union of void *ptr, int fd, uint32_t u32, uint64_t u64), unaligned at offset 4 because the struct is packed: data[0] is fd/u32 and the low half of u64/ptr, data[1] the high half (little-endian).',
    },
  ],
});
