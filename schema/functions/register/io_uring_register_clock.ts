import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_register_clock',
  since: '2.8',
  category: 'register',
  summary: 'Choose the clock (CLOCK_MONOTONIC or CLOCK_BOOTTIME) the ring measures wait timeouts with.',
  description:
    'Applies to the timeouts of waits for completions (io_uring_wait_cqe_timeout and the like, IORING_ENTER_GETEVENTS with ' +
    'a timeout), and to absolute timeouts (IORING_ENTER_ABS_TIMER), which are then read on this clock. The default is ' +
    'CLOCK_MONOTONIC; CLOCK_BOOTTIME also counts time the system spent suspended. Linux 6.12+.',
  man: 'io_uring_register_clock(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    {
      name: 'arg',
      type: 'struct io_uring_clock_register *',
      doc: 'clockid: CLOCK_MONOTONIC or CLOCK_BOOTTIME; __resv zero.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'arg.clockid === CLOCK_MONOTONIC || arg.clockid === CLOCK_BOOTTIME', says: 'clockid must be CLOCK_MONOTONIC or CLOCK_BOOTTIME' },
          message: 'arg.clockid must be CLOCK_MONOTONIC or CLOCK_BOOTTIME, the only clocks the ring can wait on',
          source: 'io_uring_register_clock(3) ("valid sources being: CLOCK_MONOTONIC, CLOCK_BOOTTIME", man3/io_uring_register_clock.3:43-50); io_uring_register(2) IORING_REGISTER_CLOCK; observed -EINVAL for CLOCK_REALTIME (0), 2 and 4 on Linux 6.18',
          errno: 'EINVAL',
        },
        {
          rule: { kind: 'relation', holds: 'arg.__resv.every((v) => v === 0)', says: 'arg.__resv must be zero' },
          message: 'arg.__resv must be all zero',
          source: 'io_uring_register_clock(3) ("The __resv fields must be filled with zeroes", man3/io_uring_register_clock.3:58); observed -EINVAL on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  errors: {
    EINVAL: 'clockid is not CLOCK_MONOTONIC or CLOCK_BOOTTIME, __resv is not zero, or the kernel is older than 6.12',
  },
  quirks: [
    { text: 'the choice is visible only in timed waits; CLOCK_BOOTTIME and CLOCK_MONOTONIC differ only by the time the machine was suspended (2.6 microseconds on this test machine), so the test can show a wait timed on the registered clock but not tell the two clocks apart', source: 'clock_gettime(2); observed on Linux 6.18' },
  ],
  test: {
    async effect({ CLOCK_BOOTTIME, CLOCK_MONOTONIC, errnoNumber, expect, io_uring_queue_exit, io_uring_register_clock, io_uring_wait_cqe_timeout, IoUringClockRegister, IoUringCqe, KernelTimespec, newRing, OutPointer }) {
      const { default: koffi } = await import('koffi');
      const clockGettime = koffi.load('libc.so.6').func('int clock_gettime(int clk, _Out_ int64_t *ts)');
      const now = (clk: number) => {
        const ts = new BigInt64Array(2);
        clockGettime(clk, ts);
        return ts[0]! * 1_000_000_000n + ts[1]!;
      };
      const ring = newRing(4);
      try {
        for (const clockid of [CLOCK_BOOTTIME, CLOCK_MONOTONIC]) {
          const arg = new IoUringClockRegister();
          arg.clockid = clockid;
          expect(io_uring_register_clock(ring, arg)).toBe(0);
          // A timed wait with nothing in flight runs its 30 ms on the registered clock, then gives -ETIME.
          const ts = new KernelTimespec();
          ts.tv_nsec = 30_000_000;
          const start = now(clockid);
          let res: number;
          try {
            res = io_uring_wait_cqe_timeout(ring, new OutPointer<IoUringCqe>(), ts);
          } catch (e) {
            res = (e as { errno: number }).errno; // negative, as Node gives it
          }
          expect(res).toBe(-errnoNumber('ETIME'));
          expect(now(clockid) - start).toBeGreaterThanOrEqual(29_000_000n);
        }
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ CLOCK_BOOTTIME, exitQuietly, io_uring_register_clock, IoUringClockRegister, newRing }) {
      const ring = newRing(4);
      const arg = new IoUringClockRegister();
      arg.clockid = CLOCK_BOOTTIME;
      const args = [ring, arg] as Parameters<typeof io_uring_register_clock>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
        arg,
      };
    },
    violations: {
      'arg.relation': { before: ({ arg }, { CLOCK_REALTIME }) => { arg.clockid = CLOCK_REALTIME; } },
      'arg.relation#2': { before: ({ arg }) => { arg.__resv[1] = 1; } },
    },
  },
});
