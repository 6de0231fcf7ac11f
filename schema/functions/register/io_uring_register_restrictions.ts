import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_register_restrictions',
  since: '2.0',
  category: 'register',
  summary: 'Restrict a disabled ring to an allowlist of SQE opcodes, SQE flags and register opcodes, enforced once it is enabled.',
  description:
    'Only for a ring created with IORING_SETUP_R_DISABLED and not yet enabled, and only once. Each struct io_uring_restriction ' +
    'allows one register opcode (IORING_RESTRICTION_REGISTER_OP), one SQE opcode (IORING_RESTRICTION_SQE_OP), or sets the SQE ' +
    'flags allowed or required (IORING_RESTRICTION_SQE_FLAGS_ALLOWED/_REQUIRED). After io_uring_enable_rings everything not ' +
    'allowed fails with -EACCES: SQEs in their completion, register calls in their return value. Linux 5.10+.',
  man: null,
  params: [
    {
      name: 'ring',
      type: 'struct io_uring *',
      doc: 'A ring created with IORING_SETUP_R_DISABLED, not enabled yet.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'hasFlag(ring.flags, IORING_SETUP_R_DISABLED)', says: 'the ring must have been created with IORING_SETUP_R_DISABLED' },
          message: 'the ring must have been created with IORING_SETUP_R_DISABLED and not be enabled yet: restrictions can only be set up before the ring runs',
          source: 'io_uring_register(2) IORING_REGISTER_RESTRICTIONS ("only if the io_uring ring started in a disabled state") and ERRORS EBADFD (man2/io_uring_register.2:1069-1074); observed -EBADFD (77) on Linux 6.18',
          errno: 'EBADFD',
        },
      ],
    },
    {
      name: 'res',
      type: 'struct io_uring_restriction *',
      count: 'nr_res',
      countSource: 'liburing.h io_uring_register_restrictions(ring, res, nr_res) passes nr_res to IORING_REGISTER_RESTRICTIONS; kernel io_uring/register.c io_parse_restrictions() copies nr_res struct io_uring_restriction (memdup_array_user)',
      doc: 'The restrictions: an IoUringRestriction array (IoUringRestriction.array(n)).',
      preconditions: [
        {
          rule: {
            kind: 'relation',
            holds: 'Array.from({ length: Math.min(nr_res, countOf(res)) }, (_, i) => res.item(i).opcode).every((op) => op <= IORING_RESTRICTION_SQE_FLAGS_REQUIRED)',
            says: 'every restriction opcode must be an IORING_RESTRICTION_* value',
          },
          message: 'each restriction\'s opcode must be IORING_RESTRICTION_REGISTER_OP, _SQE_OP, _SQE_FLAGS_ALLOWED or _SQE_FLAGS_REQUIRED',
          source: 'io_uring_register(2) ERRORS EINVAL ("restriction opcode is invalid", man2/io_uring_register.2:1117-1123); kernel io_uring/register.c io_parse_restrictions(); observed -EINVAL for opcode 4 on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
    {
      name: 'nr_res',
      type: 'unsigned int',
      doc: 'How many restrictions.',
    },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  errors: {
    EBADFD: 'the ring is not disabled: restrictions can only be registered on a ring created with IORING_SETUP_R_DISABLED, before io_uring_enable_rings',
    EACCES: 'the ring is enabled and restricted, and IORING_REGISTER_RESTRICTIONS is not among its allowed register opcodes',
    EBUSY: 'restrictions were already registered on this ring',
    EINVAL: 'a restriction is invalid (unknown restriction opcode, or a register or SQE opcode the kernel does not know), or nr_res exceeds the kernel\'s maximum',
  },
  quirks: [
    { text: 'liburing-ts can only check that the ring was created with IORING_SETUP_R_DISABLED: ring.flags keeps the flag after io_uring_enable_rings, so a ring enabled since is refused by the kernel alone (-EBADFD, or -EACCES when it is enabled with restrictions that do not allow this opcode)', source: 'io_uring_register(2) ERRORS EBADFD (man2/io_uring_register.2:1069-1074); observed on Linux 6.18' },
    { text: 'nr_res 0 is accepted by Linux 6.18 and registers an empty allowlist: once enabled, the ring refuses every SQE and register opcode with -EACCES', source: 'kernel io_uring/register.c io_register_restrictions(); observed on Linux 6.18 (a NOP completes with -EACCES)' },
    { text: 'the largest nr_res is kernel-dependent (IORING_RESTRICTION_LAST + IORING_REGISTER_LAST + IORING_OP_LAST: 103 on Linux 6.18); more gives -EINVAL', source: 'kernel io_uring/register.c IORING_MAX_RESTRICTIONS; observed 103 accepted and 104 refused on Linux 6.18' },
    { text: 'liburing 2.9 has no man page for it; io_uring_register(2) IORING_REGISTER_RESTRICTIONS documents it', source: 'liburing 2.9 man pages' },
  ],
  test: {
    async effect({ catchError, errnoNumber, expect, io_uring_get_sqe, io_uring_opcode_supported, io_uring_prep_nop, io_uring_prep_read, io_uring_queue_exit, io_uring_register, io_uring_register_personality, io_uring_register_probe, io_uring_register_restrictions, IORING_OP_NOP, IORING_REGISTER_ENABLE_RINGS, IORING_REGISTER_PROBE, IORING_RESTRICTION_REGISTER_OP, IORING_RESTRICTION_SQE_OP, IORING_SETUP_R_DISABLED, IoUringProbe, IoUringRestriction, newRing, unchecked_io_uring_register_restrictions, waitOne }) {
      const EBADFD = errnoNumber('EBADFD');
      const EACCES = errnoNumber('EACCES');
      const ring = newRing(4, IORING_SETUP_R_DISABLED);
      const plain = newRing(4);
      try {
        // Allow NOPs, and the PROBE register opcode; nothing else.
        const res = IoUringRestriction.array(2);
        res.item(0).opcode = IORING_RESTRICTION_SQE_OP;
        res.item(0).sqe_op = IORING_OP_NOP;
        res.item(1).opcode = IORING_RESTRICTION_REGISTER_OP;
        res.item(1).register_op = IORING_REGISTER_PROBE;
        expect(io_uring_register_restrictions(ring, res, 2)).toBe(0);
        // Only once.
        expect(catchError(() => io_uring_register_restrictions(ring, res, 2))).toMatchObject({ name: 'UringError', code: 'EBUSY' });
        // Enable the ring (enabling is not itself restricted).
        expect(io_uring_register(ring.ring_fd, IORING_REGISTER_ENABLE_RINGS, null, 0)).toBe(0);
        // A NOP is allowed; a read is not.
        io_uring_prep_nop(io_uring_get_sqe(ring)!);
        expect(waitOne(ring).res).toBe(0);
        io_uring_prep_read(io_uring_get_sqe(ring)!, 0, new Uint8Array(8), 8, 0);
        expect(waitOne(ring).res).toBe(-EACCES);
        // Register opcodes too: PROBE is allowed, PERSONALITY is not.
        const probe = new IoUringProbe();
        expect(io_uring_register_probe(ring, probe, 256)).toBe(0);
        expect(io_uring_opcode_supported(probe, IORING_OP_NOP)).toBe(1);
        expect(catchError(() => io_uring_register_personality(ring))).toMatchObject({ name: 'UringError', code: 'EACCES' });
        // Registering restrictions is itself a register opcode: not allowed on this restricted ring.
        expect(Number(unchecked_io_uring_register_restrictions(ring, res, 2))).toBe(-EACCES);
        // A ring that was never disabled is refused before C, and by C.
        expect(catchError(() => io_uring_register_restrictions(plain, res, 2))).toMatchObject({ name: 'PreconditionError', rule: 'relation', cCode: 'EBADFD' });
        // The kernel's own answer for a ring that is not disabled.
        expect(Number(unchecked_io_uring_register_restrictions(plain, res, 2))).toBe(-EBADFD);
      } finally {
        io_uring_queue_exit(ring);
        io_uring_queue_exit(plain);
      }
    },
    async valid({ exitQuietly, io_uring_register_restrictions, IORING_OP_NOP, IORING_RESTRICTION_SQE_OP, IORING_SETUP_R_DISABLED, IoUringRestriction, newRing }) {
      const ring = newRing(4, IORING_SETUP_R_DISABLED);
      const plain = newRing(4);
      const res = IoUringRestriction.array(1);
      res.item(0).opcode = IORING_RESTRICTION_SQE_OP;
      res.item(0).sqe_op = IORING_OP_NOP;
      const args = [ring, res, 1] as Parameters<typeof io_uring_register_restrictions>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
          exitQuietly(plain);
        },
        plain,
        res,
      };
    },
    violations: {
      'ring.relation': { args: { ring: ({ plain }) => plain } },
      'res.relation': { before: ({ res }, { IORING_RESTRICTION_LAST }) => { res.item(0).opcode = IORING_RESTRICTION_LAST; } },
      'res.count': { args: { nr_res: ({ res }) => res.count + 1 } },
    },
  },
});
