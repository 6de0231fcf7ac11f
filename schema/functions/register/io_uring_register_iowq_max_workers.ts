import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_register_iowq_max_workers',
  since: '2.1',
  category: 'register',
  summary: 'Set the maximum numbers of bounded and unbounded io-wq workers (values[0], values[1]) and read back the previous ones.',
  description:
    'values is in and out: values[0] is the limit of bounded workers (regular file and block I/O), values[1] of unbounded ' +
    'ones (sockets, pipes...). 0 leaves a limit unchanged. On return values holds the limits before the call, so [0, 0] ' +
    'only queries them. Linux 5.15+.',
  man: 'io_uring_register_iowq_max_workers(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    {
      name: 'values',
      type: 'unsigned int *',
      count: 2,
      countSource: 'io_uring_register_iowq_max_workers(3): values points to "an array of two values" (bounded, unbounded), read and written back; kernel io_uring/register.c io_register_iowq_max_workers() copies two __u32 each way',
      dir: 'inout',
      doc: 'Two unsigned ints: [bounded, unbounded]; 0 keeps a limit. Receives the previous limits.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'values[0]! <= 0x7fffffff && values[1]! <= 0x7fffffff', says: 'each limit must be at most 2^31 - 1' },
          message: 'each limit must be at most 2147483647 (INT_MAX)',
          source: 'io_uring_register_iowq_max_workers(3) RETURN VALUE ("-EINVAL ... the new values exceeded the maximum allowed value", man3/io_uring_register_iowq_max_workers.3:64-68); kernel io_uring/register.c io_register_iowq_max_workers() (> INT_MAX gives -EINVAL); observed -EINVAL for 2^31 and 2^32 - 1 on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 on success; values then holds the previous limits.' },
  errors: {
    EINVAL: 'a limit exceeds INT_MAX',
    EFAULT: 'values is not writable memory',
  },
  quirks: [
    { text: 'the limits belong to the calling task\'s io-wq, which all its rings share: setting them through one ring changes (and a query through another ring reports) the same limits', source: 'kernel io_uring/register.c io_register_iowq_max_workers() (tctx->io_wq); observed on Linux 6.18' },
    { text: 'limits above RLIMIT_NPROC are clamped to it; the default bounded limit is min(SQ entries, 4 * CPUs) and the unbounded one RLIMIT_NPROC', source: 'io_uring_register_iowq_max_workers(3); kernel io_uring/io-wq.c io_wq_max_workers(); observed [8, 96365] for an 8-entry ring on 2 CPUs' },
  ],
  test: {
    async effect({ expect, io_uring_queue_exit, io_uring_register_iowq_max_workers, newRing }) {
      const ring = newRing(8);
      const values = new Uint32Array(2);
      try {
        // [0, 0] queries.
        expect(io_uring_register_iowq_max_workers(ring, values)).toBe(0);
        const [bounded, unbounded] = values;
        expect(bounded).toBeGreaterThan(0);
        expect(unbounded).toBeGreaterThan(0);
        // Set both: the previous limits come back.
        values.set([2, 3]);
        expect(io_uring_register_iowq_max_workers(ring, values)).toBe(0);
        expect([...values]).toEqual([bounded, unbounded]);
        // Queried again: the new limits.
        values.set([0, 0]);
        expect(io_uring_register_iowq_max_workers(ring, values)).toBe(0);
        expect([...values]).toEqual([2, 3]);
        // 0 keeps a limit: only the unbounded one changes.
        values.set([0, 5]);
        expect(io_uring_register_iowq_max_workers(ring, values)).toBe(0);
        values.set([0, 0]);
        io_uring_register_iowq_max_workers(ring, values);
        expect([...values]).toEqual([2, 5]);
        // Restore the task's limits.
        values.set([bounded!, unbounded!]);
        expect(io_uring_register_iowq_max_workers(ring, values)).toBe(0);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_register_iowq_max_workers, newRing }) {
      const ring = newRing(4);
      const args = [ring, new Uint32Array(2)] as Parameters<typeof io_uring_register_iowq_max_workers>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
    violations: {
      'values.count': { args: { values: () => new Uint32Array(1) } },
      'values.relation': { args: { values: () => Uint32Array.of(0x80000000, 0) } },
    },
  },
});
