import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_free_buf_ring',
  since: '2.4',
  category: 'buf-ring',
  summary: 'Unregister and unmap a buffer ring that io_uring_setup_buf_ring returned.',
  description:
    'nentries and bgid must be the ones given to io_uring_setup_buf_ring: liburing unregisters group bgid, then unmaps nentries * 16 bytes at br. ' +
    'On success br is dead (any use throws); when the unregistration fails (e.g. -ENOENT for a wrong bgid) nothing is freed and br stays usable.',
  man: 'io_uring_free_buf_ring(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring the buffer ring was registered with.' },
    {
      name: 'br',
      type: 'struct io_uring_buf_ring *',
      ownership: 'consumed',
      doc: 'The buffer ring, from io_uring_setup_buf_ring; it cannot be used afterwards.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'allocatedByC(br)', says: 'pass a ring from io_uring_setup_buf_ring, not one made with new IoUringBufRing() or over memory of your own' },
          message: 'br must come from io_uring_setup_buf_ring: C unmaps it with munmap, which on JavaScript-owned memory would tear pages out of the heap',
          source: 'io_uring_free_buf_ring(3) ("br must point to a buffer ring previously returned by io_uring_setup_buf_ring"); liburing 2.9 src/setup.c io_uring_free_buf_ring (__sys_munmap)',
          errno: null,
          unprovable: 'munmap of JavaScript heap memory crashes the process',
        },
      ],
    },
    {
      name: 'nentries',
      type: 'unsigned int',
      doc: 'The nentries given to io_uring_setup_buf_ring.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'nentries >= 1 && nentries <= 32768 && (nentries & (nentries - 1)) === 0', says: 'nentries must be the power of two (1 to 32768) given to io_uring_setup_buf_ring' },
          message: 'nentries must be the ring\'s size as given to io_uring_setup_buf_ring, a power of two up to 32768: C unmaps nentries * 16 bytes',
          source: 'io_uring_free_buf_ring(3) ("nentries is the number of entries requested in the buffer ring"); liburing 2.9 src/setup.c io_uring_free_buf_ring (munmap(br, nentries * sizeof(struct io_uring_buf)))',
          errno: null,
          unprovable: 'C would unmap 1 MiB from br, taking whatever is mapped after the ring with it',
        },
      ],
    },
    {
      name: 'bgid',
      type: 'int',
      doc: 'The bgid given to io_uring_setup_buf_ring.',
      preconditions: [
        {
          rule: { kind: 'range', min: 0, max: 65535 },
          message: 'bgid must be from 0 to 65535: C keeps only the low 16 bits, so 65536 would unregister group 0',
          source: 'liburing 2.9 src/register.c io_uring_unregister_buf_ring (reg.bgid is a __u16)',
          errno: null,
          effect: 'C keeps the low 16 bits: bgid 65538 unregisters group 2 and unmaps its ring',
        },
      ],
    },
  ],
  bookkeeping: 'buf-ring-unregister',
  returns: { kind: 'errno', type: 'int', doc: '0: the group is unregistered and the memory unmapped.' },
  errors: {
    ENOENT: 'no buffer ring is registered under bgid: nothing was freed, and br is still usable',
    EINVAL: 'bgid names a group of provided buffers (io_uring_prep_provide_buffers), not a buffer ring',
  },
  quirks: [
    { text: 'nothing checks that nentries and bgid match the setup call; a wrong bgid that names another buffer ring unregisters that one and then unmaps br while its own group stays registered, and a larger nentries unmaps memory after the ring', source: 'liburing 2.9 src/setup.c io_uring_free_buf_ring (unregister, then munmap)' },
  ],
  test: {
    async effect({ catchError, errnoNumber, expect, io_uring_buf_ring_add, io_uring_buf_ring_advance, io_uring_buf_ring_mask, io_uring_free_buf_ring, io_uring_get_sqe, io_uring_prep_read, io_uring_queue_exit, io_uring_setup_buf_ring, io_uring_sqe_set_buf_group, io_uring_sqe_set_flags, IOSQE_BUFFER_SELECT, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      writeFileSync(dir.file('data'), 'x');
      const fd = openSync(dir.file('data'), 'r');
      const ring = newRing(4);
      try {
        const err = new Int32Array(1);
        const br = io_uring_setup_buf_ring(ring, 16, 2, 0, err)!;
        io_uring_buf_ring_add(br, new Uint8Array(8), 8, 1, io_uring_buf_ring_mask(16), 0);
        io_uring_buf_ring_advance(br, 1);
        // A wrong bgid: -ENOENT, nothing freed, br still usable.
        expect(catchError(() => io_uring_free_buf_ring(ring, br, 16, 3))).toMatchObject({ name: 'UringError', code: 'ENOENT' });
        expect(br.tail).toBe(1);
        expect(io_uring_free_buf_ring(ring, br, 16, 2)).toBe(0);
        // br is dead, and the group is gone: a read selecting from it finds no buffer.
        expect(() => br.tail).toThrow(/io_uring_free_buf_ring/);
        expect(catchError(() => io_uring_free_buf_ring(ring, br, 16, 2))).toMatchObject({ rule: 'alive', parameter: 'br' });
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_read(sqe, fd, new Uint8Array(8), 8, 0);
        sqe.addr = 0n;
        io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
        io_uring_sqe_set_buf_group(sqe, 2);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENOBUFS'));
        // The group ID is free again.
        const again = io_uring_setup_buf_ring(ring, 16, 2, 0, err);
        expect(again).not.toBeNull();
        expect(io_uring_free_buf_ring(ring, again!, 16, 2)).toBe(0);
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_free_buf_ring, io_uring_setup_buf_ring, newRing }) {
      const ring = newRing(4);
      const br = io_uring_setup_buf_ring(ring, 8, 1, 0, new Int32Array(1))!;
      const args = [ring, br, 8, 1] as Parameters<typeof io_uring_free_buf_ring>;
      return {
        args,
        cleanup: () => {
          io_uring_free_buf_ring(ring, br, 8, 1);
          exitQuietly(ring);
        },
      };
    },
    violations: {
      'bgid.range': {
        args: {
          // A second ring, group 2, for C to free.
          br: ({ args }, { io_uring_setup_buf_ring }) => io_uring_setup_buf_ring(args[0], 8, 2, 0, new Int32Array(1))!,
          bgid: 65538,
        },
        effect: ({ args, result }, { errnoNumber, expect, unchecked_io_uring_unregister_buf_ring }) => {
          expect(Number(result)).toBe(0);
          expect(Number(unchecked_io_uring_unregister_buf_ring(args[0], 2))).toBe(-errnoNumber('ENOENT'));
        },
      },
      'br.relation': { args: { br: (_, { IoUringBufRing }) => new IoUringBufRing() } },
      'nentries.relation': { args: { nentries: 65536 } },
    },
  },
});
