import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_prep_futex_waitv',
  since: '2.6',
  category: 'prep',
  inline: true,
  summary: 'Prepare a wait on several futexes at once: complete when any of them is woken.',
  description:
    'Like futex_waitv(2): each futex_waitv entry names a futex word (uaddr), the value it must hold (val) and futex2 flags. ' +
    'If some word does not hold its value the completion res is -EAGAIN at once; otherwise the request waits, and res is the index of the ' +
    'entry that was woken. Linux 6.7 and later.',
  man: 'io_uring_prep_futex_waitv(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'futex',
      type: 'struct futex_waitv *',
      count: 'nr_futex',
      countSource: 'io_uring_prep_futex_waitv(3): futex points to an array of nr_futex struct futex_waitv; kernel io_uring/futex.c io_futexv_prep() copies nr_futex of them (futex_parse_waitv)',
      headerType: { since: '2.13', type: 'const struct futex_waitv *' },
      ownership: 'completion',
      doc: 'The entries, e.g. FutexWaitv.array(n) with each item\'s uaddr, val and flags (FUTEX2_SIZE_U32, FUTEX2_PRIVATE) set.',
      preconditions: [
        {
          rule: {
            kind: 'relation',
            holds: 'Array.from({ length: Math.min(Number(nr_futex), countOf(futex)) }, (_, i) => futex.item(i)).every((w) => (w.flags & ~(FUTEX2_SIZE_MASK | FUTEX2_NUMA | FUTEX2_PRIVATE)) === 0 && (w.flags & FUTEX2_SIZE_MASK) === FUTEX2_SIZE_U32 && w.__reserved === 0 && w.val <= 0xffffffffn)',
            says: 'each of the first nr_futex entries needs flags FUTEX2_SIZE_U32 (with FUTEX2_PRIVATE or FUTEX2_NUMA at most), __reserved 0 and a val that fits in 32 bits',
          },
          message: 'each entry used must be a 32-bit futex: flags FUTEX2_SIZE_U32 (optionally | FUTEX2_PRIVATE), __reserved 0, val at most 0xffffffff',
          source: 'futex_waitv(2); kernel kernel/futex/syscalls.c futex_parse_waitv() (unknown flags or __reserved: -EINVAL; futex_flags_valid: 32-bit only; futex_validate_input); observed res -EINVAL for an entry without FUTEX2_SIZE_U32 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'nr_futex',
      type: 'uint32_t',
      doc: 'How many entries, 1 to 128 (FUTEX_WAITV_MAX).',
      preconditions: [
        {
          rule: { kind: 'range', min: 1, max: 128 },
          message: 'nr_futex must be from 1 to 128 (FUTEX_WAITV_MAX)',
          source: 'futex_waitv(2) (EINVAL: nr_futexes is 0 or more than FUTEX_WAITV_MAX); kernel io_uring/futex.c io_futexv_prep(); observed res -EINVAL for 0 and 129 on Linux 6.18',
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
          source: 'io_uring_prep_futex_waitv(3) ("flags are currently unused and hence 0 must be passed"); kernel io_uring/futex.c io_futexv_prep(); observed res -EINVAL for 1 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the index of the entry woken, -EAGAIN when a word did not hold its value, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_FUTEX_WAITV', fd: '0', addr: 'futex', len: 'nr_futex', off: '0' }, set: [['futex_flags', 'flags']] },
  quirks: [
    { text: 'futex_waitv.uaddr is a plain 64-bit integer: liburing-ts holds the array until the completion but not the futex words its entries point to; keep them reachable yourself', source: 'linux/futex.h struct futex_waitv (__u64 uaddr); liburing-ts runtime/ring-state.ts' },
    { text: 'the parameter is named futexv in the man page and futex in liburing.h', source: 'io_uring_prep_futex_waitv(3) SYNOPSIS; liburing 2.9 liburing.h' },
  ],
  test: {
    async effect({ addressOf, errnoNumber, expect, FUTEX_BITSET_MATCH_ANY, FUTEX2_PRIVATE, FUTEX2_SIZE_U32, FutexWaitv, io_uring_cq_advance, io_uring_get_sqe, io_uring_peek_batch_cqe, io_uring_peek_cqe, io_uring_prep_futex_waitv, io_uring_prep_futex_wake, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit, io_uring_submit_and_wait, IORING_OP_FUTEX_WAITV, IoUringCqe, newRing, OutPointer, PointerArray, waitOne }) {
      const ring = newRing(8);
      try {
        const words = new Uint32Array(2);
        const waitv = FutexWaitv.array(2);
        for (let i = 0; i < 2; i++) {
          waitv.item(i).uaddr = addressOf(words) + BigInt(4 * i);
          waitv.item(i).val = 0;
          waitv.item(i).flags = FUTEX2_SIZE_U32 | FUTEX2_PRIVATE;
        }
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_futex_waitv(sqe, waitv, 2, 0);
        expect(sqe.opcode).toBe(IORING_OP_FUTEX_WAITV);
        io_uring_sqe_set_data64(sqe, 1n);
        io_uring_submit(ring);
        const out = new OutPointer<IoUringCqe>();
        expect(io_uring_peek_cqe(ring, out)).toBe(-errnoNumber('EAGAIN'));
        // Waking the second word ends the wait; res is that entry's index.
        const k = io_uring_get_sqe(ring)!;
        io_uring_prep_futex_wake(k, words.subarray(1), 1, FUTEX_BITSET_MATCH_ANY, FUTEX2_SIZE_U32 | FUTEX2_PRIVATE, 0);
        io_uring_sqe_set_data64(k, 2n);
        io_uring_submit_and_wait(ring, 2);
        const got = new PointerArray<IoUringCqe>(4);
        expect(io_uring_peek_batch_cqe(ring, got, 4)).toBe(2);
        const res = new Map(got.items.map((c) => [c.user_data, c.res]));
        io_uring_cq_advance(ring, 2);
        expect(res.get(1n)).toBe(1);
        expect(res.get(2n)).toBe(1);
        // A word that does not hold its value: -EAGAIN at once.
        words[0] = 9;
        io_uring_prep_futex_waitv(io_uring_get_sqe(ring)!, waitv, 2, 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('EAGAIN'));
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ addressOf, exitQuietly, FUTEX2_PRIVATE, FUTEX2_SIZE_U32, FutexWaitv, io_uring_get_sqe, io_uring_prep_futex_waitv, newRing }) {
      const ring = newRing(4);
      const words = new Uint32Array([1, 1]);
      const waitv = FutexWaitv.array(2);
      for (let i = 0; i < 2; i++) {
        waitv.item(i).uaddr = addressOf(words) + BigInt(4 * i);
        waitv.item(i).flags = FUTEX2_SIZE_U32 | FUTEX2_PRIVATE;
      }
      const sqe = io_uring_get_sqe(ring)!;
      // The words hold 1, not 0: the valid request completes at once with -EAGAIN.
      const args = [sqe, waitv, 2, 0] as Parameters<typeof io_uring_prep_futex_waitv>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
        },
        waitv,
      };
    },
    violations: {
      'futex.count': { args: { nr_futex: 3 } },
      'futex.relation': { before: ({ waitv }, { FUTEX2_PRIVATE, FUTEX2_SIZE_U8 }) => { waitv.item(0).flags = FUTEX2_SIZE_U8 | FUTEX2_PRIVATE; } },
    },
  },
});
