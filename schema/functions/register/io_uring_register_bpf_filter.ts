import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_register_bpf_filter',
  since: '2.15',
  kernel: '7.0',
  category: 'register',
  summary: 'Register a classic BPF filter on the ring: requests of the filter\'s opcode run only when it returns non-zero, else complete with -EACCES.',
  description:
    'bpf.cmd_type is IO_URING_BPF_CMD_FILTER and bpf.filter names the opcode, the filter_len instructions at filter_ptr (struct ' +
    'sock_filter, 8 bytes each) and the payload size it expects. The filter reads a struct io_uring_bpf_ctx (user_data, opcode, ' +
    'SQE flags, and for some opcodes their arguments). Several filters on one opcode must all allow. Registering needs ' +
    'CAP_SYS_ADMIN or no_new_privs (prctl(2)). Linux 7.0 (IORING_REGISTER_BPF_FILTER); older kernels refuse it with -EINVAL.',
  man: 'io_uring_register_bpf_filter(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring whose requests are filtered.' },
    {
      name: 'bpf',
      type: 'struct io_uring_bpf *',
      dir: 'inout',
      doc: 'The command (an IoUringBpf): cmd_type IO_URING_BPF_CMD_FILTER and the filter; on -EMSGSIZE the kernel writes its pdu_size into bpf.filter.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'bpf.cmd_type === IO_URING_BPF_CMD_FILTER', says: 'bpf.cmd_type must be IO_URING_BPF_CMD_FILTER' },
          message: 'bpf.cmd_type must be IO_URING_BPF_CMD_FILTER, the only command there is',
          source: 'io_uring_register_bpf_filter(3) ("a pointer to a struct io_uring_bpf with cmd_type set to IO_URING_BPF_CMD_FILTER"); liburing 2.15 io_uring/bpf_filter.h',
          errno: 'EINVAL',
          unprovable: 'the kernel\'s own answer needs IORING_REGISTER_BPF_FILTER (Linux 7.0); this test machine\'s Linux 6.18 refuses every call with -EINVAL, which would prove nothing',
        },
        {
          rule: { kind: 'relation', holds: 'bpf.filter.filter_len > 0 && bpf.filter.filter_ptr !== 0n', says: 'bpf.filter must point at filter_len (at least 1) BPF instructions' },
          message: 'bpf.filter.filter_ptr must hold the address of filter_len (at least 1) BPF instructions: struct sock_filter, 8 bytes each',
          source: 'io_uring_register_bpf_filter(3) ("filter_ptr points to an array of filter_len BPF instructions"; ERRORS: -EFAULT "The filter pointer is invalid", -EINVAL "Invalid filter")',
          errno: 'EFAULT',
          unprovable: 'the kernel\'s own answer needs IORING_REGISTER_BPF_FILTER (Linux 7.0); this test machine\'s Linux 6.18 refuses every call with -EINVAL',
        },
        {
          rule: { kind: 'flags', field: 'filter.flags', allowed: ['IO_URING_BPF_FILTER_DENY_REST', 'IO_URING_BPF_FILTER_SZ_STRICT'], decidedBy: 'kernel' },
          message: 'bpf.filter.flags must be a combination of IO_URING_BPF_FILTER_DENY_REST and IO_URING_BPF_FILTER_SZ_STRICT',
          source: 'io_uring_register_bpf_filter(3) ("flags can be zero or a bitwise OR of the following"; ERRORS: -EINVAL "Invalid filter, opcode, or flags")',
          errno: 'EINVAL',
          unprovable: 'the kernel\'s own answer needs IORING_REGISTER_BPF_FILTER (Linux 7.0); this test machine\'s Linux 6.18 refuses every call with -EINVAL, which would prove nothing',
        },
      ],
    },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 when the filter is registered.' },
  errors: {
    EINVAL: 'an invalid filter, opcode, cmd_type or flags, or a kernel without IORING_REGISTER_BPF_FILTER (before Linux 7.0)',
    EMSGSIZE: 'pdu_size is larger than the kernel\'s payload for the opcode, or differs from it with IO_URING_BPF_FILTER_SZ_STRICT; the kernel\'s size is written back into bpf.filter.pdu_size',
    EFAULT: 'filter_ptr is not valid memory',
    ENOMEM: 'no memory for the filter',
    EACCES: 'the process has neither CAP_SYS_ADMIN nor no_new_privs',
  },
  quirks: [
    { text: 'filter_ptr is a plain integer, so liburing-ts cannot check that filter_len instructions are there; the kernel copies them at registration (a bad address is -EFAULT), so the memory need not outlive the call', source: 'io_uring_register_bpf_filter(3); liburing 2.15 src/register.c (IORING_REGISTER_BPF_FILTER, nr_args 1)' },
    { text: 'a filter cannot be removed: it lasts as long as the ring', source: 'io_uring_register_bpf_filter(3) (no unregister command)' },
  ],
  test: {
    async effect({ addressOf, catchError, completeOne, errnoNumber, expect, IO_URING_BPF_CMD_FILTER, IO_URING_BPF_FILTER_SZ_STRICT, io_uring_check_version, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_register_bpf_filter, IORING_OP_NOP, IORING_OP_SOCKET, IORING_REGISTER_BPF_FILTER, IoUringBpf, kernelRegisters, liburingVersion, newRing, UnsupportedError }) {
      // cBPF programs of one instruction: BPF_RET | BPF_K with k 0 (deny) or 1 (allow); struct sock_filter { u16 code; u8 jt, jf; u32 k }.
      const ret = (k: number) => {
        const insn = new DataView(new ArrayBuffer(8));
        insn.setUint16(0, 0x06, true);
        insn.setUint32(4, k, true);
        return new Uint8Array(insn.buffer);
      };
      const deny = ret(0);
      const filterOf = (opcode: number, program: Uint8Array) => {
        const bpf = new IoUringBpf();
        bpf.cmd_type = IO_URING_BPF_CMD_FILTER;
        bpf.filter.opcode = opcode;
        bpf.filter.filter_len = program.byteLength / 8;
        bpf.filter.filter_ptr = addressOf(program);
        return bpf;
      };
      const ring = newRing(4);
      try {
        if (io_uring_check_version(2, 15)) {
          // liburing older than 2.15 has no io_uring_register_bpf_filter: importing works, calling throws UnsupportedError.
          const error = catchError(() => io_uring_register_bpf_filter(ring, filterOf(IORING_OP_NOP, deny)));
          expect(error).toBeInstanceOf(UnsupportedError);
          expect(error).toMatchObject({ functionName: 'io_uring_register_bpf_filter', needed: '2.15', loaded: liburingVersion() });
          expect(error.message).toContain(`needs liburing 2.15 or newer, but liburing ${liburingVersion()} is loaded`);
          return;
        }
        if (!kernelRegisters(IORING_REGISTER_BPF_FILTER)) {
          console.log('io_uring_register_bpf_filter needs Linux 7.0 (IORING_REGISTER_BPF_FILTER): checking that this kernel refuses it');
          expect(catchError(() => io_uring_register_bpf_filter(ring, filterOf(IORING_OP_NOP, deny)))).toMatchObject({ name: 'UringError', code: 'EINVAL' });
          return;
        }
        // A strict size check that fails registers nothing, and tells the payload size the kernel has for the opcode.
        const probe = filterOf(IORING_OP_SOCKET, ret(1));
        probe.filter.flags = IO_URING_BPF_FILTER_SZ_STRICT;
        expect(catchError(() => io_uring_register_bpf_filter(ring, probe))).toMatchObject({ name: 'UringError', code: 'EMSGSIZE' });
        expect(probe.filter.pdu_size).toBe(12); // family, type, protocol
        // Deny every NOP on this ring: a NOP now completes with -EACCES.
        expect(io_uring_register_bpf_filter(ring, filterOf(IORING_OP_NOP, deny))).toBe(0);
        io_uring_prep_nop(io_uring_get_sqe(ring)!);
        expect(await completeOne(ring)).toBe(-errnoNumber('EACCES'));
      } finally {
        io_uring_queue_exit(ring);
      }
      // Another ring is not filtered.
      const other = newRing(4);
      try {
        io_uring_prep_nop(io_uring_get_sqe(other)!);
        expect(await completeOne(other)).toBe(0);
      } finally {
        io_uring_queue_exit(other);
      }
    },
    async valid({ addressOf, exitQuietly, IO_URING_BPF_CMD_FILTER, io_uring_register_bpf_filter, IORING_OP_NOP, IoUringBpf, newRing }) {
      const ring = newRing(4);
      const allow = new Uint8Array([0x06, 0, 0, 0, 1, 0, 0, 0]); // BPF_RET | BPF_K, k 1: allow
      const bpf = new IoUringBpf();
      bpf.cmd_type = IO_URING_BPF_CMD_FILTER;
      bpf.filter.opcode = IORING_OP_NOP;
      bpf.filter.filter_len = 1;
      bpf.filter.filter_ptr = addressOf(allow);
      const args = [ring, bpf] as Parameters<typeof io_uring_register_bpf_filter>;
      return { args, bpf, allow, cleanup: () => exitQuietly(ring) };
    },
    violations: {
      'bpf.relation': { before: ({ bpf }) => { bpf.cmd_type = 0; } },
      'bpf.relation#2': { before: ({ bpf }) => { bpf.filter.filter_ptr = 0n; } },
    },
  },
});
