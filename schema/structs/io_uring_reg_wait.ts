import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_reg_wait',
  className: 'IoUringRegWait',
  header: 'liburing/io_uring.h',
  summary: 'A registered wait argument, indexed by io_uring_submit_and_wait_reg: timeout, minimum wait and signal mask (IORING_ENTER_EXT_ARG_REG).',
  since: '2.9',
  fields: [
    { name: 'ts', type: 'struct __kernel_timespec', doc: 'The timeout, used when flags has IORING_REG_WAIT_TS.' },
    { name: 'min_wait_usec', type: '__u32' },
    { name: 'flags', type: '__u32', doc: 'IORING_REG_WAIT_* flags.' },
    { name: 'sigmask', type: '__u64', doc: 'The address of a sigset_t, or 0.' },
    { name: 'sigmask_sz', type: '__u32' },
    { name: 'pad', type: '__u32', count: 3 },
    { name: 'pad2', type: '__u64', count: 2 },
  ],
});
