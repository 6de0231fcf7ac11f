import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'msghdr',
  className: 'Msghdr',
  header: 'sys/socket.h',
  summary: 'A message for sendmsg/recvmsg: the peer address, the data buffers and the control (ancillary) data (sendmsg(2), io_uring_prep_sendmsg(3)).',
  fields: [
    { name: 'msg_name', type: 'void *', doc: 'The peer address (a sockaddr_*), or null.' },
    { name: 'msg_namelen', type: 'socklen_t', doc: 'Bytes at msg_name; recvmsg sets it to the address length received.' },
    { name: 'msg_iov', type: 'struct iovec *', doc: 'The data buffers: an Iovec array.' },
    { name: 'msg_iovlen', type: 'size_t', doc: 'How many iovecs msg_iov holds.' },
    { name: 'msg_control', type: 'void *', doc: 'Ancillary data (cmsghdr records), or null.' },
    { name: 'msg_controllen', type: 'size_t', doc: 'Bytes at msg_control.' },
    { name: 'msg_flags', type: 'int', doc: 'MSG_* flags recvmsg reports (MSG_TRUNC, MSG_CTRUNC...).' },
  ],
});
