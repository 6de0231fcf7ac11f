import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_opcode_supported',
  since: '0.4',
  category: 'probe',
  inline: true,
  js: 'opcodeSupported(p, op)',
  summary: 'Whether a probe reports an opcode as supported: 1 if so, 0 if not.',
  man: 'io_uring_opcode_supported(3)',
  params: [
    { name: 'p', type: 'const struct io_uring_probe *', doc: 'A probe from io_uring_get_probe.' },
    {
      name: 'op',
      type: 'int',
      doc: 'An IORING_OP_* opcode. Opcodes newer than the kernel (above p.last_op) give 0.',
      preconditions: [
        {
          rule: { kind: 'range', min: 0 },
          message: 'op must be an opcode, 0 or more',
          source: 'liburing 2.9 liburing.h io_uring_opcode_supported: reads p->ops[op] when op <= p->last_op, which a negative op always is; liburing commit afff5944 (first in liburing-2.15) returns 0 for it instead',
          errno: null,
          effect: 'before liburing 2.15, liburing reads ops[-1], which is the probe\'s own header: with the header\'s byte 10 set to 1, op -1 reads as supported; from 2.15 on it returns 0',
        },
      ],
    },
  ],
  returns: { kind: 'value', type: 'int', doc: '1 when the kernel supports op, 0 when it does not or op is beyond p.last_op.' },
  quirks: [
    { text: 'before liburing 2.15 a negative op reads before the ops array, in the probe\'s header, and answers from whatever byte is there; from 2.15 on a negative op gives 0', source: 'liburing commit afff5944 "liburing.h: reject negative op in io_uring_opcode_supported" (first in liburing-2.15); observed 1 with 2.9 and 0 with 2.15 when the header byte is set' },
  ],
  test: {
    async effect({ expect, io_uring_free_probe, io_uring_get_probe, IO_URING_OP_SUPPORTED, io_uring_opcode_supported, IORING_OP_NOP, IORING_OP_READV, IoUringProbe, IoUringProbeOp, ownedByC }) {
      const probe = io_uring_get_probe()!;
      try {
        expect(io_uring_opcode_supported(probe, IORING_OP_NOP)).toBe(1);
        expect(io_uring_opcode_supported(probe, IORING_OP_READV)).toBe(1);
        // The answer is the IO_URING_OP_SUPPORTED bit of the opcode's entry.
        const nop = IoUringProbeOp.borrow(probe.address + BigInt(IoUringProbe.size), ownedByC());
        expect(nop.flags & IO_URING_OP_SUPPORTED).toBe(IO_URING_OP_SUPPORTED);
        // Beyond the last opcode the kernel knows: 0.
        expect(io_uring_opcode_supported(probe, probe.last_op + 1)).toBe(0);
        expect(io_uring_opcode_supported(probe, 255)).toBe(0);
      } finally {
        io_uring_free_probe(probe);
      }
    },
    async valid({ io_uring_free_probe, io_uring_get_probe, io_uring_opcode_supported, IORING_OP_NOP }) {
      const probe = io_uring_get_probe()!;
      const args = [probe, IORING_OP_NOP] as Parameters<typeof io_uring_opcode_supported>;
      return {
        args,
        cleanup: () => {
          io_uring_free_probe(probe);
        },
      };
    },
    violations: {
      'op.range': {
        args: { op: -1 },
        before: ({ args }) => {
          args[0].bytes[10] = 1;
        },
        effect: ({ result }, { expect, io_uring_check_version }) => {
          // liburing 2.15 (commit afff5944) checks op < 0 and answers 0 without reading the header.
          expect(Number(result)).toBe(io_uring_check_version(2, 15) ? 1 : 0);
        },
      },
    },
  },
});
