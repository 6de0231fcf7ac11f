import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'Idtype',
  header: 'sys/wait.h',
  summary: 'waitid(2) idtype_t values (io_uring_prep_waitid(3)).',
  cType: 'unsigned',
  values: [
    { name: 'P_ALL', value: 0, doc: 'Wait for any child; id is ignored.' },
    { name: 'P_PID', value: 1, doc: 'Wait for the child whose process ID is id.' },
    { name: 'P_PGID', value: 2, doc: 'Wait for any child in process group id.' },
    { name: 'P_PIDFD', value: 3, doc: 'Wait for the child the pidfd id refers to.' },
  ],
});
