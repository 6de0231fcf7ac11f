import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'EpollCtl',
  header: 'sys/epoll.h',
  summary: 'epoll_ctl(2) operations (io_uring_prep_epoll_ctl(3)).',
  cType: 'unsigned',
  values: [
    { name: 'EPOLL_CTL_ADD', value: 1, doc: 'Add the fd to the interest list.' },
    { name: 'EPOLL_CTL_DEL', value: 2, doc: 'Remove the fd.' },
    { name: 'EPOLL_CTL_MOD', value: 3, doc: 'Change the fd\'s events.' },
  ],
});
