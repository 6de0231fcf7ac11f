import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_register_zcrx_ctrl',
  since: '2.15',
  kernel: '6.19',
  category: 'register',
  summary: 'A control operation on a zero-copy receive context of the ring: flush its refill queue, or export it for other rings (IORING_REGISTER_ZCRX_CTRL).',
  description:
    'ctrl.zcrx_id names a context io_uring_register_ifq registered on the ring; ctrl.op is ZCRX_CTRL_FLUSH_RQ (return the buffers ' +
    'pending in the refill queue) or ZCRX_CTRL_EXPORT (ctrl.zc_export.zcrx_fd receives a descriptor another ring imports with ' +
    'io_uring_register_ifq and ZCRX_REG_IMPORT). Linux 6.19 (IORING_REGISTER_ZCRX_CTRL); older kernels refuse it with -EINVAL.',
  man: 'io_uring_register_zcrx_ctrl(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring the context is registered on.' },
    {
      name: 'ctrl',
      type: 'struct zcrx_ctrl *',
      dir: 'inout',
      doc: 'The operation (a ZcrxCtrl): zcrx_id, op, and the op\'s part of the union; ZCRX_CTRL_EXPORT stores the new descriptor in zc_export.zcrx_fd.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'ctrl.op === ZCRX_CTRL_FLUSH_RQ || ctrl.op === ZCRX_CTRL_EXPORT', says: 'ctrl.op must be ZCRX_CTRL_FLUSH_RQ or ZCRX_CTRL_EXPORT' },
          message: 'ctrl.op must be ZCRX_CTRL_FLUSH_RQ or ZCRX_CTRL_EXPORT, the operations there are',
          source: 'io_uring_register_zcrx_ctrl(3) ("The op field specifies the control operation to perform and can be one of"); liburing 2.15 io_uring.h enum zcrx_ctrl_op',
          errno: 'EINVAL',
          unprovable: 'the kernel\'s own answer needs IORING_REGISTER_ZCRX_CTRL (Linux 6.19); this test machine\'s Linux 6.18 refuses every call with -EINVAL, which would prove nothing',
        },
        {
          rule: { kind: 'relation', holds: 'ctrl.__resv.every((v) => v === 0n)', says: 'ctrl.__resv must be 0' },
          message: 'ctrl.__resv must be all zero',
          source: 'io_uring_register_zcrx_ctrl(3) ("The reserved __resv fields must be cleared to zero")',
          errno: 'EINVAL',
          unprovable: 'the kernel\'s own answer needs IORING_REGISTER_ZCRX_CTRL (Linux 6.19); this test machine\'s Linux 6.18 refuses every call with -EINVAL, which would prove nothing',
        },
      ],
    },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  errors: {
    EINVAL: 'an unknown op, non-zero reserved fields, or a kernel without IORING_REGISTER_ZCRX_CTRL (before Linux 6.19)',
    ENXIO: 'the ring has no zero-copy receive context with that zcrx_id',
    EFAULT: 'ctrl is not valid memory',
  },
  quirks: [
    { text: 'the man page says Linux 6.15, but IORING_REGISTER_ZCRX_CTRL is register opcode 36: Linux 6.18 knows 36 opcodes (0 to 35) and refuses it with -EINVAL', source: 'io_uring_register_zcrx_ctrl(3) NOTES; observed on Linux 6.18 (IO_URING_QUERY_OPCODES: nr_register_opcodes 36)' },
    { text: 'a descriptor ZCRX_CTRL_EXPORT returns is the caller\'s to close', source: 'io_uring_register_zcrx_ctrl(3); liburing 2.15 test/zcrx.c (close(box_fd))' },
  ],
  test: {
    async effect({ catchError, expect, io_uring_check_version, io_uring_queue_exit, io_uring_register_zcrx_ctrl, IORING_REGISTER_ZCRX_CTRL, kernelRegisters, liburingVersion, newRing, UnsupportedError, ZCRX_CTRL_EXPORT, ZcrxCtrl }) {
      const ring = newRing(4);
      try {
        const ctrl = new ZcrxCtrl();
        ctrl.op = ZCRX_CTRL_EXPORT;
        if (io_uring_check_version(2, 15)) {
          // liburing older than 2.15 has no io_uring_register_zcrx_ctrl: importing works, calling throws UnsupportedError.
          const error = catchError(() => io_uring_register_zcrx_ctrl(ring, ctrl));
          expect(error).toBeInstanceOf(UnsupportedError);
          expect(error).toMatchObject({ functionName: 'io_uring_register_zcrx_ctrl', needed: '2.15', loaded: liburingVersion() });
          expect(error.message).toContain(`needs liburing 2.15 or newer, but liburing ${liburingVersion()} is loaded`);
          return;
        }
        if (!kernelRegisters(IORING_REGISTER_ZCRX_CTRL)) {
          console.log('io_uring_register_zcrx_ctrl needs Linux 6.19 (IORING_REGISTER_ZCRX_CTRL): checking that this kernel refuses it');
          expect(catchError(() => io_uring_register_zcrx_ctrl(ring, ctrl))).toMatchObject({ name: 'UringError', code: 'EINVAL' });
          return;
        }
        // A zero-copy receive context needs a NIC that can do it (io_uring_register_ifq): this ring has none, so exporting
        // context 0 is refused, as liburing's own test expects (test/zcrx.c, "exported without zcrx").
        console.log('io_uring_register_zcrx_ctrl: a context needs a NIC with header split and flow steering; checking the refusal without one');
        const error = catchError(() => io_uring_register_zcrx_ctrl(ring, ctrl));
        expect(error).toMatchObject({ name: 'UringError', syscall: 'io_uring_register_zcrx_ctrl' });
        expect(error.errno).toBeLessThan(0);
        expect(ctrl.zc_export.zcrx_fd).toBe(0); // no descriptor was made
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_register_zcrx_ctrl, newRing, ZCRX_CTRL_FLUSH_RQ, ZcrxCtrl }) {
      const ring = newRing(4);
      const ctrl = new ZcrxCtrl();
      ctrl.op = ZCRX_CTRL_FLUSH_RQ;
      const args = [ring, ctrl] as Parameters<typeof io_uring_register_zcrx_ctrl>;
      return { args, ctrl, cleanup: () => exitQuietly(ring) };
    },
    violations: {
      'ctrl.relation': { before: ({ ctrl }) => { ctrl.op = 7; } },
      'ctrl.relation#2': { before: ({ ctrl }) => { ctrl.__resv[0] = 1n; } },
    },
  },
});
