import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_resize_rings',
  since: '2.9',
  category: 'setup',
  summary: 'Resize the SQ and CQ rings of a live ring (IORING_SETUP_DEFER_TASKRUN rings, Linux 6.13+).',
  description:
    'p.sq_entries gives the new SQ size; the CQ gets twice as many entries, or p.cq_entries with IORING_SETUP_CQSIZE. ' +
    'Pending SQEs and CQEs are copied into the new rings. liburing unmaps the old rings and maps the new ones, so every ' +
    'address into the old rings (SQEs and CQEs obtained before the call) is stale afterwards. On return liburing has ' +
    'cleared p.flags and p.sq_off/p.cq_off; p.sq_entries and p.cq_entries hold the sizes the kernel chose.',
  man: 'io_uring_resize_rings(3)',
  params: [
    {
      name: 'ring',
      type: 'struct io_uring *',
      doc: 'The ring: created with IORING_SETUP_DEFER_TASKRUN (and so SINGLE_ISSUER), rings mapped by liburing.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'hasFlag(ring.flags, IORING_SETUP_DEFER_TASKRUN)', says: 'the ring must have been created with IORING_SETUP_DEFER_TASKRUN' },
          message: 'only rings created with IORING_SETUP_DEFER_TASKRUN (with IORING_SETUP_SINGLE_ISSUER) can be resized',
          source: 'io_uring_resize_rings(3) ("only supported on rings setup with IORING_SETUP_DEFER_TASKRUN ... -EINVAL"); kernel io_uring/register.c io_register_resize_rings(); observed -EINVAL on Linux 6.18',
          errno: 'EINVAL',
        },
        {
          rule: { kind: 'relation', holds: '!hasFlag(ring.flags, IORING_SETUP_NO_MMAP)', says: 'the ring must not use caller memory (IORING_SETUP_NO_MMAP, io_uring_queue_init_mem)' },
          message: 'liburing 2.9 cannot resize rings that live in caller memory (IORING_SETUP_NO_MMAP, io_uring_queue_init_mem)',
          source: 'io_uring_resize_rings(3) ("Currently doesn\'t support resizing rings setup with IORING_SETUP_NO_MMAP. This is purely a liburing limitation"); liburing 2.9 src/register.c io_uring_resize_rings() returns -EINVAL',
          errno: 'EINVAL',
        },
        {
          rule: { kind: 'relation', holds: 'ring.ring_fd >= 0', says: 'the ring fd must not be closed (io_uring_close_ring_fd)' },
          message: 'the ring fd must be open: liburing 2.9 maps the resized rings through ring.ring_fd, so after io_uring_close_ring_fd the kernel resizes the ring and liburing then fails to map it, leaving the ring unusable',
          source: 'liburing 2.9 src/register.c io_uring_resize_rings() (io_uring_unmap_rings, then io_uring_mmap(ring->ring_fd, ...)); observed -EBADF with ring.sq zeroed on Linux 6.18',
          errno: 'EBADF',
          unprovable: 'the kernel resizes, liburing unmaps the old rings and fails to map the new ones: the ring is left with a zeroed sq and cq',
        },
      ],
    },
    {
      name: 'p',
      type: 'struct io_uring_params *',
      dir: 'inout',
      doc: 'sq_entries (and cq_entries with IORING_SETUP_CQSIZE), flags CQSIZE and CLAMP only, everything else zero; the new sizes out.',
      preconditions: [
        {
          rule: { kind: 'flags', field: 'flags', allowed: ['IORING_SETUP_CQSIZE', 'IORING_SETUP_CLAMP'] },
          message: 'p.flags may hold only IORING_SETUP_CQSIZE and IORING_SETUP_CLAMP; the other setup flags are inherited from the ring',
          source: 'io_uring_resize_rings(3) ("Valid flags in flags: IORING_SETUP_CQSIZE, IORING_SETUP_CLAMP ... -EINVAL Invalid flags"); kernel io_uring/register.c io_register_resize_rings() (RESIZE_FLAGS); observed -EINVAL on Linux 6.18',
          errno: 'EINVAL',
        },
        {
          rule: {
            kind: 'relation',
            holds: 'p.sq_entries >= 1 && (p.sq_entries <= 32768 || hasFlag(p.flags, IORING_SETUP_CLAMP))',
            says: 'p.sq_entries must be from 1 to 32768, or more with IORING_SETUP_CLAMP',
          },
          message: 'p.sq_entries must be from 1 to 32768 (IORING_MAX_ENTRIES), unless IORING_SETUP_CLAMP is set in p.flags',
          source: 'io_uring_resize_rings(3) ("most notably the sq_entries and cq_entries fields must be filled out"); kernel io_uring/register.c io_register_resize_rings() -> io_uring_fill_params(); observed -EINVAL for 0 and 40000 on Linux 6.18',
          errno: 'EINVAL',
        },
        {
          rule: {
            kind: 'relation',
            holds:
              '!hasFlag(p.flags, IORING_SETUP_CQSIZE) || (p.cq_entries >= 1 && (p.cq_entries <= 65536 || hasFlag(p.flags, IORING_SETUP_CLAMP)) && ' +
              '2 ** Math.ceil(Math.log2(Math.min(p.cq_entries, 65536))) >= 2 ** Math.ceil(Math.log2(Math.min(p.sq_entries, 32768))))',
            says: 'with IORING_SETUP_CQSIZE, p.cq_entries must be from 1 to 65536 (or more with IORING_SETUP_CLAMP), and rounded up to a power of two at least the rounded-up p.sq_entries',
          },
          message: 'with IORING_SETUP_CQSIZE, p.cq_entries must be from 1 to 65536 (unless IORING_SETUP_CLAMP) and, rounded up to a power of two, not smaller than the submission queue',
          source: 'io_uring_resize_rings(3); kernel io_uring/register.c io_register_resize_rings() -> io_uring_fill_params(); observed -EINVAL for sq 64 with cq 32 on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
  ],
  bookkeeping: 'ring-remap',
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  errors: {
    EINVAL: 'the ring is not DEFER_TASKRUN, uses caller memory (NO_MMAP), or the sizes or flags in p are invalid; or the kernel is older than 6.13',
    EEXIST: 'the ring is SINGLE_ISSUER and this thread is not the one that created (or enabled) it',
    EFAULT: 'p could not be copied',
    EOVERFLOW: 'the entries given would overflow the ring sizes',
    EBADF: 'the ring fd was closed (io_uring_close_ring_fd): the rings could not be mapped again',
  },
  quirks: [
    { text: 'liburing clears p.flags (and zeroes p.sq_off and p.cq_off) on return, success or not: set the flags again before reusing p', source: 'liburing 2.9 src/register.c io_uring_resize_rings() ("clear for next use")' },
    { text: 'the SQEs and CQEs move to new mappings (ring.sq.sqes and ring.cq.cqes change): structs borrowed from the ring before the call point into the old rings, and liburing-ts\'s cached views of the SQE and CQE arrays (runtime/ring-state.ts, set by ringInitialized) are stale until the runtime remaps them', source: 'liburing 2.9 src/register.c io_uring_resize_rings() (io_uring_unmap_rings + io_uring_mmap); observed new sq.sqes and cq.cqes addresses on Linux 6.18' },
    { text: 'it is not legal to resize a CQ ring that is in an overflow condition', source: 'io_uring_resize_rings(3)' },
    { text: 'p.cq_entries is ignored without IORING_SETUP_CQSIZE (the CQ gets 2 * sq_entries), and p.resv is not checked by Linux 6.18', source: 'observed on Linux 6.18' },
  ],
  test: {
    async effect({ expect, io_uring_cq_advance, io_uring_cq_ready, io_uring_cqe_get_data64, io_uring_cqe_seen, io_uring_get_sqe, io_uring_peek_cqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_resize_rings, io_uring_sq_space_left, io_uring_sqe_set_data64, io_uring_submit_and_wait, IORING_SETUP_CQSIZE, IORING_SETUP_DEFER_TASKRUN, IORING_SETUP_SINGLE_ISSUER, IoUringCqe, IoUringParams, newRing, OutPointer }) {
      const ring = newRing(8, IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN);
      try {
        const sqesBefore = ring.sq.sqes;
        // A completion that is ready before the resize is carried over into the new CQ ring.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_data64(sqe, 77n);
        io_uring_submit_and_wait(ring, 1);
        const p = new IoUringParams();
        p.sq_entries = 64;
        p.cq_entries = 256;
        p.flags = IORING_SETUP_CQSIZE;
        expect(io_uring_resize_rings(ring, p)).toBe(0);
        expect(ring.sq.ring_entries).toBe(64);
        expect(ring.cq.ring_entries).toBe(256);
        expect(p.sq_entries).toBe(64);
        expect(p.cq_entries).toBe(256);
        expect(p.flags).toBe(0);
        // The SQEs were mapped anew.
        expect(ring.sq.sqes).not.toBe(sqesBefore);
        // Completions are read through C here (io_uring_cqe_get_data64), not through liburing-ts's cached ring views, which the resize made stale.
        expect(io_uring_cq_ready(ring)).toBe(1);
        const out = new OutPointer<IoUringCqe>();
        expect(io_uring_peek_cqe(ring, out)).toBe(0);
        expect(io_uring_cqe_get_data64(out.value!)).toBe(77n);
        io_uring_cqe_seen(ring, out.value);
        // The bigger ring takes 64 SQEs at once.
        for (let i = 0; i < 64; i++) io_uring_prep_nop(io_uring_get_sqe(ring)!);
        expect(io_uring_sq_space_left(ring)).toBe(0);
        expect(io_uring_submit_and_wait(ring, 64)).toBe(64);
        expect(io_uring_cq_ready(ring)).toBe(64);
        io_uring_cq_advance(ring, 64);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ allocAligned, exitQuietly, freeAligned, io_uring_queue_init_mem, io_uring_resize_rings, IORING_SETUP_DEFER_TASKRUN, IORING_SETUP_SINGLE_ISSUER, IoUring, IoUringParams, newRing, pageSize }) {
      const ring = newRing(8, IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN);
      const plain = newRing(8);
      const mem = allocAligned(4 * pageSize());
      const memRing = new IoUring();
      const mp = new IoUringParams();
      mp.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
      io_uring_queue_init_mem(8, memRing, mp, mem, mem.byteLength);
      const p = new IoUringParams();
      p.sq_entries = 64;
      const args = [ring, p] as Parameters<typeof io_uring_resize_rings>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
          exitQuietly(plain);
          exitQuietly(memRing);
          freeAligned(mem);
        },
        memRing,
        p,
        plain,
        ring,
      };
    },
    violations: {
      'ring.relation': { args: { ring: ({ plain }) => plain } },
      'ring.relation#2': { args: { ring: ({ memRing }) => memRing } },
      'ring.relation#3': { before: ({ ring }, { io_uring_close_ring_fd, liburing }) => {
          liburing().ffi.func('int io_uring_register_ring_fd(void *ring)')(ring.address);
          io_uring_close_ring_fd(ring);
        } },
      'p.relation': { before: ({ p }) => { p.sq_entries = 0; } },
      'p.relation#2': { before: ({ p }, { IORING_SETUP_CQSIZE }) => {
          p.flags |= IORING_SETUP_CQSIZE;
          p.cq_entries = 32;
        } },
    },
  },
});
