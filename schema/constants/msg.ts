import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'Msg',
  header: 'sys/socket.h',
  summary: 'send(2)/recv(2) flags (sqe.msg_flags) and msghdr.msg_flags results.',
  cType: 'unsigned',
  values: [
    { name: 'MSG_OOB', value: 1, doc: 'Out-of-band data.' },
    { name: 'MSG_PEEK', value: 2, doc: 'Peek at data without removing it.' },
    { name: 'MSG_DONTROUTE', value: 4, doc: 'Bypass routing.' },
    { name: 'MSG_CTRUNC', value: 8, doc: 'Result: control data was truncated.' },
    { name: 'MSG_TRUNC', value: 32, doc: 'Return the real length of a truncated datagram; result: data was truncated.' },
    { name: 'MSG_DONTWAIT', value: 64, doc: 'Non-blocking operation.' },
    { name: 'MSG_EOR', value: 128, doc: 'End of record.' },
    { name: 'MSG_WAITALL', value: 256, doc: 'Wait for the full request.' },
    { name: 'MSG_CONFIRM', value: 2048, doc: 'Confirm the path is valid.' },
    { name: 'MSG_ERRQUEUE', value: 8192, doc: 'Receive from the error queue.' },
    { name: 'MSG_NOSIGNAL', value: 16384, doc: 'Do not raise SIGPIPE.' },
    { name: 'MSG_MORE', value: 32768, doc: 'More data will follow.' },
    { name: 'MSG_WAITFORONE', value: 65536, doc: 'recvmmsg: wait for one message.' },
    { name: 'MSG_FASTOPEN', value: 536870912, doc: 'TCP Fast Open.' },
    { name: 'MSG_ZEROCOPY', value: 67108864, doc: 'Zero-copy send (not the io_uring send_zc path).' },
    { name: 'MSG_CMSG_CLOEXEC', value: 1073741824, doc: 'Set O_CLOEXEC on fds received with SCM_RIGHTS.' },
  ],
});
