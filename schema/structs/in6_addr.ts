import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'in6_addr',
  className: 'In6Addr',
  header: 'netinet/in.h',
  summary: 'An IPv6 address, 16 bytes in network byte order, viewed as bytes, 16-bit or 32-bit words (ipv6(7)).',
  fields: [
    { union: [
      { name: 's6_addr', type: 'uint8_t', count: 16, doc: 'The address bytes (glibc: __in6_u.__u6_addr8).' },
      { name: 's6_addr16', type: 'uint16_t', count: 8, doc: 'As 16-bit words (glibc: __in6_u.__u6_addr16).' },
      { name: 's6_addr32', type: 'uint32_t', count: 4, doc: 'As 32-bit words (glibc: __in6_u.__u6_addr32).' },
    ] },
  ],
});
