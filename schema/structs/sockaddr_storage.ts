import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'sockaddr_storage',
  className: 'SockaddrStorage',
  header: 'sys/socket.h',
  summary: 'Room for any socket address (128 bytes, 8-byte aligned), e.g. for accept or recvmsg to fill in (socket(7)).',
  fields: [
    { name: 'ss_family', type: 'unsigned short', doc: 'sa_family_t: the AF_* address family of what it holds.' },
    { name: '__ss_padding', type: 'char', count: 118 },
    { name: '__ss_align', type: 'unsigned long' },
  ],
});
