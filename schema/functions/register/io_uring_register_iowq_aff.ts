import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_register_iowq_aff',
  since: '2.1',
  category: 'register',
  summary: 'Set the CPUs the io-wq async workers of the calling task may run on, from a cpu_set_t mask of cpusz bytes.',
  description:
    'By default io-wq workers inherit the CPU mask of the task that created the ring. With this, workers created afterwards ' +
    'run only on the CPUs set in mask (bit n of the bytes = CPU n, as cpu_set_t); existing workers may keep their affinity ' +
    'until they exit. io_uring_unregister_iowq_aff restores the default. Linux 5.14+.',
  man: 'io_uring_register_iowq_aff(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    {
      name: 'cpusz',
      type: 'size_t',
      doc: 'The size of mask in bytes (sizeof(cpu_set_t) is 128).',
      preconditions: [
        {
          rule: { kind: 'range', min: 1, max: 2147483647 },
          message: 'cpusz must be from 1 to 2^31 - 1 bytes: liburing refuses 2^31 and more, the kernel refuses 0',
          source: 'io_uring_register_iowq_aff(3) RETURN VALUE ("-EINVAL cpusz or mask was NULL/0", man3/io_uring_register_iowq_aff.3:60-62); liburing 2.9 src/register.c io_uring_register_iowq_aff() (cpusz >= 1U << 31 gives -EINVAL); observed -EINVAL for 0 and 2^31 on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
    {
      name: 'mask',
      type: 'const cpu_set_t *',
      doc: 'The CPU mask: cpusz bytes, bit n set for CPU n.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'cpusz <= byteLength(mask)', says: 'cpusz must not exceed the byte length of mask' },
          message: 'cpusz must not be larger than mask: the kernel reads up to cpusz bytes from it',
          source: 'io_uring_register(2) IORING_REGISTER_IOWQ_AFF ("arg must point to a cpu_set_t mask, and nr_args the byte size of that mask", man2/io_uring_register.2:492-501)',
          errno: null,
          effect: 'the kernel reads cpusz bytes of mask: with an inaccessible page right after its 4 bytes, cpusz 8 fails with -EFAULT',
        },
      ],
    },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  errors: {
    EINVAL: 'cpusz is 0 or too large, the mask is not within the task\'s allowed CPUs, or the task has no io-wq',
    EFAULT: 'mask is not readable memory',
    ENOMEM: 'not enough memory for the CPU mask',
  },
  quirks: [
    { text: 'the affinity belongs to the calling task\'s io-wq, which all its rings share, not to this ring alone', source: 'kernel io_uring/register.c __io_register_iowq_aff() (io_wq_cpu_affinity(current->io_uring, ...)); observed on Linux 6.18' },
    { text: 'only workers created after the call get the mask: an existing idle worker keeps its affinity until it exits', source: 'kernel io_uring/io-wq.c io_wq_cpu_affinity() copies the mask for new workers; observed on Linux 6.18' },
    { text: 'a mask with no allowed CPU in it (all zero, or only CPUs that do not exist) is accepted, and new workers then run on all allowed CPUs', source: 'observed on Linux 6.18 (2 CPUs)' },
    { text: 'the kernel reads only min(cpusz, its cpumask size) bytes; the prototype needs _GNU_SOURCE in C', source: 'kernel io_uring/register.c io_register_iowq_aff(); io_uring_register_iowq_aff(3)' },
  ],
  test: {
    async effect({ expect, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_register_iowq_aff, io_uring_sqe_set_flags, io_uring_unregister_iowq_aff, IOSQE_ASYNC, newRing, waitOne }) {
      const { readdirSync, readFileSync } = await import('node:fs');
      const allowed = /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]!;
      const cpu = Number(allowed.split(/[-,]/)[0]);
      // The io-wq worker threads of this process and their CPU lists.
      const workers = () => new Map(readdirSync('/proc/self/task')
        .filter((t) => readFileSync(`/proc/self/task/${t}/comm`, 'utf8').startsWith('iou-wrk-'))
        .map((t) => [t, /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync(`/proc/self/task/${t}/status`, 'utf8'))![1]!]));
      const before = workers();
      const ring = newRing(4);
      try {
        const mask = new Uint8Array(128); // a cpu_set_t
        mask[cpu >> 3] = 1 << (cpu & 7);
        expect(io_uring_register_iowq_aff(ring, mask.byteLength, mask)).toBe(0);
        // A NOP forced to io-wq makes a worker: it runs only on that CPU.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_flags(sqe, IOSQE_ASYNC);
        expect(waitOne(ring).res).toBe(0);
        const created = [...workers()].filter(([t]) => !before.has(t));
        expect(created.length).toBeGreaterThan(0);
        for (const [, cpus] of created) expect(cpus).toBe(String(cpu));
      } finally {
        io_uring_unregister_iowq_aff(ring);
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_register_iowq_aff, newRing }) {
      const ring = newRing(4);
      const mask = new Uint8Array(128);
      mask[0] = 1;
      const args = [ring, 128, mask] as Parameters<typeof io_uring_register_iowq_aff>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
    violations: {
      'mask.relation': {
        args: {
          mask: (_, { beforeGuardPage }) => {
            const mask = beforeGuardPage(4);
            mask[0] = 1;
            return mask;
          },
          cpusz: 8,
        },
        effect: ({ result }, { errnoNumber, expect }) => {
          expect(Number(result)).toBe(-errnoNumber('EFAULT'));
        },
      },
    },
  },
});
