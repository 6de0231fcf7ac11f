import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'sockaddr_in',
  className: 'SockaddrIn',
  header: 'netinet/in.h',
  summary: 'An IPv4 socket address: AF_INET, port and address, both in network byte order (ip(7)).',
  fields: [
    { name: 'sin_family', type: 'unsigned short', doc: 'sa_family_t: AF_INET.' },
    { name: 'sin_port', type: 'uint16_t', doc: 'in_port_t: the port, in network byte order (big-endian).' },
    { name: 'sin_addr', type: 'struct in_addr' },
    { name: 'sin_zero', type: 'unsigned char', count: 8, doc: 'Padding to the size of struct sockaddr; keep it zero.' },
  ],
});
