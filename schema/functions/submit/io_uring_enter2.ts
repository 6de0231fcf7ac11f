import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

const ENTER_FLAGS = [
  'IORING_ENTER_GETEVENTS', 'IORING_ENTER_SQ_WAKEUP', 'IORING_ENTER_SQ_WAIT', 'IORING_ENTER_EXT_ARG',
  'IORING_ENTER_REGISTERED_RING', 'IORING_ENTER_ABS_TIMER', 'IORING_ENTER_EXT_ARG_REG',
];

export default defineFunction({
  name: 'io_uring_enter2',
  since: '2.3',
  category: 'submit',
  summary: 'The raw io_uring_enter(2) system call with an argument size: a signal set, or with IORING_ENTER_EXT_ARG a struct io_uring_getevents_arg (timeout).',
  description:
    'Like io_uring_enter, with sz passed to the kernel. Without IORING_ENTER_EXT_ARG, sig is a signal set of sz = 8 bytes. With it, ' +
    'sig holds a struct io_uring_getevents_arg (its bytes, e.g. arg.bytes) and sz is 24: a signal mask address, a minimum wait ' +
    'and the address of a __kernel_timespec timeout, so a wait can end with -ETIME.',
  man: 'io_uring_enter2(2)',
  mayBlock: true,
  params: [
    { name: 'fd', type: 'unsigned int', doc: 'The ring fd (ring.ring_fd), or with IORING_ENTER_REGISTERED_RING the registered index (ring.enter_ring_fd).' },
    { name: 'to_submit', type: 'unsigned int', doc: 'How many published SQEs the kernel should take.' },
    { name: 'min_complete', type: 'unsigned int', doc: 'With IORING_ENTER_GETEVENTS: wait until this many completions are ready (or the EXT_ARG timeout passes).' },
    {
      name: 'flags',
      type: 'unsigned int',
      doc: 'IORING_ENTER_* flags.',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ENTER_FLAGS },
          message: 'flags must hold only IORING_ENTER_* flags that liburing 2.9 knows',
          source: 'io_uring_enter(2) ERRORS ("EINVAL Some bits in the flags argument are invalid"); kernel io_uring/io_uring.c io_uring_enter(); observed -EINVAL on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
    {
      name: 'sig',
      type: 'sigset_t *',
      headerType: { since: '2.10', type: 'void *' },
      nullable: true,
      doc: 'Without IORING_ENTER_EXT_ARG: the signal mask to apply while waiting, or null. With it: the bytes of a struct io_uring_getevents_arg.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'sig === null || byteLength(sig) >= Number(sz)', says: 'sig must hold at least sz bytes' },
          message: 'sig must hold at least sz bytes: the kernel reads sz bytes from it',
          source: 'io_uring_enter(2) (sig / argsz); kernel io_uring/io_uring.c io_get_ext_arg() copies argsz bytes',
          errno: null,
        },
      ],
    },
    {
      name: 'sz',
      type: 'size_t',
      doc: 'The size of what sig points to: 8 (_NSIG / 8) for a signal set, 24 (sizeof(struct io_uring_getevents_arg)) with IORING_ENTER_EXT_ARG.',
      preconditions: [
        {
          rule: {
            kind: 'relation',
            holds: 'hasFlag(flags, IORING_ENTER_EXT_ARG) ? (hasFlag(flags, IORING_ENTER_EXT_ARG_REG) || Number(sz) === 24) : (sig === null || Number(sz) === 8)',
            says: 'sz must be 24 (sizeof(struct io_uring_getevents_arg)) with IORING_ENTER_EXT_ARG, else 8 (_NSIG / 8) when sig is given',
          },
          message: 'sz must be sizeof(struct io_uring_getevents_arg) (24) with IORING_ENTER_EXT_ARG, and the signal-set size _NSIG / 8 (8) otherwise',
          source: 'io_uring_enter(2) IORING_ENTER_EXT_ARG ("argsz must be set to the size of this structure"); kernel io_uring/io_uring.c io_get_ext_arg() and set_user_sigmask(); observed -EINVAL for a wrong size on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
  ],
  returns: { kind: 'count', type: 'int', doc: 'The number of SQEs the kernel consumed; -ETIME (returned, not thrown) when the EXT_ARG timeout passed and nothing was submitted.', passthrough: ['ETIME'] },
  errors: {
    ETIME: 'the IORING_ENTER_EXT_ARG timeout passed before min_complete completions were ready',
    EBADF: 'fd is not an open file descriptor',
    EOPNOTSUPP: 'fd is not an io_uring file descriptor',
    EBADFD: 'the ring is disabled (IORING_SETUP_R_DISABLED)',
    EINVAL: 'invalid flags, or sz does not match what the flags say sig is',
    EFAULT: 'sig, or the timespec or signal mask it points to, is not readable',
    EAGAIN: 'the kernel could not allocate resources for the requests',
    EBUSY: 'completions overflowed and could not be flushed (IORING_ENTER_GETEVENTS)',
    EEXIST: 'IORING_ENTER_GETEVENTS on a DEFER_TASKRUN ring from a thread other than its submitter',
    EINTR: 'a signal interrupted the wait',
    ENXIO: 'the ring is being torn down',
  },
  quirks: [
    { text: 'with IORING_ENTER_GETEVENTS and no EXT_ARG timeout it blocks until min_complete completions are ready: more than the requests in flight blocks forever', source: 'io_uring_enter(2) IORING_ENTER_GETEVENTS' },
    { text: 'with IORING_ENTER_EXT_ARG_REG the kernel wants an offset into the registered wait region in place of sig, which a memory argument cannot express: use io_uring_submit_and_wait_reg', source: 'io_uring_enter(2) IORING_ENTER_EXT_ARG_REG; liburing 2.9 src/queue.c io_uring_submit_and_wait_reg()' },
    { text: 'the 2.9 prototype names the argument sigset_t *sig; later releases call it void *arg', source: 'liburing 2.9 liburing.h; liburing HEAD liburing.h' },
    { text: 'when the timeout passes after SQEs were submitted by the same call, the result is the number submitted, not -ETIME', source: 'kernel io_uring/io_uring.c io_uring_enter() (the wait result only replaces a zero submit count)' },
    { text: 'it bypasses liburing-ts\'s bookkeeping: memory held for prepared SQEs is not moved to the in-flight requests when they are submitted this way', source: 'liburing-ts runtime/ring-state.ts (only the submit effect moves it)' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_cqe_seen, io_uring_enter2, io_uring_get_sqe, io_uring_peek_cqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_ENTER_EXT_ARG, IORING_ENTER_GETEVENTS, IoUringCqe, IoUringGeteventsArg, KernelTimespec, newRing, OutPointer, viewOfAddress }) {
      const ring = newRing(4);
      try {
        const ts = new KernelTimespec();
        ts.tv_nsec = 20_000_000;
        const arg = new IoUringGeteventsArg();
        arg.ts = ts.address;
        const flags = IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG;
        // Nothing in flight: the EXT_ARG timeout ends the wait with -ETIME, returned.
        const start = process.hrtime.bigint();
        expect(io_uring_enter2(ring.ring_fd, 0, 1, flags, arg.bytes, 24)).toBe(-errnoNumber('ETIME'));
        expect(process.hrtime.bigint() - start).toBeGreaterThanOrEqual(15_000_000n);
        // Publish a NOP (write the SQ tail), then submit and wait in one call.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_data64(sqe, 8n);
        ring.sq.sqe_head = ring.sq.sqe_tail;
        viewOfAddress(ring.sq.ktail, 4).setUint32(0, ring.sq.sqe_tail, true);
        expect(io_uring_enter2(ring.ring_fd, 1, 1, flags, arg.bytes, 24)).toBe(1);
        const out = new OutPointer<IoUringCqe>();
        expect(io_uring_peek_cqe(ring, out)).toBe(0);
        expect(out.value!.user_data).toBe(8n);
        io_uring_cqe_seen(ring, out.value);
        // Without EXT_ARG, sig is a signal set of _NSIG / 8 bytes.
        expect(io_uring_enter2(ring.ring_fd, 0, 0, IORING_ENTER_GETEVENTS, new Uint8Array(8), 8)).toBe(0);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_enter2, IORING_ENTER_EXT_ARG, IORING_ENTER_GETEVENTS, IoUringGeteventsArg, KernelTimespec, newRing }) {
      const ring = newRing(4);
      const ts = new KernelTimespec();
      ts.tv_nsec = 1_000_000;
      const arg = new IoUringGeteventsArg();
      arg.ts = ts.address;
      const args = [ring.ring_fd, 0, 1, IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG, arg.bytes, 24] as Parameters<typeof io_uring_enter2>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
    violations: {
      'flags.flags': { args: { flags: 0x80000000 } },
      'sig.relation': { args: { sig: () => new Uint8Array(8) } },
      'sz.relation': { args: { sz: 16 } },
    },
  },
});
