import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'Scm',
  header: 'sys/socket.h',
  summary: 'cmsghdr.cmsg_type values at SOL_SOCKET (unix(7)).',
  cType: 'unsigned',
  values: [
    { name: 'SCM_RIGHTS', value: 1, doc: 'Pass file descriptors.' },
    { name: 'SCM_CREDENTIALS', value: 2, doc: 'Pass process credentials (struct ucred).' },
  ],
});
