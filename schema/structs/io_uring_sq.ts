import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_sq',
  className: 'IoUringSq',
  header: 'liburing.h',
  summary: "liburing's view of the submission queue: pointers into the kernel's mapping, and the local head and tail.",
  since: '0.1',
  fields: [
    { name: 'khead', type: 'unsigned *' },
    { name: 'ktail', type: 'unsigned *' },
    { name: 'kring_mask', type: 'unsigned *' },
    { name: 'kring_entries', type: 'unsigned *' },
    { name: 'kflags', type: 'unsigned *' },
    { name: 'kdropped', type: 'unsigned *' },
    { name: 'array', type: 'unsigned *' },
    { name: 'sqes', type: 'struct io_uring_sqe *' },
    { name: 'sqe_head', type: 'unsigned' },
    { name: 'sqe_tail', type: 'unsigned' },
    { name: 'ring_sz', type: 'size_t' },
    { name: 'ring_ptr', type: 'void *' },
    { name: 'ring_mask', type: 'unsigned', since: '2.3' },
    { name: 'ring_entries', type: 'unsigned', since: '2.3' },
    { name: 'sqes_sz', type: 'unsigned', doc: 'The size of the SQE mapping, for munmap (liburing 2.9 kept pad[2] here: same bytes).', since: '2.14' },
    { name: 'pad', type: 'unsigned', since: '2.14' },
  ],
});
