import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_register_bpf_filter_task',
  since: '2.15',
  kernel: '7.0',
  category: 'register',
  summary: 'Register a classic BPF filter on the calling task: it applies to every ring the task (and its children) create afterwards, and cannot be removed.',
  description:
    'The same command as io_uring_register_bpf_filter (an io_uring_bpf with cmd_type IO_URING_BPF_CMD_FILTER), made with ' +
    'io_uring_register(-1, IORING_REGISTER_BPF_FILTER, bpf, 1): rings created before the call are not filtered; children ' +
    'created by fork(2) inherit the filter and can only add to it. Needs CAP_SYS_ADMIN or no_new_privs (prctl(2)). ' +
    'Linux 7.0 (IORING_REGISTER_BPF_FILTER); older kernels refuse it with -EINVAL (-EBADF before Linux 6.13).',
  man: 'io_uring_register_bpf_filter_task(3)',
  params: [
    {
      name: 'bpf',
      type: 'struct io_uring_bpf *',
      dir: 'inout',
      doc: 'The command (an IoUringBpf): cmd_type IO_URING_BPF_CMD_FILTER and the filter; on -EMSGSIZE the kernel writes its pdu_size into bpf.filter.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'bpf.cmd_type === IO_URING_BPF_CMD_FILTER', says: 'bpf.cmd_type must be IO_URING_BPF_CMD_FILTER' },
          message: 'bpf.cmd_type must be IO_URING_BPF_CMD_FILTER, the only command there is',
          source: 'io_uring_register_bpf_filter_task(3) ("a pointer to a struct io_uring_bpf with cmd_type set to IO_URING_BPF_CMD_FILTER"); liburing 2.15 io_uring/bpf_filter.h',
          errno: 'EINVAL',
          unprovable: 'the kernel\'s own answer needs IORING_REGISTER_BPF_FILTER (Linux 7.0), where a raw call the kernel accepted would filter every ring the test process makes afterwards; this test machine\'s Linux 6.18 refuses every call with -EINVAL, which would prove nothing',
        },
        {
          rule: { kind: 'relation', holds: 'bpf.filter.filter_len > 0 && bpf.filter.filter_ptr !== 0n', says: 'bpf.filter must point at filter_len (at least 1) BPF instructions' },
          message: 'bpf.filter.filter_ptr must hold the address of filter_len (at least 1) BPF instructions: struct sock_filter, 8 bytes each',
          source: 'io_uring_register_bpf_filter_task(3) ("filter_ptr points to an array of filter_len BPF instructions"; ERRORS: -EFAULT "The filter pointer is invalid", -EINVAL "Invalid filter")',
          errno: 'EFAULT',
          unprovable: 'the kernel\'s own answer needs IORING_REGISTER_BPF_FILTER (Linux 7.0), where a raw call the kernel accepted would filter every ring the test process makes afterwards; this test machine\'s Linux 6.18 refuses every call with -EINVAL',
        },
        {
          rule: { kind: 'flags', field: 'filter.flags', allowed: ['IO_URING_BPF_FILTER_DENY_REST', 'IO_URING_BPF_FILTER_SZ_STRICT'], decidedBy: 'kernel' },
          message: 'bpf.filter.flags must be a combination of IO_URING_BPF_FILTER_DENY_REST and IO_URING_BPF_FILTER_SZ_STRICT',
          source: 'io_uring_register_bpf_filter_task(3) ("flags can be zero or a bitwise OR of the following"; ERRORS: -EINVAL "Invalid filter, opcode, or flags")',
          errno: 'EINVAL',
          unprovable: 'the kernel\'s own answer needs IORING_REGISTER_BPF_FILTER (Linux 7.0), where a raw call the kernel accepted would filter every ring the test process makes afterwards; this test machine\'s Linux 6.18 refuses every call with -EINVAL, which would prove nothing',
        },
      ],
    },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 when the filter is registered.' },
  errors: {
    EINVAL: 'an invalid filter, opcode, cmd_type or flags, or a kernel without IORING_REGISTER_BPF_FILTER (before Linux 7.0)',
    EBADF: 'the kernel takes no register call without a ring (before Linux 6.13)',
    EMSGSIZE: 'pdu_size is larger than the kernel\'s payload for the opcode, or differs from it with IO_URING_BPF_FILTER_SZ_STRICT; the kernel\'s size is written back into bpf.filter.pdu_size',
    EFAULT: 'filter_ptr is not valid memory',
    ENOMEM: 'no memory for the filter',
    EACCES: 'the process has neither CAP_SYS_ADMIN nor no_new_privs',
  },
  quirks: [
    { text: 'the filter stays with the task (thread) for good, and with every child it forks: in a test, register one that only affects requests the test itself makes (a user_data of its own), or register it in a child process', source: 'io_uring_register_bpf_filter_task(3) ("Task-level filters cannot be removed"; Inheritance)' },
    { text: 'filter_ptr is a plain integer, so liburing-ts cannot check that filter_len instructions are there; the kernel copies them at registration (a bad address is -EFAULT), so the memory need not outlive the call', source: 'io_uring_register_bpf_filter_task(3); liburing 2.15 src/register.c' },
  ],
  test: {
    async effect({ addressOf, catchError, completeOne, errnoNumber, expect, IO_URING_BPF_CMD_FILTER, IO_URING_BPF_FILTER_SZ_STRICT, io_uring_check_version, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_register_bpf_filter_task, io_uring_sqe_set_data64, IORING_OP_NOP, IORING_OP_SOCKET, IORING_REGISTER_BPF_FILTER, IoUringBpf, kernelAtLeast, kernelRegisters, libc, liburingVersion, newRing, UnsupportedError }) {
      // struct sock_filter { u16 code; u8 jt, jf; u32 k }, 8 bytes an instruction.
      const program = (...insns: [code: number, jt: number, jf: number, k: number][]) => {
        const v = new DataView(new ArrayBuffer(8 * insns.length));
        insns.forEach(([code, jt, jf, k], i) => {
          v.setUint16(8 * i, code, true);
          v.setUint8(8 * i + 2, jt);
          v.setUint8(8 * i + 3, jf);
          v.setUint32(8 * i + 4, k, true);
        });
        return new Uint8Array(v.buffer);
      };
      const filterOf = (opcode: number, code: Uint8Array) => {
        const bpf = new IoUringBpf();
        bpf.cmd_type = IO_URING_BPF_CMD_FILTER;
        bpf.filter.opcode = opcode;
        bpf.filter.filter_len = code.byteLength / 8;
        bpf.filter.filter_ptr = addressOf(code);
        return bpf;
      };
      const allow = program([0x06, 0, 0, 1]); // BPF_RET | BPF_K 1
      if (io_uring_check_version(2, 15)) {
        // liburing older than 2.15 has no io_uring_register_bpf_filter_task: importing works, calling throws UnsupportedError.
        const error = catchError(() => io_uring_register_bpf_filter_task(filterOf(IORING_OP_NOP, allow)));
        expect(error).toBeInstanceOf(UnsupportedError);
        expect(error).toMatchObject({ functionName: 'io_uring_register_bpf_filter_task', needed: '2.15', loaded: liburingVersion() });
        expect(error.message).toContain(`needs liburing 2.15 or newer, but liburing ${liburingVersion()} is loaded`);
        return;
      }
      if (!kernelRegisters(IORING_REGISTER_BPF_FILTER)) {
        // An allow-everything filter: harmless to the test process if a kernel did take it.
        console.log('io_uring_register_bpf_filter_task needs Linux 7.0 (IORING_REGISTER_BPF_FILTER): checking that this kernel refuses it');
        expect(catchError(() => io_uring_register_bpf_filter_task(filterOf(IORING_OP_NOP, allow)))).toMatchObject({ name: 'UringError', code: kernelAtLeast('6.13') ? 'EINVAL' : 'EBADF' });
        return;
      }
      if (process.getuid?.() !== 0) {
        // Without CAP_SYS_ADMIN the kernel asks for no_new_privs (PR_SET_NO_NEW_PRIVS, 38), as seccomp does.
        expect(libc.func('int prctl(int, unsigned long, unsigned long, unsigned long, unsigned long)')(38, 1, 0, 0, 0)).toBe(0);
      }
      // A strict size check that fails registers nothing, and tells the payload size the kernel has for the opcode.
      const probe = filterOf(IORING_OP_SOCKET, allow);
      probe.filter.flags = IO_URING_BPF_FILTER_SZ_STRICT;
      expect(catchError(() => io_uring_register_bpf_filter_task(probe))).toMatchObject({ name: 'UringError', code: 'EMSGSIZE' });
      expect(probe.filter.pdu_size).toBe(12);
      // The filter stays with this process for good: it denies only NOPs whose user_data's low word is this test's own mark.
      const MARK = 0x5eed_f11e;
      const denyMarked = program(
        [0x20, 0, 0, 0], // BPF_LD | BPF_W | BPF_ABS 0: the low 32 bits of user_data (host order)
        [0x15, 0, 1, MARK], // BPF_JMP | BPF_JEQ | BPF_K: marked? then deny, else allow
        [0x06, 0, 0, 0],
        [0x06, 0, 0, 1],
      );
      const before = newRing(4);
      try {
        expect(io_uring_register_bpf_filter_task(filterOf(IORING_OP_NOP, denyMarked))).toBe(0);
        const nop = async (ring: ReturnType<typeof newRing>, userData: bigint) => {
          const sqe = io_uring_get_sqe(ring)!;
          io_uring_prep_nop(sqe);
          io_uring_sqe_set_data64(sqe, userData);
          return completeOne(ring);
        };
        // A ring created before the filter is not filtered.
        expect(await nop(before, BigInt(MARK))).toBe(0);
        const after = newRing(4);
        try {
          expect(await nop(after, BigInt(MARK))).toBe(-errnoNumber('EACCES'));
          expect(await nop(after, 7n)).toBe(0);
        } finally {
          io_uring_queue_exit(after);
        }
      } finally {
        io_uring_queue_exit(before);
      }
    },
    async valid({ addressOf, IO_URING_BPF_CMD_FILTER, io_uring_register_bpf_filter_task, IORING_OP_NOP, IoUringBpf }) {
      const allow = new Uint8Array([0x06, 0, 0, 0, 1, 0, 0, 0]); // BPF_RET | BPF_K, k 1: allow
      const bpf = new IoUringBpf();
      bpf.cmd_type = IO_URING_BPF_CMD_FILTER;
      bpf.filter.opcode = IORING_OP_NOP;
      bpf.filter.filter_len = 1;
      bpf.filter.filter_ptr = addressOf(allow);
      const args = [bpf] as Parameters<typeof io_uring_register_bpf_filter_task>;
      return { args, bpf, allow };
    },
    violations: {
      'bpf.relation': { before: ({ bpf }) => { bpf.cmd_type = 0; } },
      'bpf.relation#2': { before: ({ bpf }) => { bpf.filter.filter_ptr = 0n; } },
    },
  },
});
