import { defineConstants } from '../language.js';

// glibc 2.36 bits/mman-linux.h; the kernel's include/uapi/asm-generic/mman-common.h.
export default defineConstants({
  group: 'Prot',
  header: 'sys/mman.h',
  summary: 'mmap(2) and mprotect(2) memory protection (the libc mmap wrapper of liburing-ts/libc).',
  cType: 'int',
  values: [
    { name: 'PROT_NONE', value: 0, doc: 'The pages cannot be accessed.' },
    { name: 'PROT_READ', value: 1, doc: 'The pages can be read.' },
    { name: 'PROT_WRITE', value: 2, doc: 'The pages can be written.' },
    { name: 'PROT_EXEC', value: 4, doc: 'The pages can be executed.' },
    { name: 'PROT_GROWSDOWN', value: 0x01000000, doc: 'mprotect(2): extend the change to the start of a grows-down mapping.' },
    { name: 'PROT_GROWSUP', value: 0x02000000, doc: 'mprotect(2): extend the change to the end of a grows-up mapping.' },
  ],
});
