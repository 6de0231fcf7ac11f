import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'Af',
  header: 'sys/socket.h',
  summary: 'Address families: socket(2) domain and sockaddr *_family.',
  cType: 'unsigned',
  values: [
    { name: 'AF_UNSPEC', value: 0, doc: 'Unspecified.' },
    { name: 'AF_UNIX', value: 1, doc: 'Unix domain sockets (sockaddr_un).' },
    { name: 'AF_LOCAL', value: 1, doc: 'The same as AF_UNIX.' },
    { name: 'AF_INET', value: 2, doc: 'IPv4 (sockaddr_in).' },
    { name: 'AF_INET6', value: 10, doc: 'IPv6 (sockaddr_in6).' },
    { name: 'AF_NETLINK', value: 16, doc: 'Netlink.' },
    { name: 'AF_PACKET', value: 17, doc: 'Packet sockets.' },
  ],
});
