import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'Sock',
  header: 'sys/socket.h',
  summary: 'socket(2) types and type flags (io_uring_prep_socket(3)).',
  cType: 'unsigned',
  values: [
    { name: 'SOCK_STREAM', value: 1, doc: 'Stream socket (TCP).' },
    { name: 'SOCK_DGRAM', value: 2, doc: 'Datagram socket (UDP).' },
    { name: 'SOCK_RAW', value: 3, doc: 'Raw socket.' },
    { name: 'SOCK_RDM', value: 4, doc: 'Reliably delivered messages.' },
    { name: 'SOCK_SEQPACKET', value: 5, doc: 'Sequenced, reliable datagrams.' },
    { name: 'SOCK_NONBLOCK', value: 2048, doc: 'Or into the type: non-blocking socket.' },
    { name: 'SOCK_CLOEXEC', value: 524288, doc: 'Or into the type: close on execve.' },
  ],
});
