import { defineFunction } from '../../language.js';
import { PENDING_SQE_RULES } from '../../shared/pending-sqes.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_submit_and_wait_reg',
  since: '2.9',
  category: 'submit',
  summary: 'Submit every prepared SQE and wait for wait_nr completions as registered wait entry reg_index says (timeout, minimum wait, signal mask).',
  description:
    'Like io_uring_submit_and_wait_min_timeout, but the wait parameters are read by the kernel from entry reg_index of a ' +
    'struct io_uring_reg_wait array registered with io_uring_register_region (IORING_MEM_REGION_REG_WAIT_ARG, on a ring ' +
    'created with IORING_SETUP_R_DISABLED, before io_uring_enable_rings), so nothing is copied per wait. The entry\'s ts ' +
    'applies only with IORING_REG_WAIT_TS in its flags. Linux 6.13+. The completions are not consumed.',
  man: 'io_uring_submit_and_wait_reg(3)',
  mayBlock: true,
  params: [
    {
      name: 'ring',
      type: 'struct io_uring *',
      doc: 'The ring, with a wait region registered.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'hasFlag(ring.features, IORING_FEAT_EXT_ARG)', says: 'the kernel must support IORING_FEAT_EXT_ARG' },
          message: 'the kernel must support IORING_FEAT_EXT_ARG; liburing 2.9 checks it only after publishing the prepared SQEs, which then stay in the SQ ring unsubmitted',
          source: 'io_uring_submit_and_wait_reg(3) ("If the kernel doesn\'t support this functionality, -EINVAL will be returned"); liburing 2.9 src/queue.c io_uring_submit_and_wait_reg() (__io_uring_flush_sq before the IORING_FEAT_EXT_ARG check; fixed after 2.15 in e620d33b)',
          errno: 'EINVAL',
          // Linux 6.18 has the feature: hide it from liburing. Nothing is prepared, so the early flush publishes nothing.
        },
        ...PENDING_SQE_RULES,
      ],
    },
    { name: 'cqe_ptr', type: 'struct io_uring_cqe **', dir: 'out', borrowedFrom: 'ring', doc: 'Receives the first ready completion, borrowed from the ring until io_uring_cqe_seen; null when none is ready.' },
    { name: 'wait_nr', type: 'unsigned', doc: 'How many completions to wait for.' },
    {
      name: 'reg_index',
      type: 'int',
      doc: 'The index of the struct io_uring_reg_wait entry in the registered region (64 per 4 KiB page).',
      preconditions: [
        {
          rule: { kind: 'range', min: 0 },
          message: 'reg_index must not be negative: it indexes the registered io_uring_reg_wait array (and must also be below its length, which liburing-ts does not track)',
          source: 'io_uring_submit_and_wait_reg(3); kernel io_uring/io_uring.c io_get_ext_arg_reg() (offset past the region gives -EFAULT); observed -EFAULT for -1 and for 64 with a one-page region on Linux 6.18',
          errno: 'EFAULT',
        },
      ],
    },
  ],
  returns: {
    kind: 'count',
    type: 'int',
    doc: 'The number of SQEs submitted; -ETIME (returned, not thrown) when the entry\'s timeout passed before a completion arrived and nothing was submitted.',
    passthrough: ['ETIME'],
  },
  bookkeeping: 'submit',
  errors: {
    ETIME: 'the registered timeout passed before a completion arrived',
    EFAULT: 'no wait region is registered, or reg_index is past its end',
    EINVAL: 'the kernel lacks IORING_FEAT_EXT_ARG or registered waits (before 6.13), or the entry\'s flags are invalid',
    EINTR: 'a signal interrupted the wait',
    EBADFD: 'the ring is disabled (IORING_SETUP_R_DISABLED): call io_uring_enable_rings first',
    EEXIST: 'a DEFER_TASKRUN or SINGLE_ISSUER ring is used from a thread other than its submitter',
  },
  quirks: [
    { text: 'liburing 2.9 publishes the prepared SQEs (writes the SQ tail) before it checks IORING_FEAT_EXT_ARG, so its -EINVAL leaves them in the kernel\'s SQ ring unsubmitted; liburing-ts checks the feature first', source: 'liburing 2.9 src/queue.c io_uring_submit_and_wait_reg(); liburing commit e620d33b (2026-08-19)' },
    { text: 'the wait region must be registered with io_uring_register_region(IORING_MEM_REGION_REG_WAIT_ARG) while the ring is still disabled (IORING_SETUP_R_DISABLED): on an enabled ring the registration fails with -EINVAL; io_uring_register_wait_reg and io_uring_setup_reg_wait do not work in 2.9 (a -EINVAL stub, and a man page for a function that does not exist)', source: 'kernel io_uring/register.c io_register_mem_region(); liburing 2.9 src/register.c io_uring_register_wait_reg(); observed -EINVAL on Linux 6.18' },
    { text: 'an entry without IORING_REG_WAIT_TS in its flags has no timeout: the wait blocks until wait_nr completions arrive', source: 'io_uring_setup_reg_wait(3) (IORING_REG_WAIT_TS)' },
    { text: 'when the call submitted SQEs, a timeout returns the number submitted (with cqe_ptr null), not -ETIME', source: 'liburing 2.9 src/queue.c _io_uring_get_cqe() (-ETIME only when nothing was submitted)' },
  ],
  test: {
    async effect({ addressOf, allocAligned, catchError, errnoNumber, expect, freeAligned, io_uring_cq_advance, io_uring_cq_ready, io_uring_enable_rings, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit_and_wait_reg, IORING_MEM_REGION_REG_WAIT_ARG, IORING_MEM_REGION_TYPE_USER, IORING_REG_WAIT_TS, IORING_SETUP_R_DISABLED, IoUringCqe, IoUringMemRegionReg, IoUringRegionDesc, IoUringRegWait, liburing, newRing, OutPointer, pageSize }) {
      const ring = newRing(8, IORING_SETUP_R_DISABLED);
      const region = allocAligned(pageSize());
      try {
        // Register one page of io_uring_reg_wait entries while the ring is disabled, then enable it.
        const desc = new IoUringRegionDesc();
        desc.user_addr = addressOf(region);
        desc.size = pageSize();
        desc.flags = IORING_MEM_REGION_TYPE_USER;
        const reg = new IoUringMemRegionReg();
        reg.region_uptr = desc.address;
        reg.flags = IORING_MEM_REGION_REG_WAIT_ARG;
        expect(liburing().ffi.func('int io_uring_register_region(void *ring, void *reg)')(ring.address, reg.address)).toBe(0);
        expect(io_uring_enable_rings(ring)).toBe(0);
        const waits = IoUringRegWait.borrow(addressOf(region), { alive: true, reason: '' }, pageSize() / IoUringRegWait.size);
        // Entry 0: a 20 ms timeout. Entry 1: a 1 s timeout with a 20 ms batch wait.
        waits.item(0).ts.tv_nsec = 20_000_000;
        waits.item(0).flags = IORING_REG_WAIT_TS;
        waits.item(1).ts.tv_sec = 1;
        waits.item(1).min_wait_usec = 20_000;
        waits.item(1).flags = IORING_REG_WAIT_TS;
        const out = new OutPointer<IoUringCqe>();
        // Nothing in flight: entry 0's timeout passes, -ETIME is returned.
        let start = process.hrtime.bigint();
        expect(io_uring_submit_and_wait_reg(ring, out, 1, 0)).toBe(-errnoNumber('ETIME'));
        expect(process.hrtime.bigint() - start).toBeGreaterThanOrEqual(15_000_000n);
        expect(out.value).toBeNull();
        // Two NOPs submitted and both waited for.
        for (const ud of [1n, 2n]) {
          const sqe = io_uring_get_sqe(ring)!;
          io_uring_prep_nop(sqe);
          io_uring_sqe_set_data64(sqe, ud);
        }
        expect(io_uring_submit_and_wait_reg(ring, out, 2, 0)).toBe(2);
        expect(out.value!.user_data).toBe(1n);
        expect(io_uring_cq_ready(ring)).toBe(2);
        io_uring_cq_advance(ring, 2);
        // Entry 1: three wanted, two posted: after the 20 ms batch wait it settles for two, long before its 1 s timeout.
        for (const ud of [3n, 4n]) {
          const sqe = io_uring_get_sqe(ring)!;
          io_uring_prep_nop(sqe);
          io_uring_sqe_set_data64(sqe, ud);
        }
        start = process.hrtime.bigint();
        expect(io_uring_submit_and_wait_reg(ring, out, 3, 1)).toBe(2);
        expect(process.hrtime.bigint() - start).toBeLessThan(5_000_000_000n);
        expect(io_uring_cq_ready(ring)).toBe(2);
        io_uring_cq_advance(ring, 2);
        // An index past the registered page: the kernel refuses it.
        expect(catchError(() => io_uring_submit_and_wait_reg(ring, out, 1, pageSize() / IoUringRegWait.size))).toMatchObject({ name: 'UringError', code: 'EFAULT' });
      } finally {
        io_uring_queue_exit(ring);
      }
      freeAligned(region);
    },
    async valid({ addressOf, allocAligned, exitQuietly, expect, freeAligned, io_uring_enable_rings, io_uring_submit_and_wait_reg, IORING_MEM_REGION_REG_WAIT_ARG, IORING_MEM_REGION_TYPE_USER, IORING_REG_WAIT_TS, IORING_SETUP_R_DISABLED, IoUringCqe, IoUringMemRegionReg, IoUringRegionDesc, IoUringRegWait, liburing, newRing, OutPointer, pageSize }) {
      // A ring with a registered wait region whose entry 0 has a 1 ms timeout.
      const ring = newRing(4, IORING_SETUP_R_DISABLED);
      const region = allocAligned(pageSize());
      const desc = new IoUringRegionDesc();
      desc.user_addr = addressOf(region);
      desc.size = pageSize();
      desc.flags = IORING_MEM_REGION_TYPE_USER;
      const reg = new IoUringMemRegionReg();
      reg.region_uptr = desc.address;
      reg.flags = IORING_MEM_REGION_REG_WAIT_ARG;
      expect(liburing().ffi.func('int io_uring_register_region(void *ring, void *reg)')(ring.address, reg.address)).toBe(0);
      io_uring_enable_rings(ring);
      const wait0 = IoUringRegWait.borrow(addressOf(region), { alive: true, reason: '' });
      wait0.ts.tv_nsec = 1_000_000;
      wait0.flags = IORING_REG_WAIT_TS;
      const args = [ring, new OutPointer<IoUringCqe>(), 1, 0] as Parameters<typeof io_uring_submit_and_wait_reg>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
          freeAligned(region);
        },
        ring,
      };
    },
    violations: {
      'sqe-null-buffer': { before: ({ ring }, { prepareFaultySqe }) => prepareFaultySqe(ring, 'null-buffer') },
      'sqe-buffer-select': { before: ({ ring }, { prepareFaultySqe }) => prepareFaultySqe(ring, 'buffer-select-op') },
      'sqe-buffer-select-readv': { before: ({ ring }, { prepareFaultySqe }) => prepareFaultySqe(ring, 'buffer-select-vectors') },
      'sqe-buffer-group': { before: ({ ring }, { prepareFaultySqe }) => prepareFaultySqe(ring, 'buffer-group') },
      'sqe-fixed-file': { before: ({ ring }, { prepareFaultySqe }) => prepareFaultySqe(ring, 'fixed-file') },
      'ring.relation': { before: ({ ring }, { IORING_FEAT_EXT_ARG }) => { ring.features = (ring.features & ~IORING_FEAT_EXT_ARG) >>> 0; } },
    },
  },
});
