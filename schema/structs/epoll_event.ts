import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'epoll_event',
  className: 'EpollEvent',
  header: 'sys/epoll.h',
  summary: 'An epoll interest or ready event: EPOLL* event bits and 64 bits of user data (epoll_ctl(2), io_uring_prep_epoll_ctl(3)). On x86-64 glibc declares it packed: 12 bytes, data at offset 4.',
  fields: [
    { name: 'events', type: 'uint32_t', doc: 'EPOLL* event bits.' },
    { name: 'data', type: 'struct epoll_data', doc: 'epoll_data_t: user data returned with the event.' },
  ],
  packed: true,
});
