import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'Wait',
  header: 'sys/wait.h',
  summary: 'waitid(2) options (io_uring_prep_waitid(3)).',
  cType: 'unsigned',
  values: [
    { name: 'WNOHANG', value: 1, doc: 'Return at once if no child has changed state.' },
    { name: 'WUNTRACED', value: 2, doc: 'Also report stopped children (waitpid).' },
    { name: 'WSTOPPED', value: 2, doc: 'Report children stopped by a signal.' },
    { name: 'WEXITED', value: 4, doc: 'Report children that terminated.' },
    { name: 'WCONTINUED', value: 8, doc: 'Report stopped children resumed by SIGCONT.' },
    { name: 'WNOWAIT', value: 16777216, doc: 'Leave the child waitable.' },
  ],
});
