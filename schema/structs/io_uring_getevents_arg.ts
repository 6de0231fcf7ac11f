import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_getevents_arg',
  className: 'IoUringGeteventsArg',
  header: 'liburing/io_uring.h',
  summary: 'The extended wait argument of io_uring_enter with IORING_ENTER_EXT_ARG: signal mask, minimum wait and timeout (io_uring_enter(2)).',
  since: '2.0',
  fields: [
    { name: 'sigmask', type: '__u64', doc: 'The address of a sigset_t, or 0.' },
    { name: 'sigmask_sz', type: '__u32', doc: 'The size of the signal set (_NSIG / 8).' },
    { name: 'min_wait_usec', type: '__u32', doc: 'Minimum wait in microseconds before returning with fewer completions (IORING_FEAT_MIN_TIMEOUT).', since: '2.8' },
    { name: 'ts', type: '__u64', doc: 'The address of a __kernel_timespec timeout, or 0.' },
  ],
});
