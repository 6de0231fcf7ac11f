import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'futex_waitv',
  className: 'FutexWaitv',
  header: 'linux/futex.h',
  summary: 'One futex of a vectored wait: the expected value, the futex address and FUTEX2_* flags (futex_waitv(2), io_uring_prep_futex_waitv(3)).',
  fields: [
    { name: 'val', type: '__u64', doc: 'The value expected at uaddr.' },
    { name: 'uaddr', type: '__u64', doc: 'The address of the futex word.' },
    { name: 'flags', type: '__u32', doc: 'FUTEX2_* flags (size and FUTEX2_PRIVATE).' },
    { name: '__reserved', type: '__u32', doc: 'Must be 0.' },
  ],
});
