import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_register_ifq',
  since: '2.10',
  kernel: '6.15',
  category: 'register',
  summary: 'Register a zero-copy receive context: a NIC hardware receive queue that places data straight into an area of user memory (IORING_REGISTER_ZCRX_IFQ).',
  description:
    'reg names the interface (if_idx) and its receive queue (if_rxq), the area to receive into (area_ptr: an io_uring_zcrx_area_reg) ' +
    'and the memory of the refill queue (region_ptr: an io_uring_region_desc of rq_entries entries); the kernel fills in offsets and ' +
    'zcrx_id. The ring must be set up with IORING_SETUP_DEFER_TASKRUN and IORING_SETUP_CQE32 (or IORING_SETUP_CQE_MIXED), the caller ' +
    'needs CAP_NET_ADMIN, and the NIC must support header split and flow steering to the queue: devices without a queue management ' +
    'API (loopback) refuse it with -EOPNOTSUPP.',
  man: 'io_uring_register_ifq(3)',
  params: [
    {
      name: 'ring',
      type: 'struct io_uring *',
      doc: 'The ring, set up with IORING_SETUP_DEFER_TASKRUN (and IORING_SETUP_SINGLE_ISSUER) and IORING_SETUP_CQE32 or IORING_SETUP_CQE_MIXED.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'hasFlag(ring.flags, IORING_SETUP_DEFER_TASKRUN)', says: 'the ring must be set up with IORING_SETUP_DEFER_TASKRUN' },
          message: 'the ring must be set up with IORING_SETUP_DEFER_TASKRUN (and IORING_SETUP_SINGLE_ISSUER, and IORING_SETUP_CQE32 or IORING_SETUP_CQE_MIXED) to receive zero-copy',
          source: 'io_uring_register_ifq(3) ("The io_uring ring must have been created with IORING_SETUP_DEFER_TASKRUN and either IORING_SETUP_CQE32 or IORING_SETUP_CQE_MIXED flags set"); observed -EINVAL on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
    {
      name: 'reg',
      type: 'struct io_uring_zcrx_ifq_reg *',
      dir: 'inout',
      doc: 'The registration (an IoUringZcrxIfqReg); the kernel sets offsets and zcrx_id.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'reg.area_ptr !== 0n', says: 'reg.area_ptr must be the address of a struct io_uring_zcrx_area_reg' },
          message: 'reg.area_ptr must hold the address of the receive area\'s description (an IoUringZcrxAreaReg\'s .address), not 0',
          source: 'liburing 2.15 io_uring.h (area_ptr: "pointer to struct io_uring_zcrx_area_reg"); observed -EFAULT for 0 on Linux 6.18',
          errno: 'EFAULT',
        },
        {
          rule: { kind: 'relation', holds: 'reg.region_ptr !== 0n', says: 'reg.region_ptr must be the address of a struct io_uring_region_desc' },
          message: 'reg.region_ptr must hold the address of the refill queue\'s memory region description (an IoUringRegionDesc\'s .address), not 0',
          source: 'liburing 2.15 io_uring.h (region_ptr: "struct io_uring_region_desc *"); observed -EFAULT for 0 on Linux 6.18',
          errno: 'EFAULT',
        },
        {
          rule: { kind: 'relation', holds: 'reg.rq_entries > 0', says: 'reg.rq_entries must be at least 1' },
          message: 'reg.rq_entries, the refill queue size, must be at least 1',
          source: 'io_uring_register(2) IORING_REGISTER_ZCRX_IFQ; observed -EINVAL for 0 on Linux 6.18',
          errno: 'EINVAL',
        },
        {
          rule: { kind: 'flags', field: 'flags', allowed: ['ZCRX_REG_IMPORT', 'ZCRX_REG_NODEV'], decidedBy: 'kernel' },
          message: 'reg.flags must be a combination of ZCRX_REG_IMPORT and ZCRX_REG_NODEV, or 0',
          source: 'liburing 2.15 io_uring.h enum zcrx_reg_flags; observed -EINVAL for 4 on Linux 6.18',
          errno: 'EINVAL',
        },
        {
          rule: { kind: 'relation', holds: 'reg.zcrx_id === 0 && reg.__resv.every((v) => v === 0n)', says: 'reg.zcrx_id and reg.__resv must be 0' },
          message: 'reg.zcrx_id (the kernel\'s answer) and reg.__resv must be 0 before the call: use a fresh IoUringZcrxIfqReg for each registration',
          source: 'observed -EINVAL for a non-zero zcrx_id or __resv on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 when the context is registered; reg.zcrx_id and reg.offsets are then set.' },
  errors: {
    EINVAL: 'the ring lacks IORING_SETUP_DEFER_TASKRUN or 32-byte CQEs, reserved fields or zcrx_id are not 0, unknown flags, rq_entries 0, rx_buf_len on a kernel without ZCRX_FEATURE_RX_PAGE_SIZE, or a kernel without IORING_REGISTER_ZCRX_IFQ (before Linux 6.15)',
    EOPNOTSUPP: 'the device cannot do zero-copy receive (no queue management API, header split or flow steering: loopback, most virtual NICs), or the area is not usable (length 0, not page-aligned)',
    ENODEV: 'no interface has index if_idx',
    EFAULT: 'reg, area_ptr or region_ptr is not valid memory',
    EPERM: 'the process lacks CAP_NET_ADMIN',
    EBUSY: 'the receive queue is already used by another context',
  },
  quirks: [
    { text: 'area_ptr and region_ptr are plain integers, so liburing-ts can neither check what they point to nor keep it alive: the area (page-aligned user memory) and the refill queue\'s region are pinned by the kernel and must stay mapped until io_uring_queue_exit', source: 'io_uring_register(2) IORING_REGISTER_ZCRX_IFQ; kernel io_uring/zcrx.c' },
    { text: 'rx_buf_len (__resv2 before liburing 2.15) must be 0 on kernels without ZCRX_FEATURE_RX_PAGE_SIZE: Linux 6.18 refuses a non-zero one with -EINVAL', source: 'liburing 2.15 io_uring.h enum zcrx_features; observed on Linux 6.18' },
    { text: 'the ring must also be IORING_SETUP_CQE32 or IORING_SETUP_CQE_MIXED (Linux 6.18 refuses a ring with 16-byte CQEs with -EINVAL); liburing-ts checks only IORING_SETUP_DEFER_TASKRUN before C is called', source: 'io_uring_register_ifq(3); observed on Linux 6.18' },
  ],
  test: {
    async effect({ addressOf, allocAligned, catchError, expect, freeAligned, io_uring_check_version, io_uring_queue_exit, io_uring_register_ifq, IORING_MEM_REGION_TYPE_USER, IORING_SETUP_CQE32, IORING_SETUP_DEFER_TASKRUN, IORING_SETUP_SINGLE_ISSUER, IoUringRegionDesc, IoUringZcrxAreaReg, IoUringZcrxIfqReg, kernelAtLeast, libc, liburingVersion, newRing, UnsupportedError }) {
      // A complete registration for the loopback interface: a 64 KiB receive area and a 16 KiB refill queue region.
      const ifIndex = libc.func('unsigned int if_nametoindex(const char *)') as (name: string) => number;
      const area = allocAligned(65536);
      const rq = allocAligned(16384);
      const ring = newRing(8, IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_CQE32);
      try {
        const areaReg = new IoUringZcrxAreaReg();
        areaReg.addr = addressOf(area);
        areaReg.len = 65536;
        const region = new IoUringRegionDesc();
        region.user_addr = addressOf(rq);
        region.size = 16384;
        region.flags = IORING_MEM_REGION_TYPE_USER;
        const registration = (ifIdx: number) => {
          const reg = new IoUringZcrxIfqReg();
          reg.if_idx = ifIdx;
          reg.if_rxq = 0;
          reg.rq_entries = 64;
          reg.area_ptr = areaReg.address;
          reg.region_ptr = region.address;
          return reg;
        };
        const lo = registration(ifIndex('lo'));
        if (io_uring_check_version(2, 10)) {
          // liburing older than 2.10 has no io_uring_register_ifq: importing works, calling throws UnsupportedError.
          const error = catchError(() => io_uring_register_ifq(ring, lo));
          expect(error).toBeInstanceOf(UnsupportedError);
          expect(error).toMatchObject({ functionName: 'io_uring_register_ifq', needed: '2.10', loaded: liburingVersion() });
          expect(error.message).toContain(`needs liburing 2.10 or newer, but liburing ${liburingVersion()} is loaded`);
          return;
        }
        if (!kernelAtLeast('6.15')) {
          console.log('io_uring_register_ifq needs Linux 6.15 (IORING_REGISTER_ZCRX_IFQ): checking that this kernel refuses it');
          expect(catchError(() => io_uring_register_ifq(ring, lo))).toMatchObject({ name: 'UringError', code: 'EINVAL' });
          return;
        }
        if (process.getuid?.() !== 0) {
          expect(catchError(() => io_uring_register_ifq(ring, lo))).toMatchObject({ name: 'UringError', code: 'EPERM' });
          return;
        }
        // Zero-copy receive needs a NIC with header split and flow steering: the kernel checks everything it can first,
        // then the device. An interface that does not exist is -ENODEV; loopback, which has no queue management API, -EOPNOTSUPP.
        console.log('io_uring_register_ifq: receiving needs a NIC with header split and flow steering; checking the kernel\'s answers for none and for loopback');
        expect(catchError(() => io_uring_register_ifq(ring, registration(0x7fff_fff0)))).toMatchObject({ name: 'UringError', code: 'ENODEV' });
        expect(catchError(() => io_uring_register_ifq(ring, lo))).toMatchObject({ name: 'UringError', code: 'EOPNOTSUPP' });
        expect(lo.zcrx_id).toBe(0); // nothing was registered
      } finally {
        io_uring_queue_exit(ring);
        freeAligned(area);
        freeAligned(rq);
      }
    },
    async valid({ addressOf, allocAligned, exitQuietly, freeAligned, io_uring_register_ifq, IORING_MEM_REGION_TYPE_USER, IORING_SETUP_CQE32, IORING_SETUP_DEFER_TASKRUN, IORING_SETUP_SINGLE_ISSUER, IoUringRegionDesc, IoUringZcrxAreaReg, IoUringZcrxIfqReg, libc, newRing }) {
      // Everything right for the loopback interface, which then refuses zero-copy receive (-EOPNOTSUPP): a violation shows C's own check.
      const ifIndex = libc.func('unsigned int if_nametoindex(const char *)') as (name: string) => number;
      const area = allocAligned(65536);
      const rq = allocAligned(16384);
      const ring = newRing(8, IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_CQE32);
      const plain = newRing(4);
      const areaReg = new IoUringZcrxAreaReg();
      areaReg.addr = addressOf(area);
      areaReg.len = 65536;
      const region = new IoUringRegionDesc();
      region.user_addr = addressOf(rq);
      region.size = 16384;
      region.flags = IORING_MEM_REGION_TYPE_USER;
      const reg = new IoUringZcrxIfqReg();
      reg.if_idx = ifIndex('lo');
      reg.rq_entries = 64;
      reg.area_ptr = areaReg.address;
      reg.region_ptr = region.address;
      const args = [ring, reg] as Parameters<typeof io_uring_register_ifq>;
      return {
        args,
        reg,
        plain,
        areaReg,
        region,
        cleanup: () => {
          exitQuietly(ring);
          exitQuietly(plain);
          freeAligned(area);
          freeAligned(rq);
        },
      };
    },
    violations: {
      'ring.relation': { args: { ring: ({ plain }) => plain } },
      'reg.relation': { before: ({ reg }) => { reg.area_ptr = 0n; } },
      'reg.relation#2': { before: ({ reg }) => { reg.region_ptr = 0n; } },
      'reg.relation#3': { before: ({ reg }) => { reg.rq_entries = 0; } },
      'reg.relation#4': { before: ({ reg }) => { reg.zcrx_id = 5; } },
    },
  },
});
