import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'Rename',
  header: 'stdio.h',
  summary: 'renameat2(2) flags (io_uring_prep_renameat(3)).',
  cType: 'unsigned',
  values: [
    { name: 'RENAME_NOREPLACE', value: 1, doc: 'Fail if the new path exists.' },
    { name: 'RENAME_EXCHANGE', value: 2, doc: 'Atomically exchange the two paths.' },
    { name: 'RENAME_WHITEOUT', value: 4, doc: 'Leave a whiteout at the old path (overlay/union filesystems).' },
  ],
});
