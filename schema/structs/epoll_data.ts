import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'epoll_data',
  className: 'EpollData',
  cType: 'epoll_data_t',
  header: 'sys/epoll.h',
  summary: "The user data of an epoll event (typedef union epoll_data epoll_data_t): one of a pointer, an fd, a 32-bit or a 64-bit value (epoll_ctl(2)).",
  fields: [
    { union: [
      { name: 'ptr', type: 'void *' },
      { name: 'fd', type: 'int' },
      { name: 'u32', type: 'uint32_t' },
      { name: 'u64', type: 'uint64_t' },
    ] },
  ],
});
