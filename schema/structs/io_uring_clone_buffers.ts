import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_clone_buffers',
  className: 'IoUringCloneBuffers',
  header: 'liburing/io_uring.h',
  summary: "Which registered buffers to clone from another ring, and where to put them (io_uring_clone_buffers(3), IORING_REGISTER_CLONE_BUFFERS).",
  since: '2.8',
  fields: [
    { name: 'src_fd', type: '__u32', doc: 'The source ring fd, or its registered index with IORING_REGISTER_SRC_REGISTERED.' },
    { name: 'flags', type: '__u32', doc: 'IORING_REGISTER_SRC_REGISTERED, IORING_REGISTER_DST_REPLACE.' },
    { name: 'src_off', type: '__u32', doc: 'The first source buffer.', since: '2.9' },
    { name: 'dst_off', type: '__u32', doc: 'The first destination slot.', since: '2.9' },
    { name: 'nr', type: '__u32', doc: 'How many buffers (0: all).', since: '2.9' },
    { name: 'pad', type: '__u32', count: 3, since: '2.9' },
  ],
});
