import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'Rwf',
  header: 'linux/fs.h',
  summary: 'Per-I/O flags: preadv2(2)/pwritev2(2) flags, sqe.rw_flags (io_uring_prep_readv2(3)).',
  cType: 'unsigned',
  values: [
    { name: 'RWF_HIPRI', value: 1, doc: 'High-priority request; poll if possible.' },
    { name: 'RWF_DSYNC', value: 2, doc: 'Per-I/O O_DSYNC.' },
    { name: 'RWF_SYNC', value: 4, doc: 'Per-I/O O_SYNC.' },
    { name: 'RWF_NOWAIT', value: 8, doc: 'Fail with -EAGAIN rather than block.' },
    { name: 'RWF_APPEND', value: 16, doc: 'Per-I/O O_APPEND.' },
    { name: 'RWF_NOAPPEND', value: 32, doc: 'Per-I/O negation of O_APPEND.' },
    { name: 'RWF_ATOMIC', value: 64, doc: 'Write atomically (untorn) or fail.' },
  ],
});
