import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'So',
  header: 'sys/socket.h',
  summary: 'SOL_SOCKET option names for getsockopt/setsockopt (socket(7)).',
  cType: 'unsigned',
  values: [
    { name: 'SO_DEBUG', value: 1 },
    { name: 'SO_REUSEADDR', value: 2, doc: 'Allow reuse of local addresses.' },
    { name: 'SO_TYPE', value: 3, doc: 'The socket type (get only).' },
    { name: 'SO_ERROR', value: 4, doc: 'Get and clear the pending error.' },
    { name: 'SO_DONTROUTE', value: 5 },
    { name: 'SO_BROADCAST', value: 6 },
    { name: 'SO_SNDBUF', value: 7, doc: 'Send buffer size.' },
    { name: 'SO_RCVBUF', value: 8, doc: 'Receive buffer size.' },
    { name: 'SO_KEEPALIVE', value: 9, doc: 'Send keepalives.' },
    { name: 'SO_OOBINLINE', value: 10 },
    { name: 'SO_LINGER', value: 13 },
    { name: 'SO_REUSEPORT', value: 15, doc: 'Allow several sockets to bind the same port.' },
    { name: 'SO_RCVLOWAT', value: 18 },
    { name: 'SO_SNDLOWAT', value: 19 },
  ],
});
