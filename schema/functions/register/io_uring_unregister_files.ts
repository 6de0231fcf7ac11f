import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_unregister_files',
  since: '0.1',
  category: 'register',
  summary: 'Unregister the ring\'s fixed-file table, dropping the kernel\'s references to its files.',
  description:
    'Releases the table registered with io_uring_register_files, _tags or _sparse, including direct descriptors. Tagged ' +
    'slots post a completion with their tag once released. Needed only to register a new table: io_uring_queue_exit releases it too.',
  man: 'io_uring_unregister_files(3)',
  params: [{ name: 'ring', type: 'struct io_uring *', doc: 'The ring.' }],
  bookkeeping: 'files-unregister',
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  errors: {
    ENXIO: 'the ring has no registered files',
  },
  test: {
    async effect({ catchError, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_read, io_uring_queue_exit, io_uring_register_files, io_uring_sqe_set_flags, io_uring_unregister_files, IOSQE_FIXED_FILE, newRing, waitOne }) {
      const { openSync, closeSync, readFileSync } = await import('node:fs');
      const ring = newRing(4);
      const fd = openSync('/dev/null', 'r');
      try {
        const files = () => /UserFiles:\s+(\d+)/.exec(readFileSync(`/proc/self/fdinfo/${ring.ring_fd}`, 'utf8'))![1];
        expect(io_uring_register_files(ring, Int32Array.of(fd, fd), 2)).toBe(0);
        expect(files()).toBe('2');
        expect(io_uring_unregister_files(ring)).toBe(0);
        expect(files()).toBe('0');
        // The slots are gone: a fixed-file request finds no table.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_read(sqe, 0, new Uint8Array(4), 4, 0);
        io_uring_sqe_set_flags(sqe, IOSQE_FIXED_FILE);
        expect(waitOne(ring).res).toBe(-errnoNumber('EBADF'));
        expect(catchError(() => io_uring_unregister_files(ring))).toMatchObject({ name: 'UringError', code: 'ENXIO' });
        // A new table can be registered.
        expect(io_uring_register_files(ring, Int32Array.of(fd), 1)).toBe(0);
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
      }
    },
  },
});
