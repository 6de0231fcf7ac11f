import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'Madv',
  header: 'sys/mman.h',
  summary: 'madvise(2) advice (io_uring_prep_madvise(3)).',
  cType: 'unsigned',
  values: [
    { name: 'MADV_NORMAL', value: 0, doc: 'No special treatment.' },
    { name: 'MADV_RANDOM', value: 1, doc: 'Random access expected.' },
    { name: 'MADV_SEQUENTIAL', value: 2, doc: 'Sequential access expected.' },
    { name: 'MADV_WILLNEED', value: 3, doc: 'The pages will be needed soon.' },
    { name: 'MADV_DONTNEED', value: 4, doc: 'The pages will not be needed soon.' },
    { name: 'MADV_FREE', value: 8, doc: 'The pages may be freed lazily.' },
    { name: 'MADV_REMOVE', value: 9, doc: 'Free the pages and their backing store.' },
    { name: 'MADV_DONTFORK', value: 10, doc: 'Do not share with a child after fork.' },
    { name: 'MADV_DOFORK', value: 11, doc: 'Undo MADV_DONTFORK.' },
    { name: 'MADV_MERGEABLE', value: 12, doc: 'Enable KSM merging.' },
    { name: 'MADV_UNMERGEABLE', value: 13, doc: 'Undo MADV_MERGEABLE.' },
    { name: 'MADV_HUGEPAGE', value: 14, doc: 'Enable transparent huge pages.' },
    { name: 'MADV_NOHUGEPAGE', value: 15, doc: 'Disable transparent huge pages.' },
    { name: 'MADV_DONTDUMP', value: 16, doc: 'Exclude from core dumps.' },
    { name: 'MADV_DODUMP', value: 17, doc: 'Undo MADV_DONTDUMP.' },
    { name: 'MADV_COLD', value: 20, doc: 'Deactivate the pages.' },
    { name: 'MADV_PAGEOUT', value: 21, doc: 'Reclaim the pages.' },
  ],
});
