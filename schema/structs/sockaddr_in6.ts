import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'sockaddr_in6',
  className: 'SockaddrIn6',
  header: 'netinet/in.h',
  summary: 'An IPv6 socket address: AF_INET6, port, flow information, address and scope ID (ipv6(7)).',
  fields: [
    { name: 'sin6_family', type: 'unsigned short', doc: 'sa_family_t: AF_INET6.' },
    { name: 'sin6_port', type: 'uint16_t', doc: 'in_port_t: the port, in network byte order (big-endian).' },
    { name: 'sin6_flowinfo', type: 'uint32_t', doc: 'IPv6 flow information.' },
    { name: 'sin6_addr', type: 'struct in6_addr' },
    { name: 'sin6_scope_id', type: 'uint32_t', doc: 'The interface index for link-local addresses.' },
  ],
});
