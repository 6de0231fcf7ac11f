import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'Sol',
  header: 'sys/socket.h',
  summary: 'Socket option levels for getsockopt/setsockopt and cmsghdr.cmsg_level (io_uring_prep_cmd_sock(3)).',
  cType: 'unsigned',
  values: [
    { name: 'SOL_SOCKET', value: 1, doc: 'Socket-level options (SO_*) and SCM_* control messages.' },
  ],
});
