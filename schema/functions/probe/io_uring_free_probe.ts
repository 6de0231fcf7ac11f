import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_free_probe',
  since: '2.0',
  category: 'probe',
  summary: 'Free a probe that io_uring_get_probe returned.',
  man: 'io_uring_free_probe(3)',
  params: [
    {
      name: 'probe',
      type: 'struct io_uring_probe *',
      ownership: 'consumed',
      doc: 'The probe, from io_uring_get_probe; it cannot be used afterwards.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'allocatedByC(probe)', says: 'pass a probe from io_uring_get_probe or io_uring_get_probe_ring, not one made with new IoUringProbe()' },
          message: 'probe must come from io_uring_get_probe (C calls free() on it; memory JavaScript owns would corrupt the heap)',
          source: 'liburing 2.9 src/setup.c io_uring_free_probe (free(probe)); io_uring_free_probe(3)',
          errno: null,
          unprovable: 'free() of memory malloc did not allocate aborts the process',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing.' },
  test: {
    async effect({ catchError, expect, io_uring_free_probe, io_uring_get_probe, io_uring_opcode_supported, IORING_OP_NOP }) {
      const probe = io_uring_get_probe()!;
      expect(probe.last_op).toBeGreaterThan(0);
      io_uring_free_probe(probe);
      // The probe is dead: reading it or freeing it again is refused.
      expect(() => probe.last_op).toThrow(/io_uring_free_probe/);
      expect(catchError(() => io_uring_free_probe(probe))).toMatchObject({ rule: 'alive', parameter: 'probe' });
      expect(catchError(() => io_uring_opcode_supported(probe, IORING_OP_NOP))).toMatchObject({ rule: 'alive' });
    },
    async valid({ io_uring_free_probe, io_uring_get_probe }) {
      const probe = io_uring_get_probe()!;
      const args = [probe] as Parameters<typeof io_uring_free_probe>;
      return {
        args,
        cleanup: () => {
          io_uring_free_probe(probe);
        },
      };
    },
    violations: {
      'probe.relation': { args: { probe: (_, { IoUringProbe }) => new IoUringProbe() } },
    },
  },
});
