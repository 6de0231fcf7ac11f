import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_queue_mmap',
  since: '0.1',
  category: 'setup',
  summary: 'Map the rings of an io_uring fd made with io_uring_setup into a struct io_uring.',
  description:
    'For callers who call io_uring_setup themselves: maps the SQ ring, the CQ ring and the SQEs of fd as p (the params that ' +
    'io_uring_setup filled in) describes them, and points ring.sq and ring.cq at them. liburing 2.9 to 2.14 do only that: ' +
    'ring.ring_fd, ring.enter_ring_fd, ring.flags and ring.features stay 0 and the SQ index array is not filled in, ' +
    'so before the ring is used the caller must set ring_fd and enter_ring_fd to fd, flags to p.flags, features to p.features, ' +
    'and (without IORING_SETUP_NO_SQARRAY) write i into ring.sq.array[i] for every entry, as io_uring_queue_init_params does. ' +
    'liburing 2.15 sets ring_fd, enter_ring_fd, flags and features itself again; the SQ index array is still the caller\'s.',
  man: null,
  params: [
    {
      name: 'fd',
      type: 'int',
      doc: 'The io_uring file descriptor io_uring_setup returned.',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be the file descriptor io_uring_setup returned (not negative)',
          source: 'liburing 2.9 src/setup.c io_uring_mmap() (mmap(2) of fd); observed -EBADF for -1 on Linux 6.18',
          errno: 'EBADF',
        },
      ],
    },
    {
      name: 'p',
      type: 'struct io_uring_params *',
      doc: 'The params io_uring_setup filled in for fd: liburing sizes and finds everything from sq_entries, cq_entries, flags, features, sq_off and cq_off.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'p.sq_entries >= 1 && p.cq_entries >= 1 && p.cq_off.cqes > 0', says: 'p must be the io_uring_params io_uring_setup filled in (sq_entries, cq_entries and the ring offsets set)' },
          message: 'p must be the io_uring_params that io_uring_setup filled in for fd: with zero entries or offsets liburing maps nothing useful',
          source: 'liburing 2.9 src/setup.c io_uring_mmap() (ring sizes from p->sq_off, p->cq_off and the entries); observed -EINVAL with a zeroed p on Linux 6.18',
          errno: 'EINVAL',
        },
        {
          rule: { kind: 'relation', holds: '!hasFlag(p.flags, IORING_SETUP_NO_MMAP)', says: 'the ring must not have been set up with IORING_SETUP_NO_MMAP' },
          message: 'a ring set up with IORING_SETUP_NO_MMAP cannot be mapped: its rings live in the memory given in p.sq_off.user_addr and p.cq_off.user_addr',
          source: 'io_uring_setup(2) IORING_SETUP_NO_MMAP ("a subsequent attempt to mmap(2) the io_uring file descriptor will fail"); observed -ENOMEM on Linux 6.18',
          errno: 'ENOMEM',
        },
      ],
    },
    { name: 'ring', type: 'struct io_uring *', dir: 'out', state: 'uninitialized', doc: 'The ring to fill in; liburing zeroes it first.' },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  bookkeeping: 'ring-init',
  errors: {
    EBADF: 'fd is not an open file descriptor',
    EINVAL: 'p does not describe the rings of fd (zeroed or wrong sizes)',
    ENOMEM: 'the ring was set up with IORING_SETUP_NO_MMAP, or there is not enough memory to map it',
    ENODEV: 'fd is not an io_uring file descriptor',
    EACCES: 'fd is not an io_uring file descriptor',
  },
  quirks: [
    {
      text: 'liburing 2.9 to 2.14 only map the rings: it zeroes the struct and leaves ring_fd, enter_ring_fd, flags and features at 0 and the SQ index array unfilled, so a ring used as is submits through fd 0, every SQ slot points at SQE 0, and io_uring_queue_exit closes fd 0 (stdin); the caller must fill them in (see the description)',
      source: 'liburing 2.9 src/setup.c io_uring_queue_mmap() (memset + io_uring_mmap only; __io_uring_queue_init_params fills the rest after calling it); observed ring_fd 0, flags 0, features 0 on Linux 6.18',
    },
    {
      text: 'liburing 2.15 fills in ring_fd, enter_ring_fd, flags and features from fd and p after mapping (as liburing did before 2.9); the SQ index array is still left to the caller',
      source: 'liburing commit 435e6b28 "src/setup: restore ring fd and flags init in io_uring_queue_mmap()" (first in liburing-2.15); observed ring_fd = fd and features = p.features with liburing 2.15 on Linux 6.18',
    },
    {
      text: 'liburing-ts marks the ring live after this call, and reads ring.flags for the SQE and CQE sizes: with IORING_SETUP_SQE128 or CQE32 set ring.flags before the ring is used, or the runtime sizes its views wrong',
      source: 'liburing-ts runtime/ring-state.ts ringInitialized()',
    },
  ],
  test: {
    async effect({ expect, io_uring_check_version, io_uring_cq_advance, io_uring_get_sqe, io_uring_peek_batch_cqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_queue_mmap, io_uring_setup, io_uring_sqe_set_data64, io_uring_submit_and_wait, IoUring, IoUringCqe, IoUringParams, PointerArray, viewOfAddress }) {
      const { closeSync, fstatSync } = await import('node:fs');
      const p = new IoUringParams();
      const fd = io_uring_setup(8, p);
      const ring = new IoUring();
      try {
        expect(io_uring_queue_mmap(fd, p, ring)).toBe(0);
      } catch (e) {
        closeSync(fd);
        throw e;
      }
      // liburing 2.9 to 2.14 leave the rest of the struct zero, 2.15 fills it in: either way, fill it in as
      // io_uring_queue_init_params does, before anything can use fd 0.
      const left = { ring_fd: ring.ring_fd, enter_ring_fd: ring.enter_ring_fd, flags: ring.flags, features: ring.features };
      ring.ring_fd = fd;
      ring.enter_ring_fd = fd;
      ring.flags = p.flags;
      ring.features = p.features;
      try {
        const filledIn = !io_uring_check_version(2, 15); // io_uring_check_version is true for a liburing older than 2.15
        expect(left).toEqual(filledIn ? { ring_fd: fd, enter_ring_fd: fd, flags: p.flags, features: p.features } : { ring_fd: 0, enter_ring_fd: 0, flags: 0, features: 0 });
        // The rings are mapped, with the sizes the kernel chose.
        expect(ring.sq.ring_entries).toBe(8);
        expect(ring.cq.ring_entries).toBe(16);
        expect(ring.sq.sqes).not.toBe(0n);
        expect(ring.cq.cqes).not.toBe(0n);
        // Map each SQ slot to its SQE, then the ring works.
        const array = viewOfAddress(ring.sq.array, 4 * ring.sq.ring_entries);
        for (let i = 0; i < ring.sq.ring_entries; i++) array.setUint32(4 * i, i, true);
        for (const ud of [1n, 2n]) {
          const sqe = io_uring_get_sqe(ring)!;
          io_uring_prep_nop(sqe);
          io_uring_sqe_set_data64(sqe, ud);
        }
        expect(io_uring_submit_and_wait(ring, 2)).toBe(2);
        const cqes = new PointerArray<IoUringCqe>(2);
        expect(io_uring_peek_batch_cqe(ring, cqes, 2)).toBe(2);
        expect(cqes.items.map((c) => c.user_data)).toEqual([1n, 2n]);
        io_uring_cq_advance(ring, 2);
      } finally {
        // io_uring_queue_exit unmaps the rings and closes the fd filled in above.
        io_uring_queue_exit(ring);
      }
      expect(() => fstatSync(fd)).toThrow(/EBADF/);
    },
    async valid({ addressOf, allocAligned, io_uring_queue_mmap, io_uring_setup, IORING_SETUP_NO_MMAP, IoUring, IoUringParams, pageSize }) {
      const { closeSync } = await import('node:fs');
      const p = new IoUringParams();
      const fd = io_uring_setup(4, p);
      // A ring whose rings live in caller memory (IORING_SETUP_NO_MMAP): it cannot be mapped.
      const nmMem = allocAligned(4 * pageSize());
      const nmP = new IoUringParams();
      nmP.flags = IORING_SETUP_NO_MMAP;
      nmP.sq_off.user_addr = addressOf(nmMem);
      nmP.cq_off.user_addr = addressOf(nmMem) + BigInt(pageSize());
      const nmFd = io_uring_setup(4, nmP);
      const args = [fd, p, new IoUring()] as Parameters<typeof io_uring_queue_mmap>;
      return {
        args,
        cleanup: () => {
          closeSync(fd);
          closeSync(nmFd);
        },
        nmFd,
        nmP,
      };
    },
    violations: {
      'p.relation': { args: { p: (_, { IoUringParams }) => new IoUringParams() } },
      'p.relation#2': { args: { fd: ({ nmFd }) => nmFd, p: ({ nmP }) => nmP } },
    },
  },
});
