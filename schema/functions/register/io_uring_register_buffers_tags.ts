import { defineFunction } from '../../language.js';

const IOVECS_VALID =
  'Array.from({ length: Math.min(nr, countOf(iovecs)) }, (_, i) => iovecs.item(i))' +
  '.every((v) => (v.iov_base === 0n ? v.iov_len === 0n : v.iov_len > 0n && v.iov_len <= 1073741824n))';
const NO_TAG_ON_EMPTY =
  'tags === null || Array.from({ length: Math.min(nr, countOf(iovecs), tags.length) }, (_, i) => i)' +
  '.every((i) => tags[i] === 0n || iovecs.item(i).iov_base !== 0n)';

export default defineFunction({
  name: 'io_uring_register_buffers_tags',
  since: '2.1',
  category: 'register',
  summary: 'Register nr fixed buffers with a tag each: once a tagged buffer is unregistered or replaced and idle, a completion with the tag as user_data is posted.',
  description:
    'Like io_uring_register_buffers (IORING_REGISTER_BUFFERS2). tags[i] is the tag of buffer i; 0 means untagged. When a ' +
    'tagged buffer is released (by io_uring_unregister_buffers, or replaced by io_uring_register_buffers_update_tag) and no ' +
    'request uses it any more, the kernel posts a CQE with user_data = the tag and res 0: then its memory may be reused. Linux 5.13+.',
  man: 'io_uring_register_buffers_tags(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    {
      name: 'iovecs',
      type: 'const struct iovec *',
      count: 'nr',
      countSource: 'io_uring_register_buffers_tags(3): nr buffers described by the iovecs array; kernel io_uring/rsrc.c io_sqe_buffers_register() copies nr struct iovec',
      ownership: 'ring',
      doc: 'The buffers (an Iovec array); their memory is pinned and used until unregistered.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: IOVECS_VALID, says: 'every iovec must be an empty slot (iov_base null, iov_len 0) or have 0 < iov_len <= 1 GiB' },
          message: 'each iovec must have iov_base set and an iov_len from 1 byte to 1 GiB (or be an empty slot: iov_base null and iov_len 0)',
          source: 'io_uring_register(2) IORING_REGISTER_BUFFERS/BUFFERS2 and ERRORS EFAULT (man2/io_uring_register.2:57,1087-1090); kernel io_uring/rsrc.c io_buffer_validate(); observed -EFAULT on Linux 6.18',
          errno: 'EFAULT',
        },
      ],
    },
    {
      name: 'tags',
      type: 'const __u64 *',
      count: 'nr',
      countSource: 'io_uring_register_buffers_tags(3): tags holds one tag per buffer (nr of them); kernel io_uring/rsrc.c io_sqe_buffers_register() reads nr __u64 tags',
      nullable: true,
      doc: 'One tag per buffer (0: untagged), or null for no tags at all.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: NO_TAG_ON_EMPTY, says: 'an empty slot (null iov_base) cannot have a tag' },
          message: 'an empty slot (iovec with a null iov_base) must have tag 0: only real buffers can be tagged',
          source: 'kernel io_uring/rsrc.c io_sqe_buffers_register() (a tag without a buffer gives -EINVAL); observed -EINVAL on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
    {
      name: 'nr',
      type: 'unsigned',
      doc: 'How many buffers (and tags), from 1 to 16384.',
      preconditions: [
        {
          rule: { kind: 'range', min: 1, max: 16384 },
          message: 'nr must be from 1 to 16384 (IORING_MAX_REG_BUFFERS)',
          source: 'kernel io_uring/rsrc.c io_sqe_buffers_register() (!nr or nr > IORING_MAX_REG_BUFFERS gives -EINVAL); observed -EINVAL for 0 on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
  ],
  bookkeeping: ['resource-tags', { kind: 'buffers-register', iovecs: 'iovecs', count: 'nr' }],
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  errors: {
    EBUSY: 'the ring already has registered buffers: call io_uring_unregister_buffers first',
    EFAULT: 'an iovec is invalid (null base with a length, length 0 or over 1 GiB, unmapped or file-backed memory)',
    EINVAL: 'nr is 0 or larger than 16384, or an empty slot has a tag',
    ENOMEM: 'not enough memory, or RLIMIT_MEMLOCK exceeded',
  },
  quirks: [
    { text: 'the kernel keeps using the registered memory until the buffers are unregistered (or replaced) and their tag completion arrives, or until io_uring_queue_exit; liburing-ts keeps the Iovec array and its memory alive, and freeAligned refuses that memory, until io_uring_queue_exit (the safe side of the tag completion)', source: 'io_uring_register(2) IORING_REGISTER_BUFFERS2 (resource tagging)' },
    { text: 'the tag completions are ordinary CQEs in the ring: a loop that waits for its own requests must expect them (user_data = tag, res 0)', source: 'io_uring_register(2) IORING_REGISTER_BUFFERS2; observed on Linux 6.18' },
  ],
  test: {
    async effect({ catchError, expect, io_uring_cq_ready, io_uring_queue_exit, io_uring_register_buffers_tags, io_uring_register_buffers_update_tag, io_uring_submit, io_uring_unregister_buffers, Iovec, newRing, waitOne }) {
      const ring = newRing(4);
      const a = new Uint8Array(64);
      const b = new Uint8Array(64);
      const iovecs = Iovec.array(2);
      iovecs.item(0).iov_base = a;
      iovecs.item(0).iov_len = a.byteLength;
      iovecs.item(1).iov_base = b;
      iovecs.item(1).iov_len = b.byteLength;
      try {
        // Buffer 0 tagged 0xa, buffer 1 untagged.
        expect(io_uring_register_buffers_tags(ring, iovecs, BigUint64Array.of(0xan, 0n), 2)).toBe(0);
        // Replacing buffer 0 releases it: its tag arrives as a completion.
        const c = new Uint8Array(64);
        const one = Iovec.array(1);
        one.iov_base = c;
        one.iov_len = c.byteLength;
        expect(io_uring_register_buffers_update_tag(ring, 0, one, BigUint64Array.of(0xcn), 1)).toBe(1);
        io_uring_submit(ring);
        expect(waitOne(ring)).toMatchObject({ user_data: 0xan, res: 0 });
        // Unregistering releases the replacement (tag 0xc); the untagged buffer posts nothing.
        expect(io_uring_unregister_buffers(ring)).toBe(0);
        io_uring_submit(ring);
        expect(waitOne(ring)).toMatchObject({ user_data: 0xcn, res: 0 });
        expect(io_uring_cq_ready(ring)).toBe(0);
        // Without tags it is plain registration.
        expect(io_uring_register_buffers_tags(ring, iovecs, null, 2)).toBe(0);
        expect(catchError(() => io_uring_register_buffers_tags(ring, iovecs, null, 2))).toMatchObject({ name: 'UringError', code: 'EBUSY' });
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_register_buffers_tags, Iovec, newRing }) {
      const ring = newRing(4);
      const mem = new Uint8Array(4096);
      const iovecs = Iovec.array(1);
      iovecs.item(0).iov_base = mem;
      iovecs.item(0).iov_len = mem.byteLength;
      const args = [ring, iovecs, BigUint64Array.of(1n), 1] as Parameters<typeof io_uring_register_buffers_tags>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
        iovecs,
      };
    },
    violations: {
      'iovecs.relation': { before: ({ iovecs }) => { iovecs.item(0).iov_len = 0; } },
      'tags.relation': { before: ({ iovecs }) => {
          iovecs.item(0).iov_base = null;
          iovecs.item(0).iov_len = 0;
        } },
      'tags.count': { args: { tags: () => new BigUint64Array(0) } },
    },
  },
});
