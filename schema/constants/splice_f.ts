import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'SpliceF',
  header: 'fcntl.h',
  summary: 'splice(2)/tee(2) flags (io_uring_prep_splice(3)).',
  cType: 'unsigned',
  values: [
    { name: 'SPLICE_F_MOVE', value: 1, doc: 'Move pages instead of copying (a hint).' },
    { name: 'SPLICE_F_NONBLOCK', value: 2, doc: 'Do not block on the pipes.' },
    { name: 'SPLICE_F_MORE', value: 4, doc: 'More data will follow.' },
    { name: 'SPLICE_F_GIFT', value: 8, doc: 'vmsplice: the pages are a gift.' },
  ],
});
