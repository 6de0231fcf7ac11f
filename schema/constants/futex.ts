import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'Futex',
  header: 'linux/futex.h',
  summary: 'Other futex values used with the io_uring futex operations.',
  cType: 'unsigned',
  values: [
    { name: 'FUTEX_BITSET_MATCH_ANY', value: 4294967295, doc: 'A wait/wake mask that matches every waiter.' },
    { name: 'FUTEX_WAITV_MAX', value: 128, doc: 'The most futexes one futex_waitv takes.', kernel: '5.16' },
  ],
});
