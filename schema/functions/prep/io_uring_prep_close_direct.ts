import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_close_direct',
  since: '2.2',
  category: 'prep',
  inline: true,
  summary: 'Prepare the close of a direct descriptor: empty slot file_index of the ring\'s registered file table.',
  description:
    'The same as removing the file from the table with io_uring_register_files_update: the completion res is 0, or -errno ' +
    '(-EBADF for an empty slot or one past the table, -ENXIO when the ring has no file table). Do not set IOSQE_FIXED_FILE on the SQE.',
  man: 'io_uring_prep_close_direct(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    { name: 'file_index', type: 'unsigned', doc: 'The slot (from 0) of the registered file table to empty.' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_CLOSE', fd: '0', addr: '0', len: '0', off: '0' }, set: [['file_index', 'file_index + 1']] },
  quirks: [
    { text: 'IOSQE_FIXED_FILE must not be set on the SQE, although the descriptor is a direct one: the request would fail with -EBADF', source: 'io_uring_prep_close_direct(3) lines 33-38' },
    { text: 'file_index must name a slot that holds a file: an empty slot, or one past the table, gives res -EBADF, and a ring without a file table -ENXIO; liburing-ts does not know the table', source: 'io_uring_prep_close_direct(3) ERRORS; observed on Linux 6.18' },
    { text: 'the SQE stores file_index + 1 (0 would mean a normal close of fd 0) and fd 0; IORING_FILE_INDEX_ALLOC is not special here', source: 'liburing 2.9 liburing.h io_uring_prep_close_direct' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_close_direct, io_uring_prep_read, io_uring_queue_exit, io_uring_register_files, io_uring_sqe_set_data64, io_uring_sqe_set_flags, IORING_OP_CLOSE, IOSQE_FIXED_FILE, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('data'), 'x');
      const fd = openSync(dir.file('data'), 'r');
      try {
        expect(io_uring_register_files(ring, new Int32Array([fd, -1]), 2)).toBe(0);
        // The table holds its own reference: the file stays open in slot 0 after closing fd.
        closeSync(fd);
        const buf = new Uint8Array(4);
        const read = io_uring_get_sqe(ring)!;
        io_uring_prep_read(read, 0, buf, 4, 0);
        io_uring_sqe_set_flags(read, IOSQE_FIXED_FILE);
        expect(waitOne(ring).res).toBe(1);
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_close_direct(sqe, 0);
        expect(sqe.opcode).toBe(IORING_OP_CLOSE);
        expect(sqe.file_index).toBe(1);
        io_uring_sqe_set_data64(sqe, 4n);
        expect(waitOne(ring)).toMatchObject({ user_data: 4n, res: 0 });
        // Slot 0 is empty now: a fixed read gives -EBADF, and so does closing it again.
        const again = io_uring_get_sqe(ring)!;
        io_uring_prep_read(again, 0, buf, 4, 0);
        io_uring_sqe_set_flags(again, IOSQE_FIXED_FILE);
        expect(waitOne(ring).res).toBe(-errnoNumber('EBADF'));
        io_uring_prep_close_direct(io_uring_get_sqe(ring)!, 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('EBADF'));
      } finally {
        io_uring_queue_exit(ring);
        dir.remove();
      }
    },
  },
});
