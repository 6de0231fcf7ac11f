import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'cmsghdr',
  className: 'Cmsghdr',
  header: 'sys/socket.h',
  summary: 'One ancillary data record in a msghdr control buffer, e.g. SCM_RIGHTS file descriptors (cmsg(3), io_uring_recvmsg_cmsg_firsthdr(3)).',
  fields: [
    { name: 'cmsg_len', type: 'size_t', doc: 'Bytes of the record: the header plus its data (CMSG_LEN).' },
    { name: 'cmsg_level', type: 'int', doc: 'The originating protocol, e.g. SOL_SOCKET.' },
    { name: 'cmsg_type', type: 'int', doc: 'The protocol-specific type, e.g. SCM_RIGHTS.' },
  ],
  flexible: { name: '__cmsg_data', type: 'unsigned char', max: 256 },
});
