import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'Rwf',
  header: 'linux/fs.h',
  summary: 'Per-I/O flags: preadv2(2)/pwritev2(2) flags, sqe.rw_flags (io_uring_prep_readv2(3)).',
  cType: 'unsigned',
  values: [
    { name: 'RWF_HIPRI', value: 1, doc: 'High-priority request; poll if possible.', kernel: '4.6' },
    { name: 'RWF_DSYNC', value: 2, doc: 'Per-I/O O_DSYNC.', kernel: '4.7' },
    { name: 'RWF_SYNC', value: 4, doc: 'Per-I/O O_SYNC.', kernel: '4.7' },
    { name: 'RWF_NOWAIT', value: 8, doc: 'Fail with -EAGAIN rather than block.', kernel: '4.14' },
    { name: 'RWF_APPEND', value: 16, doc: 'Per-I/O O_APPEND.', kernel: '4.16' },
    { name: 'RWF_NOAPPEND', value: 32, doc: 'Per-I/O negation of O_APPEND.', kernel: '6.9' },
    { name: 'RWF_ATOMIC', value: 64, doc: 'Write atomically (untorn) or fail.', kernel: '6.11' },
    { name: 'RWF_DONTCACHE', value: 128, doc: 'Buffered I/O that drops the pages from the page cache once done (uncached).', kernel: '6.14' },
    { name: 'RWF_NOSIGNAL', value: 256, doc: 'A write to a broken pipe or socket gives -EPIPE without raising SIGPIPE.', kernel: '6.15' },
  ],
});
