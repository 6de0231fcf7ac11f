import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'Epoll',
  header: 'sys/epoll.h',
  summary: 'epoll_event.events bits (epoll_ctl(2)).',
  cType: 'unsigned',
  values: [
    { name: 'EPOLLIN', value: 1, doc: 'Data to read.' },
    { name: 'EPOLLPRI', value: 2, doc: 'Urgent data to read.' },
    { name: 'EPOLLOUT', value: 4, doc: 'Writing will not block.' },
    { name: 'EPOLLRDNORM', value: 64 },
    { name: 'EPOLLRDBAND', value: 128 },
    { name: 'EPOLLWRNORM', value: 256 },
    { name: 'EPOLLWRBAND', value: 512 },
    { name: 'EPOLLMSG', value: 1024 },
    { name: 'EPOLLERR', value: 8, doc: 'Error condition (always reported).' },
    { name: 'EPOLLHUP', value: 16, doc: 'Hung up (always reported).' },
    { name: 'EPOLLRDHUP', value: 8192, doc: 'The peer closed its writing half.' },
    { name: 'EPOLLEXCLUSIVE', value: 268435456, doc: 'Exclusive wakeup.' },
    { name: 'EPOLLWAKEUP', value: 536870912, doc: 'Hold a wakeup source while the event is pending.' },
    { name: 'EPOLLONESHOT', value: 1073741824, doc: 'Disable the fd after one event.' },
    { name: 'EPOLLET', value: 2147483648, doc: 'Edge-triggered.' },
  ],
});
