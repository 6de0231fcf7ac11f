import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'open_how',
  className: 'OpenHow',
  header: 'linux/openat2.h',
  summary: 'How openat2 opens a file: open flags, mode and RESOLVE_* path resolution flags (openat2(2), io_uring_prep_openat2(3)).',
  fields: [
    { name: 'flags', type: '__u64', doc: 'O_* open flags.' },
    { name: 'mode', type: '__u64', doc: 'The mode for a created file; must be 0 without O_CREAT or O_TMPFILE.' },
    { name: 'resolve', type: '__u64', doc: 'RESOLVE_* flags.' },
  ],
});
