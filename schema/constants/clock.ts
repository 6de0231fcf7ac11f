import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'Clock',
  header: 'time.h',
  summary: 'Clock IDs, for io_uring_clock_register.clockid (io_uring_register_clock(3)).',
  cType: 'unsigned',
  values: [
    { name: 'CLOCK_REALTIME', value: 0, doc: 'Wall-clock time.' },
    { name: 'CLOCK_MONOTONIC', value: 1, doc: 'Monotonic time, not counting suspend.' },
    { name: 'CLOCK_BOOTTIME', value: 7, doc: 'Monotonic time, counting suspend.' },
  ],
});
