import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'EpollCreate',
  header: 'sys/epoll.h',
  summary: 'epoll_create1(2) flags.',
  cType: 'unsigned',
  values: [
    { name: 'EPOLL_CLOEXEC', value: 524288, doc: 'Close the epoll fd on execve.' },
  ],
});
