import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_get_probe_ring',
  since: '0.4',
  category: 'probe',
  summary: 'Ask the kernel, through this ring, which io_uring opcodes it supports; returns a probe to free with io_uring_free_probe.',
  description:
    'Allocates a probe with room for 256 opcodes (malloc), fills it with io_uring_register_probe and returns it. Unlike ' +
    'io_uring_get_probe it uses the given ring instead of setting up a temporary one. Query it with ' +
    'io_uring_opcode_supported, free it with io_uring_free_probe.',
  man: null,
  params: [{ name: 'ring', type: 'struct io_uring *', doc: 'The ring to probe through.' }],
  returns: {
    kind: 'pointer',
    type: 'struct io_uring_probe *',
    doc: 'The probe, allocated by liburing (malloc); free it with io_uring_free_probe.',
    nullMeans: 'the probe failed: no memory, a kernel without IORING_REGISTER_PROBE (before 5.6), or a restricted ring that does not allow IORING_REGISTER_PROBE',
    freedBy: 'io_uring_free_probe',
  },
  quirks: [
    { text: 'liburing 2.9 has no man page for it (io_uring_get_probe(3) describes the variant without a ring)', source: 'liburing 2.9 man pages' },
    { text: 'on a ring with registered restrictions that do not allow IORING_REGISTER_PROBE it returns null (the kernel answers -EACCES, which liburing drops)', source: 'liburing 2.9 src/setup.c io_uring_get_probe_ring(); observed on Linux 6.18' },
  ],
  test: {
    async effect({ expect, io_uring_free_probe, io_uring_get_probe, io_uring_get_probe_ring, io_uring_opcode_supported, io_uring_queue_exit, io_uring_register, io_uring_register_restrictions, IORING_OP_NOP, IORING_OP_READ, IORING_OP_WRITE, IORING_REGISTER_ENABLE_RINGS, IORING_RESTRICTION_SQE_OP, IORING_SETUP_R_DISABLED, IoUringProbe, IoUringRestriction, newRing }) {
      const ring = newRing(4);
      try {
        const probe = io_uring_get_probe_ring(ring);
        expect(probe).toBeInstanceOf(IoUringProbe);
        try {
          expect(probe!.last_op).toBeGreaterThanOrEqual(IORING_OP_WRITE);
          expect(probe!.ops_len).toBe(probe!.last_op + 1);
          expect(io_uring_opcode_supported(probe!, IORING_OP_NOP)).toBe(1);
          expect(io_uring_opcode_supported(probe!, IORING_OP_READ)).toBe(1);
          expect(probe!.ops(IORING_OP_READ).op).toBe(IORING_OP_READ);
          // The same answer as the ring-less probe.
          const other = io_uring_get_probe()!;
          expect(other.last_op).toBe(probe!.last_op);
          io_uring_free_probe(other);
        } finally {
          io_uring_free_probe(probe!);
        }
        // A ring whose restrictions do not allow IORING_REGISTER_PROBE gets null.
        const restricted = newRing(4, IORING_SETUP_R_DISABLED);
        try {
          const res = IoUringRestriction.array(1);
          res.opcode = IORING_RESTRICTION_SQE_OP;
          res.sqe_op = IORING_OP_NOP;
          expect(io_uring_register_restrictions(restricted, res, 1)).toBe(0);
          expect(io_uring_register(restricted.ring_fd, IORING_REGISTER_ENABLE_RINGS, null, 0)).toBe(0);
          expect(io_uring_get_probe_ring(restricted)).toBeNull();
        } finally {
          io_uring_queue_exit(restricted);
        }
      } finally {
        io_uring_queue_exit(ring);
      }
    },
  },
});
