import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_prep_futex_wait',
  since: '2.6',
  category: 'prep',
  inline: true,
  summary: 'Prepare a futex wait: complete when the futex word is woken, if it still holds val when the request runs.',
  description:
    'Like futex(2) FUTEX_WAIT_BITSET with futex2 flags: if *futex != val the completion res is -EAGAIN at once; otherwise the request ' +
    'waits until a wake (io_uring_prep_futex_wake, futex(2), or another thread) whose bitset shares a bit with mask, and completes with res 0. ' +
    'There is no timeout: link an io_uring_prep_link_timeout, or cancel it. Linux 6.7 and later.',
  man: 'io_uring_prep_futex_wait(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'futex',
      type: 'uint32_t *',
      count: 1,
      countSource: 'io_uring_prep_futex_wait(3): futex is the address of the futex word; with FUTEX2_SIZE_U32 (the only size io_uring takes) the kernel reads one 32-bit word (kernel/futex)',
      headerType: { since: '2.13', type: 'const uint32_t *' },
      ownership: 'completion',
      doc: 'The futex word (element 0 of the array); its address is the futex. Use memory shared with the waker (a SharedArrayBuffer for threads in this process).',
    },
    {
      name: 'val',
      type: 'uint64_t',
      doc: 'The value *futex must hold for the wait to start.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'val <= 0xffffffff', says: 'val must fit in 32 bits: the futex is a 32-bit word' },
          message: 'val must fit in 32 bits (at most 0xffffffff): only 32-bit futexes exist, and a wider value can never match',
          source: 'kernel io_uring/futex.c io_futex_prep() (futex_validate_input); observed res -EINVAL for 2^32 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'mask',
      type: 'uint64_t',
      doc: 'The wait bitset, matched against the waker\'s; FUTEX_BITSET_MATCH_ANY for every waker.',
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
          message: 'mask must not be 0: an empty bitset could never be woken, and Linux refuses it',
          source: 'futex(2) FUTEX_WAIT_BITSET (EINVAL when the bitset is zero); observed res -EINVAL for mask 0 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'futex_flags',
      type: 'uint32_t',
      doc: 'futex2 flags: FUTEX2_SIZE_U32, usually with FUTEX2_PRIVATE (the waker must use the same). Not the futex(2) v1 flags.',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['FUTEX2_SIZE_MASK', 'FUTEX2_NUMA', 'FUTEX2_PRIVATE'] },
          message: 'futex_flags may hold only futex2 flags: a FUTEX2_SIZE_* value, FUTEX2_NUMA and FUTEX2_PRIVATE',
          source: 'io_uring_prep_futex_wait(3) ("futex_flags follows the futex2(2) flags"); kernel io_uring/futex.c io_futex_prep() (flags & ~FUTEX2_VALID_MASK); observed res -EINVAL for 0x100 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: '(futex_flags & FUTEX2_SIZE_MASK) === FUTEX2_SIZE_U32', says: 'futex_flags must say FUTEX2_SIZE_U32: Linux implements 32-bit futexes only' },
          message: 'futex_flags must include FUTEX2_SIZE_U32: only 32-bit futexes are implemented (FUTEX2_SIZE_U8 is 0, so leaving the size out asks for 8 bits)',
          source: 'kernel kernel/futex/futex.h futex_flags_valid() ("Only 32bit futexes are implemented -- for now"); observed res -EINVAL for FUTEX2_SIZE_U8 and FUTEX2_SIZE_U64 on Linux 6.18',
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
          source: 'io_uring_prep_futex_wait(3) ("flags are currently unused and hence 0 must be passed"); kernel io_uring/futex.c io_futex_prep() (sqe->futex_flags); observed res -EINVAL for 1 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0 when woken, -EAGAIN when *futex != val, or -errno.' },
  sqe: {
    rw: { op: 'IORING_OP_FUTEX_WAIT', fd: 'futex_flags', addr: 'futex', len: '0', off: 'val' },
    set: [['futex_flags', 'flags'], ['addr3', 'mask']],
  },
  quirks: [
    { text: 'the futex must be 4-byte aligned (-EINVAL otherwise); a Uint32Array always is', source: 'kernel kernel/futex/core.c get_futex_key() (address % size)' },
    { text: 'only the first element of futex is the futex word; with FUTEX2_NUMA the kernel may also use the 32 bits after it for the node', source: 'futex2(2); kernel kernel/futex/core.c (FUTEX2_NUMA)' },
  ],
  test: {
    async effect({ errnoNumber, expect, FUTEX_BITSET_MATCH_ANY, FUTEX2_PRIVATE, FUTEX2_SIZE_U32, io_uring_cq_advance, io_uring_get_sqe, io_uring_peek_batch_cqe, io_uring_peek_cqe, io_uring_prep_futex_wait, io_uring_prep_futex_wake, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit, io_uring_submit_and_wait, IORING_OP_FUTEX_WAIT, IoUringCqe, newRing, OutPointer, PointerArray, waitOne }) {
      const ring = newRing(8);
      try {
        const word = new Uint32Array(1);
        // *futex is 5, not 4: the wait does not start.
        word[0] = 5;
        const no = io_uring_get_sqe(ring)!;
        io_uring_prep_futex_wait(no, word, 4, FUTEX_BITSET_MATCH_ANY, FUTEX2_SIZE_U32 | FUTEX2_PRIVATE, 0);
        expect(no.opcode).toBe(IORING_OP_FUTEX_WAIT);
        expect(waitOne(ring).res).toBe(-errnoNumber('EAGAIN'));
        // It holds 5: the wait starts and nothing completes...
        const w = io_uring_get_sqe(ring)!;
        io_uring_prep_futex_wait(w, word, 5, FUTEX_BITSET_MATCH_ANY, FUTEX2_SIZE_U32 | FUTEX2_PRIVATE, 0);
        io_uring_sqe_set_data64(w, 1n);
        io_uring_submit(ring);
        const out = new OutPointer<IoUringCqe>();
        expect(io_uring_peek_cqe(ring, out)).toBe(-errnoNumber('EAGAIN'));
        // ...until a wake on the same word: it wakes one waiter (res 1), and the wait completes with 0.
        const k = io_uring_get_sqe(ring)!;
        io_uring_prep_futex_wake(k, word, 1, FUTEX_BITSET_MATCH_ANY, FUTEX2_SIZE_U32 | FUTEX2_PRIVATE, 0);
        io_uring_sqe_set_data64(k, 2n);
        io_uring_submit_and_wait(ring, 2);
        const got = new PointerArray<IoUringCqe>(4);
        expect(io_uring_peek_batch_cqe(ring, got, 4)).toBe(2);
        const res = new Map(got.items.map((c) => [c.user_data, c.res]));
        io_uring_cq_advance(ring, 2);
        expect(res.get(1n)).toBe(0);
        expect(res.get(2n)).toBe(1);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, FUTEX_BITSET_MATCH_ANY, FUTEX2_PRIVATE, FUTEX2_SIZE_U32, io_uring_get_sqe, io_uring_prep_futex_wait, newRing }) {
      const ring = newRing(4);
      const word = new Uint32Array([7]);
      const sqe = io_uring_get_sqe(ring)!;
      // *futex is 7, not 0: the valid request completes at once with -EAGAIN.
      const args = [sqe, word, 0, FUTEX_BITSET_MATCH_ANY, FUTEX2_SIZE_U32 | FUTEX2_PRIVATE, 0] as Parameters<typeof io_uring_prep_futex_wait>;
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
