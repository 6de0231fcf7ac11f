import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'PosixFadv',
  header: 'fcntl.h',
  summary: 'posix_fadvise(2) advice (io_uring_prep_fadvise(3)).',
  cType: 'unsigned',
  values: [
    { name: 'POSIX_FADV_NORMAL', value: 0, doc: 'No special treatment.' },
    { name: 'POSIX_FADV_RANDOM', value: 1, doc: 'Random access expected.' },
    { name: 'POSIX_FADV_SEQUENTIAL', value: 2, doc: 'Sequential access expected.' },
    { name: 'POSIX_FADV_WILLNEED', value: 3, doc: 'The data will be needed soon.' },
    { name: 'POSIX_FADV_DONTNEED', value: 4, doc: 'The data will not be needed soon.' },
    { name: 'POSIX_FADV_NOREUSE', value: 5, doc: 'The data will be accessed once.' },
  ],
});
