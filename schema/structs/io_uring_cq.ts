import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_cq',
  className: 'IoUringCq',
  header: 'liburing.h',
  summary: "liburing's view of the completion queue: pointers into the kernel's mapping.",
  since: '0.1',
  fields: [
    { name: 'khead', type: 'unsigned *' },
    { name: 'ktail', type: 'unsigned *' },
    { name: 'kring_mask', type: 'unsigned *' },
    { name: 'kring_entries', type: 'unsigned *' },
    { name: 'kflags', type: 'unsigned *', since: '0.7' },
    { name: 'koverflow', type: 'unsigned *' },
    { name: 'cqes', type: 'struct io_uring_cqe *' },
    { name: 'ring_sz', type: 'size_t' },
    { name: 'ring_ptr', type: 'void *' },
    { name: 'ring_mask', type: 'unsigned', since: '2.3' },
    { name: 'ring_entries', type: 'unsigned', since: '2.3' },
    { name: 'pad', type: 'unsigned', count: 2, since: '2.3' },
  ],
});
