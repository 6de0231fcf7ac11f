import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_register_wait_reg',
  since: '2.9',
  category: 'register',
  summary: 'A stub in liburing 2.9: always returns -EINVAL. Register wait regions with io_uring_register_region instead.',
  description:
    'Declared to register nr struct io_uring_reg_wait entries for io_uring_submit_and_wait_reg, but liburing 2.9 implements ' +
    'it as "return -EINVAL" (it is still a stub in later releases). Use io_uring_register_region with ' +
    'IORING_MEM_REGION_REG_WAIT_ARG on a ring created with IORING_SETUP_R_DISABLED.',
  man: null,
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    { name: 'reg', type: 'struct io_uring_reg_wait *', doc: 'Unused by liburing 2.9.' },
    { name: 'nr', type: 'int', doc: 'Unused by liburing 2.9.' },
  ],
  returns: { kind: 'errno', type: 'int', doc: 'Never succeeds in liburing 2.9: always -EINVAL.' },
  errors: {
    EINVAL: 'liburing 2.9 does not implement io_uring_register_wait_reg (it always returns -EINVAL): use io_uring_register_region with IORING_MEM_REGION_REG_WAIT_ARG on a ring created with IORING_SETUP_R_DISABLED',
  },
  quirks: [
    { text: 'always returns -EINVAL without entering the kernel: the 2.9 implementation is "return -EINVAL" (liburing commit b38747291d50, "queue: break reg wait setup", left it a stub)', source: 'liburing 2.9 src/register.c io_uring_register_wait_reg(); disassembly of liburing-ffi.so.2.9 (mov $0xffffffea,%eax; ret); observed -EINVAL on Linux 6.18' },
    { text: 'liburing 2.9 ships a man page io_uring_register_reg_wait(3) (with the words swapped) for a function that does not exist; there is no page for this name', source: 'liburing 2.9 man3/io_uring_register_reg_wait.3, io_uring_setup_reg_wait.3' },
  ],
  test: {
    async effect({ addressOf, allocAligned, catchError, errnoNumber, expect, io_uring_queue_exit, io_uring_register_region, io_uring_register_wait_reg, IORING_MEM_REGION_REG_WAIT_ARG, IORING_MEM_REGION_TYPE_USER, IORING_REG_WAIT_TS, IORING_SETUP_R_DISABLED, IoUringMemRegionReg, IoUringRegionDesc, IoUringRegWait, newRing, pageSize, unchecked_io_uring_register_wait_reg }) {
      const ring = newRing(4, IORING_SETUP_R_DISABLED);
      try {
        const waits = IoUringRegWait.array(4);
        waits.item(0).ts.tv_nsec = 1_000_000;
        waits.item(0).flags = IORING_REG_WAIT_TS;
        // Valid arguments, on a disabled ring: still -EINVAL, from liburing itself.
        expect(Number(unchecked_io_uring_register_wait_reg(ring, waits, 4))).toBe(-errnoNumber('EINVAL'));
        const error = catchError(() => io_uring_register_wait_reg(ring, waits, 4));
        expect(error).toMatchObject({ name: 'UringError', code: 'EINVAL' });
        expect(String(error.message)).toMatch(/io_uring_register_region/);
        // Nothing was registered: the real registration still works.
        const page = allocAligned(pageSize());
        const desc = new IoUringRegionDesc();
        desc.user_addr = addressOf(page);
        desc.size = pageSize();
        desc.flags = IORING_MEM_REGION_TYPE_USER;
        const reg = new IoUringMemRegionReg();
        reg.region_uptr = desc.address;
        reg.flags = IORING_MEM_REGION_REG_WAIT_ARG;
        expect(io_uring_register_region(ring, reg)).toBe(0);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_register_wait_reg, IoUringRegWait, newRing }) {
      const ring = newRing(4);
      const args = [ring, new IoUringRegWait(), 1] as Parameters<typeof io_uring_register_wait_reg>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
  },
});
