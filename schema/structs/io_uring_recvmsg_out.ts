import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_recvmsg_out',
  className: 'IoUringRecvmsgOut',
  header: 'liburing/io_uring.h',
  summary: 'The header a multishot recvmsg writes at the start of each provided buffer, followed by the name, control data and payload (io_uring_recvmsg_validate(3)).',
  since: '2.3',
  fields: [
    { name: 'namelen', type: '__u32', doc: 'Bytes of source address the kernel had (may exceed msg_namelen; then it was truncated).' },
    { name: 'controllen', type: '__u32', doc: 'Bytes of control data written.' },
    { name: 'payloadlen', type: '__u32', doc: 'Bytes of payload the message had (may exceed what fitted).' },
    { name: 'flags', type: '__u32', doc: 'MSG_* flags of the message.' },
  ],
});
