import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringRegWait',
  header: 'liburing/io_uring.h',
  summary: 'io_uring_reg_wait.flags.',
  since: '2.9',
  cType: 'unsigned',
  values: [
    { name: 'IORING_REG_WAIT_TS', value: 1, doc: 'The ts timeout is valid.' },
  ],
});
