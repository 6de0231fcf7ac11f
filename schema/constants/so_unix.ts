import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'SoUnix',
  header: 'sys/socket.h',
  summary: 'SOL_SOCKET options of AF_UNIX sockets for credentials (unix(7)): with SO_PASSCRED set, received messages carry an SCM_CREDENTIALS control message.',
  cType: 'unsigned',
  values: [
    { name: 'SO_PASSCRED', value: 16, doc: 'Receive the sender\'s credentials (struct ucred) as SCM_CREDENTIALS ancillary data.' },
    { name: 'SO_PEERCRED', value: 17, doc: 'Get the credentials of the peer of a connected AF_UNIX socket (get only).' },
  ],
});
