import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'sockaddr_un',
  className: 'SockaddrUn',
  header: 'sys/un.h',
  summary: 'A Unix domain socket address: AF_UNIX and a path (or an abstract name starting with a NUL byte) (unix(7)).',
  fields: [
    { name: 'sun_family', type: 'unsigned short', doc: 'sa_family_t: AF_UNIX.' },
    { name: 'sun_path', type: 'char', count: 108, doc: 'The path name, NUL-terminated when shorter than 108 bytes.' },
  ],
});
