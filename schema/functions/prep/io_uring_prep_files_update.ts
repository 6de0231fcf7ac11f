import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_files_update',
  since: '0.3',
  category: 'prep',
  inline: true,
  summary: 'Prepare an update of nr_fds slots of the ring\'s registered file table, from offset, with the file descriptors in fds.',
  description:
    'The asynchronous io_uring_register_files_update: the completion res is the number of slots updated, or -errno. ' +
    'An fd of -1 empties its slot. With offset -1 (IORING_FILE_INDEX_ALLOC) the kernel picks free slots and writes their indexes back into fds. ' +
    'The table keeps its own reference to each file, so the descriptors may be closed afterwards.',
  man: 'io_uring_prep_files_update(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'fds',
      type: 'int *',
      count: 'nr_fds',
      countSource: 'io_uring_prep_files_update(3): fds is an array of nr_fds file descriptors; kernel io_uring/rsrc.c __io_sqe_files_update() reads nr_fds ints',
      dir: 'inout',
      ownership: 'completion',
      doc: 'The file descriptors to install (-1 empties a slot); with IORING_FILE_INDEX_ALLOC, receives the slots chosen.',
    },
    {
      name: 'nr_fds',
      type: 'unsigned',
      doc: 'How many slots to update, at least 1.',
      preconditions: [
        {
          rule: { kind: 'range', min: 1 },
          message: 'nr_fds must be at least 1',
          source: 'io_uring_prep_files_update(3) ERRORS ("-EINVAL One of the fields set in the SQE was invalid"); kernel io_uring/rsrc.c io_files_update_prep() (!nr_args); observed res -EINVAL for 0 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'offset',
      type: 'int',
      doc: 'The first slot to update, or -1 ((int) IORING_FILE_INDEX_ALLOC) to let the kernel pick free slots.',
      preconditions: [
        {
          rule: { kind: 'range', min: -1 },
          message: 'offset must be a slot index (0 or more) or -1 for IORING_FILE_INDEX_ALLOC; other negative values wrap to slots near 2^32',
          source: 'io_uring_prep_files_update(3) ERRORS ("-EOVERFLOW The product of offset and nr_fds exceed the valid amount or overflowed"); kernel io_uring/rsrc.c __io_sqe_files_update() (check_add_overflow of the 32-bit offset and nr_args); observed res -EOVERFLOW for offset -2 with nr_fds 2 on Linux 6.18 (-EINVAL when the sum does not overflow but passes the table)',
          errno: 'EOVERFLOW',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the number of slots updated, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_FILES_UPDATE', fd: '-1', addr: 'fds', len: 'nr_fds', off: 'offset' } },
  quirks: [
    { text: 'offset + nr_fds must not pass the end of the registered file table (res -EINVAL), and the ring must have one (res -ENXIO); liburing-ts does not know the table', source: 'io_uring_prep_files_update(3) ERRORS; observed on Linux 6.18' },
    { text: 'offset is an int: pass -1, not IORING_FILE_INDEX_ALLOC (4294967295, out of int range), to have slots allocated; the helper sign-extends it into the SQE\'s 64-bit off', source: 'liburing 2.9 liburing.h io_uring_prep_files_update ((__u64) offset); io_uring_prep_files_update(3)' },
    { text: 'a descriptor that is an io_uring instance is refused with -EBADF', source: 'io_uring_prep_files_update(3) ERRORS' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_files_update, io_uring_prep_read, io_uring_queue_exit, io_uring_register_files, io_uring_sqe_set_data64, io_uring_sqe_set_flags, IORING_OP_FILES_UPDATE, IOSQE_FIXED_FILE, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('one'), 'first file');
      writeFileSync(dir.file('two'), 'second file');
      const one = openSync(dir.file('one'), 'r');
      const two = openSync(dir.file('two'), 'r');
      const readSlot = (slot: number) => {
        const buf = new Uint8Array(16);
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_read(sqe, slot, buf, 16, 0);
        io_uring_sqe_set_flags(sqe, IOSQE_FIXED_FILE);
        const res = waitOne(ring).res;
        return res < 0 ? res : Buffer.from(buf.subarray(0, res)).toString();
      };
      try {
        expect(io_uring_register_files(ring, new Int32Array([-1, -1, -1]), 3)).toBe(0);
        // Put one in slot 1.
        const fds = new Int32Array([one]);
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_files_update(sqe, fds, 1, 1);
        expect(sqe.opcode).toBe(IORING_OP_FILES_UPDATE);
        io_uring_sqe_set_data64(sqe, 5n);
        expect(waitOne(ring)).toMatchObject({ user_data: 5n, res: 1 });
        expect(readSlot(1)).toBe('first file');
        expect(readSlot(0)).toBe(-errnoNumber('EBADF'));
        // -1 (IORING_FILE_INDEX_ALLOC): the kernel picks a free slot and writes it into fds.
        const alloc = new Int32Array([two]);
        io_uring_prep_files_update(io_uring_get_sqe(ring)!, alloc, 1, -1);
        expect(waitOne(ring).res).toBe(1);
        expect([0, 2]).toContain(alloc[0]);
        expect(readSlot(alloc[0]!)).toBe('second file');
        // -1 in fds empties a slot; past the end of the table: -EINVAL.
        io_uring_prep_files_update(io_uring_get_sqe(ring)!, new Int32Array([-1]), 1, 1);
        expect(waitOne(ring).res).toBe(1);
        expect(readSlot(1)).toBe(-errnoNumber('EBADF'));
        io_uring_prep_files_update(io_uring_get_sqe(ring)!, new Int32Array([one, two]), 2, 2);
        expect(waitOne(ring).res).toBe(-errnoNumber('EINVAL'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(one);
        closeSync(two);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_files_update, io_uring_register_files, newRing, tempDir }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      io_uring_register_files(ring, new Int32Array([-1, -1]), 2);
      writeFileSync(dir.file('data'), 'x');
      const fd = openSync(dir.file('data'), 'r');
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, new Int32Array([fd, fd]), 2, 0] as Parameters<typeof io_uring_prep_files_update>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          closeSync(fd);
          dir.remove();
        },
      };
    },
    violations: {
      'fds.count': { args: { nr_fds: 3 } },
    },
  },
});
