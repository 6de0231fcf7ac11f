import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'sockaddr',
  className: 'Sockaddr',
  header: 'sys/socket.h',
  summary: 'A generic socket address: the family and up to 14 bytes of address; the real address is a sockaddr_in, sockaddr_in6, sockaddr_un... (socket(7)).',
  alsoAccepts: ['sockaddr_in', 'sockaddr_in6', 'sockaddr_un', 'sockaddr_storage'],
  fields: [
    { name: 'sa_family', type: 'unsigned short', doc: 'sa_family_t: the AF_* address family.' },
    { name: 'sa_data', type: 'char', count: 14 },
  ],
});
