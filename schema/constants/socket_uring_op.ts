import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'SocketUringOp',
  header: 'liburing/io_uring.h',
  summary: 'IORING_OP_URING_CMD commands on a socket, in sqe.cmd_op (enum io_uring_socket_op, io_uring_prep_cmd_sock(3)).',
  since: '2.5',
  cType: 'unsigned',
  values: [
    { name: 'SOCKET_URING_OP_SIOCINQ', value: 0, doc: 'Bytes in the receive queue, as ioctl(SIOCINQ).', kernel: '6.7' },
    { name: 'SOCKET_URING_OP_SIOCOUTQ', value: 1, doc: 'Bytes in the send queue, as ioctl(SIOCOUTQ).', kernel: '6.7' },
    { name: 'SOCKET_URING_OP_GETSOCKOPT', value: 2, doc: 'getsockopt(2).', since: '2.6', kernel: '6.7' },
    { name: 'SOCKET_URING_OP_SETSOCKOPT', value: 3, doc: 'setsockopt(2).', since: '2.6', kernel: '6.7' },
    { name: 'SOCKET_URING_OP_TX_TIMESTAMP', value: 4, doc: 'Read transmit timestamps from the error queue, one CQE each (multishot).', since: '2.12', kernel: '6.17' },
    { name: 'SOCKET_URING_OP_GETSOCKNAME', value: 5, doc: 'getsockname(2), or getpeername(2) with peer set (io_uring_prep_cmd_getsockname(3)).', since: '2.13', kernel: '6.19' },
  ],
});
