import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_get_probe',
  since: '0.4',
  category: 'probe',
  summary: 'Ask the kernel which io_uring opcodes it supports; returns a probe to free with io_uring_free_probe.',
  description:
    'Sets up a temporary ring, registers IORING_REGISTER_PROBE and tears the ring down. ' +
    'Query the result with io_uring_opcode_supported, and free it with io_uring_free_probe.',
  man: 'io_uring_get_probe(3)',
  params: [],
  returns: {
    kind: 'pointer',
    type: 'struct io_uring_probe *',
    doc: 'The probe, allocated by liburing (malloc) with room for 256 opcodes; free it with io_uring_free_probe.',
    nullMeans: 'the probe failed: the kernel has no IORING_REGISTER_PROBE (before 5.6) or no ring could be set up',
    freedBy: 'io_uring_free_probe',
  },
  test: {
    async effect({ expect, io_uring_free_probe, io_uring_get_probe, io_uring_opcode_supported, IORING_OP_NOP, IORING_OP_READ, IORING_OP_WRITE, IoUringProbe }) {
      const probe = io_uring_get_probe();
      expect(probe).toBeInstanceOf(IoUringProbe);
      try {
        // Every kernel with io_uring knows the first opcodes, and this one knows READ and WRITE too.
        expect(probe!.last_op).toBeGreaterThanOrEqual(IORING_OP_WRITE);
        expect(probe!.ops_len).toBe(probe!.last_op + 1);
        expect(io_uring_opcode_supported(probe!, IORING_OP_NOP)).toBe(1);
        expect(io_uring_opcode_supported(probe!, IORING_OP_READ)).toBe(1);
      } finally {
        io_uring_free_probe(probe!);
      }
    },
  },
});
