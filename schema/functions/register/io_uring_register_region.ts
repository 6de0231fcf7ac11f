import { defineFunction } from '../../language.js';
import type { IoUring, IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_register_region',
  since: '2.9',
  category: 'register',
  summary: 'Register a memory region with the ring (IORING_REGISTER_MEM_REGION), e.g. an array of io_uring_reg_wait entries for io_uring_submit_and_wait_reg.',
  description:
    'reg.region_uptr is the address of a struct io_uring_region_desc: with IORING_MEM_REGION_TYPE_USER, user_addr and size ' +
    'name page-aligned caller memory (a multiple of the page size); without it, the kernel allocates size bytes and writes ' +
    'the offset to mmap them at into mmap_offset. With IORING_MEM_REGION_REG_WAIT_ARG in reg.flags the region holds ' +
    'struct io_uring_reg_wait entries for registered waits; that needs a ring created with IORING_SETUP_R_DISABLED and not ' +
    'yet enabled. One region per ring, for the ring\'s lifetime. Linux 6.13+.',
  man: null,
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    {
      name: 'reg',
      type: 'struct io_uring_mem_region_reg *',
      doc: 'region_uptr: the address of an IoUringRegionDesc (desc.address); flags: 0 or IORING_MEM_REGION_REG_WAIT_ARG.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'reg.region_uptr !== 0n', says: 'reg.region_uptr must be the address of a struct io_uring_region_desc' },
          message: 'reg.region_uptr must hold the address of a struct io_uring_region_desc (an IoUringRegionDesc\'s .address)',
          source: 'kernel io_uring/register.c io_register_mem_region() (copy_from_user of the descriptor gives -EFAULT); observed -EFAULT for 0 on Linux 6.18',
          errno: 'EFAULT',
        },
        {
          rule: { kind: 'flags', field: 'flags', allowed: ['IORING_MEM_REGION_REG_WAIT_ARG'] },
          message: 'reg.flags must be 0 or IORING_MEM_REGION_REG_WAIT_ARG',
          source: 'kernel io_uring/register.c io_register_mem_region() (unknown flags give -EINVAL); observed -EINVAL for 2 on Linux 6.18',
          errno: 'EINVAL',
          // flags is a __u64 (bigint): the default violation's |= would mix types.
        },
        {
          rule: { kind: 'relation', holds: 'reg.__resv.every((v) => v === 0n)', says: 'reg.__resv must be zero' },
          message: 'reg.__resv must be all zero',
          source: 'kernel io_uring/register.c io_register_mem_region() (memchr_inv(reg.__resv) gives -EINVAL); observed -EINVAL on Linux 6.18',
          errno: 'EINVAL',
        },
        {
          rule: {
            kind: 'relation',
            holds: '!hasFlag(reg.flags, IORING_MEM_REGION_REG_WAIT_ARG) || hasFlag(ring.flags, IORING_SETUP_R_DISABLED)',
            says: 'a wait-argument region needs a ring created with IORING_SETUP_R_DISABLED',
          },
          message: 'with IORING_MEM_REGION_REG_WAIT_ARG the ring must have been created with IORING_SETUP_R_DISABLED and not be enabled yet (the kernel cannot synchronise with waiters on a running ring)',
          source: 'kernel io_uring/register.c io_register_mem_region() (REG_WAIT_ARG on a ring without IORING_SETUP_R_DISABLED gives -EINVAL); observed -EINVAL on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 on success; a kernel-allocated region\'s mmap offset is written to the descriptor\'s mmap_offset.' },
  errors: {
    EBUSY: 'the ring already has a region registered',
    EFAULT: 'reg or the descriptor it points to is not readable, or the user memory is not writable',
    EINVAL: 'unknown flags, non-zero reserved fields, a user_addr or size that is not page-aligned (or size 0), or a wait region on a ring that is not disabled',
  },
  quirks: [
    { text: 'the descriptor is reached through the integer reg.region_uptr, so liburing-ts cannot check it: user_addr must be page-aligned and size a non-zero multiple of the page size (else -EINVAL), and memory it names must stay mapped until io_uring_queue_exit (the kernel pins it; nothing keeps it alive or stops freeAligned)', source: 'kernel io_uring/memmap.c io_create_region(); observed -EINVAL for user_addr + 8, size 100 and size 0 on Linux 6.18' },
    { text: 'a ring can register one region for its lifetime: a second call gives -EBUSY; a wait-argument region must be registered before io_uring_enable_rings, as afterwards the kernel refuses it with -EINVAL', source: 'kernel io_uring/register.c io_register_mem_region() (io_region_is_set gives -EBUSY); observed on Linux 6.18' },
    { text: 'liburing 2.9 has no man page for it; io_uring_register_wait_reg and io_uring_setup_reg_wait, documented for registered waits, do not work in 2.9: this is the way to register wait regions', source: 'liburing 2.9 man pages; src/register.c io_uring_register_wait_reg() returns -EINVAL' },
  ],
  test: {
    async effect({ addressOf, allocAligned, catchError, errnoNumber, expect, freeAligned, io_uring_queue_exit, io_uring_register, io_uring_register_region, io_uring_submit_and_wait_reg, IORING_MEM_REGION_REG_WAIT_ARG, IORING_MEM_REGION_TYPE_USER, IORING_REG_WAIT_TS, IORING_REGISTER_ENABLE_RINGS, IORING_SETUP_R_DISABLED, IoUring, IoUringCqe, IoUringMemRegionReg, IoUringRegionDesc, IoUringRegWait, newRing, OutPointer, pageSize }) {
      // io_uring_submit_and_wait_reg on entry 0, its result as -errno whether returned or thrown.
      const waitReg = (r: IoUring) => {
        try {
          return io_uring_submit_and_wait_reg(r, new OutPointer<IoUringCqe>(), 1, 0);
        } catch (e) {
          return (e as { errno: number }).errno; // negative, as Node gives it
        }
      };
      // A wait region: one page of io_uring_reg_wait entries, registered while the ring is disabled.
      const ring = newRing(4, IORING_SETUP_R_DISABLED);
      const page = allocAligned(pageSize());
      try {
        const desc = new IoUringRegionDesc();
        desc.user_addr = addressOf(page);
        desc.size = pageSize();
        desc.flags = IORING_MEM_REGION_TYPE_USER;
        const reg = new IoUringMemRegionReg();
        reg.region_uptr = desc.address;
        reg.flags = IORING_MEM_REGION_REG_WAIT_ARG;
        expect(io_uring_register_region(ring, reg)).toBe(0);
        expect(catchError(() => io_uring_register_region(ring, reg))).toMatchObject({ name: 'UringError', code: 'EBUSY' });
        expect(io_uring_register(ring.ring_fd, IORING_REGISTER_ENABLE_RINGS, null, 0)).toBe(0);
        // Entry 0 of the region: a 30 ms timeout. A registered wait naming it times out after 30 ms.
        const wait0 = IoUringRegWait.borrow(addressOf(page), { alive: true, reason: '' });
        wait0.ts.tv_nsec = 30_000_000;
        wait0.flags = IORING_REG_WAIT_TS;
        const start = process.hrtime.bigint();
        expect(waitReg(ring)).toBe(-errnoNumber('ETIME'));
        expect(process.hrtime.bigint() - start).toBeGreaterThanOrEqual(25_000_000n);
      } finally {
        io_uring_queue_exit(ring);
      }
      freeAligned(page);
      // Without a region the same wait is refused.
      const plain = newRing(4);
      try {
        expect(waitReg(plain)).toBe(-errnoNumber('EFAULT'));
        // A kernel-allocated region (no TYPE_USER): the kernel fills in where to mmap it.
        const desc = new IoUringRegionDesc();
        desc.size = pageSize();
        const reg = new IoUringMemRegionReg();
        reg.region_uptr = desc.address;
        expect(io_uring_register_region(plain, reg)).toBe(0);
        expect(desc.mmap_offset).not.toBe(0n);
      } finally {
        io_uring_queue_exit(plain);
      }
    },
    async valid({ addressOf, allocAligned, exitQuietly, freeAligned, io_uring_register_region, IORING_MEM_REGION_REG_WAIT_ARG, IORING_MEM_REGION_TYPE_USER, IORING_SETUP_R_DISABLED, IoUringMemRegionReg, IoUringRegionDesc, newRing, pageSize }) {
      const ring = newRing(4, IORING_SETUP_R_DISABLED);
      const plain = newRing(4);
      const page = allocAligned(pageSize());
      const desc = new IoUringRegionDesc();
      desc.user_addr = addressOf(page);
      desc.size = pageSize();
      desc.flags = IORING_MEM_REGION_TYPE_USER;
      const reg = new IoUringMemRegionReg();
      reg.region_uptr = desc.address;
      reg.flags = IORING_MEM_REGION_REG_WAIT_ARG;
      const args = [ring, reg] as Parameters<typeof io_uring_register_region>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
          exitQuietly(plain);
          freeAligned(page);
        },
        plain,
        reg,
      };
    },
    violations: {
      'reg.relation': { before: ({ reg }) => { reg.region_uptr = 0n; } },
      'reg.flags': { before: ({ reg }) => { reg.flags = 2n; } },
      'reg.relation#2': { before: ({ reg }) => { reg.__resv[0] = 1n; } },
      'reg.relation#3': { args: { ring: ({ plain }) => plain } },
    },
  },
});
