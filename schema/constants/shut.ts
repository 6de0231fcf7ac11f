import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'Shut',
  header: 'sys/socket.h',
  summary: 'shutdown(2) how (io_uring_prep_shutdown(3)).',
  cType: 'unsigned',
  values: [
    { name: 'SHUT_RD', value: 0, doc: 'No more receptions.' },
    { name: 'SHUT_WR', value: 1, doc: 'No more transmissions.' },
    { name: 'SHUT_RDWR', value: 2, doc: 'Neither.' },
  ],
});
