import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'Futex2',
  header: 'linux/futex.h',
  summary: 'futex2 flags: futex_waitv.flags and io_uring_prep_futex_wait/wake flags (io_uring_prep_futex_wait(3)).',
  cType: 'unsigned',
  values: [
    { name: 'FUTEX2_SIZE_U8', value: 0, doc: 'An 8-bit futex.', kernel: '6.7' },
    { name: 'FUTEX2_SIZE_U16', value: 1, doc: 'A 16-bit futex.', kernel: '6.7' },
    { name: 'FUTEX2_SIZE_U32', value: 2, doc: 'A 32-bit futex.', kernel: '6.7' },
    { name: 'FUTEX2_SIZE_U64', value: 3, doc: 'A 64-bit futex.', kernel: '6.7' },
    { name: 'FUTEX2_NUMA', value: 4, doc: 'A NUMA-aware futex.', kernel: '6.7' },
    { name: 'FUTEX2_PRIVATE', value: 128, doc: 'A process-private futex.', kernel: '6.7' },
    { name: 'FUTEX2_SIZE_MASK', value: 3, doc: 'The mask of the size bits.', kernel: '6.7' },
  ],
});
