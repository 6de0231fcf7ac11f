import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'SocketUringOp',
  header: 'liburing/io_uring.h',
  summary: 'IORING_OP_URING_CMD commands on a socket, in sqe.cmd_op (enum io_uring_socket_op, io_uring_prep_cmd_sock(3)).',
  cType: 'unsigned',
  values: [
    { name: 'SOCKET_URING_OP_SIOCINQ', value: 0, doc: 'Bytes in the receive queue, as ioctl(SIOCINQ).' },
    { name: 'SOCKET_URING_OP_SIOCOUTQ', value: 1, doc: 'Bytes in the send queue, as ioctl(SIOCOUTQ).' },
    { name: 'SOCKET_URING_OP_GETSOCKOPT', value: 2, doc: 'getsockopt(2).' },
    { name: 'SOCKET_URING_OP_SETSOCKOPT', value: 3, doc: 'setsockopt(2).' },
    { name: 'SOCKET_URING_OP_TX_TIMESTAMP', value: 4, since: '2.12', doc: 'Transmit timestamps from the socket\'s error queue.' },
    { name: 'SOCKET_URING_OP_GETSOCKNAME', value: 5, since: '2.13', kernel: '6.19', doc: 'getsockname(2), or getpeername(2) with sqe.optlen 1 (io_uring_prep_cmd_getsockname).' },
  ],
});
