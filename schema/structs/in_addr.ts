import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'in_addr',
  className: 'InAddr',
  header: 'netinet/in.h',
  summary: 'An IPv4 address in network byte order (ip(7)).',
  fields: [
    { name: 's_addr', type: 'uint32_t', doc: 'in_addr_t: the address, in network byte order (big-endian).' },
  ],
});
