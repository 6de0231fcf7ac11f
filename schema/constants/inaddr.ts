import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'Inaddr',
  header: 'netinet/in.h',
  summary: 'Special IPv4 addresses, in host byte order (convert for in_addr.s_addr).',
  cType: 'unsigned',
  values: [
    { name: 'INADDR_ANY', value: 0, doc: 'Any address (0.0.0.0).' },
    { name: 'INADDR_LOOPBACK', value: 2130706433, doc: '127.0.0.1.' },
    { name: 'INADDR_BROADCAST', value: 4294967295, doc: '255.255.255.255.' },
    { name: 'INADDR_NONE', value: 4294967295, doc: 'An invalid address (255.255.255.255).' },
  ],
});
