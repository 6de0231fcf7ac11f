import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_register_probe',
  since: '0.4',
  category: 'probe',
  summary: 'Fill a zeroed probe with the opcodes the kernel supports (IORING_REGISTER_PROBE), for up to nr opcodes.',
  description:
    'The kernel sets p.last_op to the last opcode it knows, p.ops_len to min(nr, last_op + 1), and for each of those ' +
    'opcodes p.ops(i).op = i with IO_URING_OP_SUPPORTED in p.ops(i).flags when supported. p must be zero-filled: a ' +
    'new IoUringProbe() (room for 256 opcodes) is. io_uring_get_probe_ring does the allocation itself. Linux 5.6+.',
  man: null,
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    {
      name: 'p',
      type: 'struct io_uring_probe *',
      dir: 'inout',
      doc: 'A zero-filled probe, e.g. new IoUringProbe(); receives the answer.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'p.bytes.subarray(0, 16 + 8 * nr).every((b) => b === 0)', says: 'the probe (its header and first nr ops) must be zero-filled' },
          message: 'p must be zero-filled (its header and the first nr ops): the kernel refuses a probe with anything set; use a new IoUringProbe for each call',
          source: 'kernel io_uring/register.c io_probe() (memchr_inv(p, 0, size) gives -EINVAL); liburing 2.9 src/setup.c io_uring_get_probe_ring() zeroes its probe; observed -EINVAL for a byte set within the first nr ops, 0 for one beyond, on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
    {
      name: 'nr',
      type: 'unsigned',
      doc: 'How many ops entries p has room for (256 for an IoUringProbe).',
      preconditions: [
        {
          rule: { kind: 'range', max: 256 },
          message: 'nr must be at most 256 (IORING_OP_LAST can never exceed the __u8 opcode range)',
          source: 'kernel io_uring/register.c io_probe() (nr_args > 256 gives -EINVAL); observed -EINVAL for 257 and 1000, 0 for 256, on Linux 6.18',
          errno: 'EINVAL',
        },
        {
          rule: { kind: 'relation', holds: '16 + 8 * nr <= p.bytes.byteLength', says: 'p must have room for nr ops (16 + 8 * nr bytes)' },
          message: 'p must have room for nr ops entries: the kernel reads and writes 16 + 8 * nr bytes (up to its own number of opcodes)',
          source: 'io_uring_register(2) IORING_REGISTER_PROBE ("nr_args must contain the size of the ops array in that probe struct", man2/io_uring_register.2:405-411)',
          errno: null,
          effect: 'the kernel reads 16 + 8 * nr bytes of p: with an inaccessible page right after a probe of 24 bytes, nr 2 fails with -EFAULT',
        },
      ],
    },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  errors: {
    EINVAL: 'p is not zero-filled, or nr is larger than 256, or the kernel predates IORING_REGISTER_PROBE (5.6)',
    EFAULT: 'p is not writable memory',
    EACCES: 'the ring\'s restrictions do not allow IORING_REGISTER_PROBE',
  },
  quirks: [
    { text: 'the kernel clamps nr to its own opcode count (63 on Linux 6.18): ops_len is min(nr, last_op + 1), and the bytes past that are neither checked nor written', source: 'kernel io_uring/register.c io_probe(); observed ops_len 63 for nr 64 and 256 on Linux 6.18' },
    { text: 'liburing 2.9 has no man page for it; io_uring_register(2) IORING_REGISTER_PROBE documents it', source: 'liburing 2.9 man pages' },
  ],
  test: {
    async effect({ errnoNumber, expect, IO_URING_OP_SUPPORTED, io_uring_opcode_supported, io_uring_queue_exit, io_uring_register_probe, IORING_OP_NOP, IORING_OP_WRITE, IoUringProbe, newRing, unchecked_io_uring_register_probe }) {
      const ring = newRing(4);
      try {
        const p = new IoUringProbe();
        expect(io_uring_register_probe(ring, p, 256)).toBe(0);
        expect(p.last_op).toBeGreaterThanOrEqual(IORING_OP_WRITE);
        expect(p.ops_len).toBe(p.last_op + 1);
        expect(io_uring_opcode_supported(p, IORING_OP_NOP)).toBe(1);
        expect(p.ops(IORING_OP_NOP).flags & IO_URING_OP_SUPPORTED).toBe(IO_URING_OP_SUPPORTED);
        // Asking for fewer opcodes: only that many entries are filled.
        const few = new IoUringProbe();
        expect(io_uring_register_probe(ring, few, 2)).toBe(0);
        expect(few.ops_len).toBe(2);
        expect(few.last_op).toBe(p.last_op);
        expect(few.ops(1).op).toBe(1);
        expect(few.ops(2).op).toBe(0);
        // The filled probe is no longer zeroed: the kernel refuses to reuse it.
        expect(Number(unchecked_io_uring_register_probe(ring, p, 256))).toBe(-errnoNumber('EINVAL'));
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_register_probe, IoUringProbe, newRing }) {
      const ring = newRing(4);
      const p = new IoUringProbe();
      const small = new Uint8Array(24);
      const args = [ring, p, 256] as Parameters<typeof io_uring_register_probe>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
        p,
        small,
      };
    },
    violations: {
      'p.relation': { before: ({ p }) => { p.last_op = 1; } },
      'nr.relation': {
        args: { p: (_, { beforeGuardPage, IoUringProbe, structOver }) => structOver(IoUringProbe, beforeGuardPage(24)), nr: 2 },
        effect: ({ result }, { errnoNumber, expect }) => {
          expect(Number(result)).toBe(-errnoNumber('EFAULT'));
        },
      },
    },
  },
});
