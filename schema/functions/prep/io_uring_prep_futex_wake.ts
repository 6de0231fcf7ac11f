import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_prep_futex_wake',
  since: '2.6',
  category: 'prep',
  inline: true,
  summary: 'Prepare a futex wake: wake at most val waiters on the futex word whose bitset shares a bit with mask.',
  description:
    'Like futex(2) FUTEX_WAKE_BITSET with futex2 flags. The completion res is the number of waiters woken (0 when none waited), or -errno. ' +
    'Waiters may be io_uring_prep_futex_wait requests of any ring, or threads in futex(2). Linux 6.7 and later.',
  man: 'io_uring_prep_futex_wake(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'futex',
      type: 'uint32_t *',
      count: 1,
      countSource: 'io_uring_prep_futex_wake(3): futex is the address of the futex word; with FUTEX2_SIZE_U32 (the only size io_uring takes) the kernel reads one 32-bit word (kernel/futex)',
      headerType: { since: '2.13', type: 'const uint32_t *' },
      ownership: 'completion',
      doc: 'The futex word (element 0 of the array); its address is the futex. Its value is not read.',
    },
    {
      name: 'val',
      type: 'uint64_t',
      doc: 'The most waiters to wake.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'val <= 0xffffffff', says: 'val must fit in 32 bits' },
          message: 'val must fit in 32 bits (at most 0xffffffff)',
          source: 'kernel io_uring/futex.c io_futex_prep() (futex_validate_input on the value, for wakes too); observed res -EINVAL for 2^32 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'mask',
      type: 'uint64_t',
      doc: 'The wake bitset; FUTEX_BITSET_MATCH_ANY wakes any waiter.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'mask <= 0xffffffff', says: 'mask must fit in 32 bits' },
          message: 'mask must fit in 32 bits (FUTEX_BITSET_MATCH_ANY is 0xffffffff)',
          source: 'kernel io_uring/futex.c io_futex_prep() (futex_validate_input on futex_mask); observed res -EINVAL for 2^32 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: 'Number(mask) !== 0', says: 'mask must have at least one bit set' },
          message: 'mask must not be 0: an empty bitset wakes nobody, and Linux refuses it',
          source: 'futex(2) FUTEX_WAKE_BITSET (EINVAL when the bitset is zero); kernel kernel/futex/waitwake.c futex_wake() ("if (!bitset) return -EINVAL"); observed res -EINVAL on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'futex_flags',
      type: 'uint32_t',
      doc: 'futex2 flags: FUTEX2_SIZE_U32, with FUTEX2_PRIVATE when the waiters used it.',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['FUTEX2_SIZE_MASK', 'FUTEX2_NUMA', 'FUTEX2_PRIVATE'] },
          message: 'futex_flags may hold only futex2 flags: a FUTEX2_SIZE_* value, FUTEX2_NUMA and FUTEX2_PRIVATE',
          source: 'io_uring_prep_futex_wake(3) (futex2(2) flags); kernel io_uring/futex.c io_futex_prep() (flags & ~FUTEX2_VALID_MASK); observed res -EINVAL for 0x100 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: '(futex_flags & FUTEX2_SIZE_MASK) === FUTEX2_SIZE_U32', says: 'futex_flags must say FUTEX2_SIZE_U32: Linux implements 32-bit futexes only' },
          message: 'futex_flags must include FUTEX2_SIZE_U32: only 32-bit futexes are implemented',
          source: 'kernel kernel/futex/futex.h futex_flags_valid(); observed res -EINVAL for FUTEX2_SIZE_U64 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'flags',
      type: 'unsigned int',
      doc: 'io_uring futex flags: none exist, pass 0.',
      preconditions: [
        {
          rule: { kind: 'range', max: 0 },
          message: 'flags must be 0: there are no io_uring futex flags yet',
          source: 'io_uring_prep_futex_wake(3) ("flags are currently unused and hence 0 must be passed"); kernel io_uring/futex.c io_futex_prep(); observed res -EINVAL for 1 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the number of waiters woken, or -errno.' },
  sqe: {
    rw: { op: 'IORING_OP_FUTEX_WAKE', fd: 'futex_flags', addr: 'futex', len: '0', off: 'val' },
    set: [['futex_flags', 'flags'], ['addr3', 'mask']],
  },
  quirks: [
    { text: 'the man page\'s ERRORS section speaks of "the index into futexv which received a wakeup", which belongs to io_uring_prep_futex_waitv; a wake\'s res is the number woken', source: 'io_uring_prep_futex_wake(3) ERRORS; observed on Linux 6.18' },
    { text: 'private and shared futexes do not meet: a FUTEX2_PRIVATE wake does not wake a wait made without it, and the other way round', source: 'futex(2) (FUTEX_PRIVATE_FLAG)' },
  ],
  test: {
    async effect({ expect, FUTEX_BITSET_MATCH_ANY, FUTEX2_PRIVATE, FUTEX2_SIZE_U32, io_uring_cq_advance, io_uring_get_sqe, io_uring_peek_batch_cqe, io_uring_prep_futex_wait, io_uring_prep_futex_wake, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit, io_uring_submit_and_wait, IORING_OP_FUTEX_WAKE, IoUringCqe, newRing, PointerArray, waitOne }) {
      const ring = newRing(8);
      try {
        const word = new Uint32Array(1);
        const flags = FUTEX2_SIZE_U32 | FUTEX2_PRIVATE;
        // Nobody waits: a wake wakes 0.
        const lone = io_uring_get_sqe(ring)!;
        io_uring_prep_futex_wake(lone, word, 10, FUTEX_BITSET_MATCH_ANY, flags, 0);
        expect(lone.opcode).toBe(IORING_OP_FUTEX_WAKE);
        expect(waitOne(ring).res).toBe(0);
        // Three waiters, two with bitset 1 and one with bitset 2.
        for (const [mask, data] of [[1, 11n], [1, 12n], [2, 13n]] as const) {
          const w = io_uring_get_sqe(ring)!;
          io_uring_prep_futex_wait(w, word, 0, mask, flags, 0);
          io_uring_sqe_set_data64(w, data);
        }
        io_uring_submit(ring);
        // Wake at most 5 with bitset 1: exactly the two that share a bit with it.
        const k = io_uring_get_sqe(ring)!;
        io_uring_prep_futex_wake(k, word, 5, 1, flags, 0);
        io_uring_sqe_set_data64(k, 20n);
        io_uring_submit_and_wait(ring, 3);
        const got = new PointerArray<IoUringCqe>(8);
        const n = io_uring_peek_batch_cqe(ring, got, 8);
        const res = got.items.map((c) => [c.user_data, c.res]).sort((a, b) => Number(a[0]) - Number(b[0]));
        io_uring_cq_advance(ring, n);
        expect(res).toEqual([[11n, 0], [12n, 0], [20n, 2]]);
        // The third still waits; a wake of at most 1 with any bitset gets it.
        const k2 = io_uring_get_sqe(ring)!;
        io_uring_prep_futex_wake(k2, word, 1, FUTEX_BITSET_MATCH_ANY, flags, 0);
        io_uring_sqe_set_data64(k2, 21n);
        io_uring_submit_and_wait(ring, 2);
        expect(io_uring_peek_batch_cqe(ring, got, 8)).toBe(2);
        expect(got.items.map((c) => [c.user_data, c.res]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([[13n, 0], [21n, 1]]);
        io_uring_cq_advance(ring, 2);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, FUTEX_BITSET_MATCH_ANY, FUTEX2_PRIVATE, FUTEX2_SIZE_U32, io_uring_get_sqe, io_uring_prep_futex_wake, newRing }) {
      const ring = newRing(4);
      const word = new Uint32Array(1);
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, word, 1, FUTEX_BITSET_MATCH_ANY, FUTEX2_SIZE_U32 | FUTEX2_PRIVATE, 0] as Parameters<typeof io_uring_prep_futex_wake>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
    violations: {
      'val.relation': { args: { val: 0x1_0000_0000n } },
      'mask.relation': { args: { mask: 0x1_0000_0000n } },
      'mask.relation#2': { args: { mask: 0 } },
      'futex_flags.flags': { args: { futex_flags: (_, { FUTEX2_SIZE_U32 }) => FUTEX2_SIZE_U32 | 0x100 } },
      'futex_flags.relation': { args: { futex_flags: (_, { FUTEX2_SIZE_U64 }) => FUTEX2_SIZE_U64 } },
    },
  },
});
