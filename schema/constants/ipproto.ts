import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'Ipproto',
  header: 'netinet/in.h',
  summary: 'IP protocol numbers: socket(2) protocol and option levels.',
  cType: 'unsigned',
  values: [
    { name: 'IPPROTO_IP', value: 0 },
    { name: 'IPPROTO_ICMP', value: 1 },
    { name: 'IPPROTO_TCP', value: 6 },
    { name: 'IPPROTO_UDP', value: 17 },
    { name: 'IPPROTO_IPV6', value: 41 },
    { name: 'IPPROTO_RAW', value: 255 },
  ],
});
