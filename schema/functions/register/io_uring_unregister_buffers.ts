import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_unregister_buffers',
  since: '0.1',
  category: 'register',
  summary: 'Unregister the ring\'s fixed buffers, unpinning their memory.',
  description:
    'Releases the whole buffer table registered with io_uring_register_buffers, _tags or _sparse (or cloned). Requests that ' +
    'still use a buffer keep it until they complete; tagged buffers post a completion with their tag as user_data once released. ' +
    'After this the memory may be freed.',
  man: 'io_uring_unregister_buffers(3)',
  params: [{ name: 'ring', type: 'struct io_uring *', doc: 'The ring.' }],
  bookkeeping: 'buffers-unregister',
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  errors: {
    ENXIO: 'the ring has no registered buffers',
  },
  quirks: [
    { text: 'with no buffers registered the kernel returns -ENXIO; liburing-ts does not track registrations, so this is the kernel\'s answer, not a precondition', source: 'io_uring_register(2) ERRORS ENXIO (man2/io_uring_register.2:1150-1155); observed -ENXIO on Linux 6.18' },
  ],
  test: {
    async effect({ catchError, expect, io_uring_queue_exit, io_uring_register_buffers, io_uring_register_buffers_tags, io_uring_submit, io_uring_unregister_buffers, Iovec, newRing, waitOne }) {
      const { readFileSync } = await import('node:fs');
      const ring = newRing(4);
      const mem = new Uint8Array(4096);
      const iovecs = Iovec.array(1);
      iovecs.item(0).iov_base = mem;
      iovecs.item(0).iov_len = mem.byteLength;
      const tags = BigUint64Array.of(0x7a6n);
      try {
        const bufs = () => /UserBufs:\s+(\d+)/.exec(readFileSync(`/proc/self/fdinfo/${ring.ring_fd}`, 'utf8'))![1];
        expect(io_uring_register_buffers(ring, iovecs, 1)).toBe(0);
        expect(bufs()).toBe('1');
        expect(io_uring_unregister_buffers(ring)).toBe(0);
        expect(bufs()).toBe('0');
        // Nothing registered any more: the kernel says so.
        expect(catchError(() => io_uring_unregister_buffers(ring))).toMatchObject({ name: 'UringError', code: 'ENXIO' });
        // The table can be registered again; a tagged buffer posts its tag once unregistered.
        expect(io_uring_register_buffers_tags(ring, iovecs, tags, 1)).toBe(0);
        expect(io_uring_unregister_buffers(ring)).toBe(0);
        io_uring_submit(ring);
        expect(waitOne(ring)).toMatchObject({ user_data: 0x7a6n, res: 0 });
      } finally {
        io_uring_queue_exit(ring);
      }
    },
  },
});
