import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: '__io_uring_peek_cqe',
  // liburing.h has defined it inline since the first releases; liburing-ffi.so exports it from 2.15 (liburing-ffi.map LIBURING_2.15).
  since: '2.15',
  category: 'cqe',
  inline: true,
  viaFfi: 'new in liburing 2.15 (as an exported symbol): it stays a C call until a JavaScript version with its differential test exists; io_uring_peek_cqe, which most programs use, runs in JavaScript',
  summary: 'Look at the next completion without waiting or entering the kernel, and say how many are ready.',
  description:
    'The helper io_uring_peek_cqe and io_uring_wait_cqe start with: it stores the next completion in cqe_ptr (null when the CQ ring ' +
    'is empty) and the number of completions ready in nr_available, and returns 0. liburing.h calls it internal and points to ' +
    'io_uring_peek_cqe and io_uring_wait_cqe; unlike those it never enters the kernel, so completions the kernel holds back ' +
    '(an overflowed CQ, pending task work of a DEFER_TASKRUN ring) are not seen.',
  man: null,
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    { name: 'cqe_ptr', type: 'struct io_uring_cqe **', dir: 'out', borrowedFrom: 'ring', doc: 'Receives the next completion, borrowed from the ring until io_uring_cqe_seen; null when none is ready.' },
    { name: 'nr_available', type: 'unsigned *', dir: 'out', nullable: true, count: 1, countSource: 'liburing.h __io_uring_peek_cqe(ring, cqe_ptr, unsigned *nr_available) (2.15): stores the number of ready completions in *nr_available (one unsigned) when it is not null', doc: 'One unsigned (a Uint32Array of length 1) that receives how many completions are ready, or null.' },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0; or the negative res of one of liburing\'s internal timeout completions (io_uring_wait_cqe_timeout on kernels without IORING_FEAT_EXT_ARG), which it consumed.' },
  errors: {
    ETIME: 'the internal timeout of an io_uring_wait_cqe_timeout expired (kernels before 5.11, without IORING_FEAT_EXT_ARG); that completion was consumed',
  },
  quirks: [
    { text: 'completions flagged IORING_CQE_F_SKIP (padding of a CQE_MIXED ring) and, on kernels without IORING_FEAT_EXT_ARG, liburing\'s internal timeout completions (user_data LIBURING_UDATA_TIMEOUT) are consumed (io_uring_cq_advance) and skipped', source: 'liburing 2.15 liburing.h __io_uring_peek_cqe, io_uring_skip_cqe' },
    { text: 'nr_available counts every completion between the CQ head and tail, skipped ones included', source: 'liburing 2.15 liburing.h __io_uring_peek_cqe (available = tail - head)' },
    { text: 'exported by liburing-ffi.so only from liburing 2.15; older releases define it in liburing.h alone, with no symbol to bind', source: 'liburing 2.15 src/liburing-ffi.map (LIBURING_2.15)' },
  ],
  test: {
    async effect({ catchError, expect, io_uring_check_version, io_uring_cqe_seen, io_uring_get_sqe, __io_uring_peek_cqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit_and_wait, IoUringCqe, liburingVersion, newRing, OutPointer, UnsupportedError }) {
      const ring = newRing(4);
      try {
        const out = new OutPointer<IoUringCqe>();
        const ready = new Uint32Array([99]);
        if (io_uring_check_version(2, 15)) {
          // liburing older than 2.15 exports no __io_uring_peek_cqe: importing works, calling throws UnsupportedError.
          const error = catchError(() => __io_uring_peek_cqe(ring, out, ready));
          expect(error).toBeInstanceOf(UnsupportedError);
          expect(error).toMatchObject({ functionName: '__io_uring_peek_cqe', needed: '2.15', loaded: liburingVersion() });
          expect(error.message).toContain(`needs liburing 2.15 or newer, but liburing ${liburingVersion()} is loaded`);
          return;
        }
        // Nothing ready: 0, no completion, and a count of 0.
        expect(__io_uring_peek_cqe(ring, out, ready)).toBe(0);
        expect(out.value).toBeNull();
        expect(ready[0]).toBe(0);
        for (const tag of [41n, 42n]) {
          const sqe = io_uring_get_sqe(ring)!;
          io_uring_prep_nop(sqe);
          io_uring_sqe_set_data64(sqe, tag);
        }
        io_uring_submit_and_wait(ring, 2);
        // Two ready: the first is returned, and not consumed.
        expect(__io_uring_peek_cqe(ring, out, ready)).toBe(0);
        expect(ready[0]).toBe(2);
        expect(out.value!.user_data).toBe(41n);
        expect(out.value!.res).toBe(0);
        // Without nr_available (NULL), the same completion again.
        const again = new OutPointer<IoUringCqe>();
        expect(__io_uring_peek_cqe(ring, again, null)).toBe(0);
        expect(again.value!.address).toBe(out.value!.address);
        io_uring_cqe_seen(ring, out.value);
        expect(__io_uring_peek_cqe(ring, out, ready)).toBe(0);
        expect(ready[0]).toBe(1);
        expect(out.value!.user_data).toBe(42n);
        io_uring_cqe_seen(ring, out.value);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, __io_uring_peek_cqe, IoUringCqe, newRing, OutPointer }) {
      const ring = newRing(4);
      const args = [ring, new OutPointer<IoUringCqe>(), new Uint32Array(1)] as Parameters<typeof __io_uring_peek_cqe>;
      return { args, cleanup: () => exitQuietly(ring) };
    },
  },
});
