import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_register_buf_ring',
  since: '2.2',
  category: 'buf-ring',
  summary: 'Register memory of your own as a buffer ring for buffer group reg.bgid (IORING_REGISTER_PBUF_RING).',
  description:
    'reg.ring_addr is the address of page-aligned memory of reg.ring_entries * 16 bytes (e.g. addressOf(allocAligned(n * 16))), reg.ring_entries a power of two ' +
    'up to 32768, reg.bgid the group. To work with the ring, view the same memory as an IoUringBufRing: ' +
    'IoUringBufRing.at(new DataView(mem.buffer, mem.byteOffset, n * IoUringBuf.size), 0, addressOf(mem), OWNED), then io_uring_buf_ring_init, ' +
    'io_uring_buf_ring_add and io_uring_buf_ring_advance. io_uring_setup_buf_ring does all of this for you.',
  man: 'io_uring_register_buf_ring(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    {
      name: 'reg',
      type: 'struct io_uring_buf_reg *',
      dir: 'inout',
      doc: 'ring_addr, ring_entries, bgid and flags; the reserved fields must be 0. liburing ORs flags into reg.flags.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'reg.ring_entries >= 1 && reg.ring_entries <= 32768 && (reg.ring_entries & (reg.ring_entries - 1)) === 0', says: 'reg.ring_entries must be a power of two from 1 to 32768' },
          message: 'reg.ring_entries must be a power of two, at most 32768',
          source: 'io_uring_register_buf_ring(3) ("must be a power-of-2 in size. The maximum size allowed is 2^15"); kernel io_uring/kbuf.c io_register_pbuf_ring(); observed -EINVAL for 3 on Linux 6.18',
          errno: 'EINVAL',
        },
        {
          rule: { kind: 'relation', holds: '((reg.flags | flags) & IOU_PBUF_RING_MMAP) !== 0 || reg.ring_addr % BigInt(pageSize()) === 0n', says: 'reg.ring_addr must be the address of page-aligned memory (allocAligned), unless IOU_PBUF_RING_MMAP asks the kernel to allocate the ring' },
          message: 'reg.ring_addr must be a page-aligned address of memory for the ring, e.g. addressOf(allocAligned(size))',
          source: 'io_uring_register_buf_ring(3) ("The memory must be page aligned"); kernel io_uring/memmap.c io_create_region() (user_addr not page-aligned: -EINVAL); observed -EINVAL for an address 64 bytes into a page on Linux 6.18',
          errno: 'EINVAL',
        },
        {
          rule: { kind: 'relation', holds: 'reg.resv.every((v) => v === 0n)', says: 'reg.resv must be all zero' },
          message: 'reg.resv[0..2] must be 0: the kernel refuses reserved fields it does not know',
          source: 'io_uring_register_buf_ring(3) ("The rest of the fields are reserved and must be cleared to zero"); kernel io_uring/kbuf.c io_register_pbuf_ring(); observed -EINVAL on Linux 6.18',
          errno: 'EINVAL',
        },
        {
          rule: { kind: 'flags', field: 'flags', allowed: ['IOU_PBUF_RING_MMAP', 'IOU_PBUF_RING_INC'] },
          message: 'reg.flags may hold only IOU_PBUF_RING_MMAP and IOU_PBUF_RING_INC',
          source: 'kernel io_uring/kbuf.c io_register_pbuf_ring() (reg.flags & ~(IOU_PBUF_RING_MMAP | IOU_PBUF_RING_INC)); observed -EINVAL for 0x4 on Linux 6.18',
          errno: 'EINVAL',
        },
        {
          id: 'ring-addr-null',
          rule: { kind: 'relation', holds: '((reg.flags | flags) & IOU_PBUF_RING_MMAP) !== 0 || reg.ring_addr !== 0n', says: 'reg.ring_addr must be the address of the ring memory, not 0 (set it with addressOf(allocAligned(size))), unless IOU_PBUF_RING_MMAP asks the kernel to allocate the ring' },
          message: 'reg.ring_addr must not be 0 (NULL): the kernel pins the ring memory at that address',
          source: 'io_uring_register_buf_ring(3) (ring_addr is the ring\'s memory); kernel io_uring/memmap.c io_create_region()/io_pin_pages() (a NULL user address cannot be pinned: -EFAULT); schema-audit-2026-12 §2; observed -EFAULT for ring_addr 0 on Linux 6.18',
          errno: 'EFAULT',
        },
      ],
    },
    {
      name: 'flags',
      type: 'unsigned int',
      doc: 'ORed into reg.flags: IOU_PBUF_RING_INC (Linux 6.12+), IOU_PBUF_RING_MMAP.',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['IOU_PBUF_RING_MMAP', 'IOU_PBUF_RING_INC'] },
          message: 'flags may hold only IOU_PBUF_RING_MMAP and IOU_PBUF_RING_INC (bits above 16 would be dropped silently: reg.flags has 16 bits)',
          source: 'io_uring_register_buf_ring(3) (flags); liburing 2.9 src/register.c io_uring_register_buf_ring (reg->flags |= flags); observed -EINVAL for 0x4 on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
  ],
  bookkeeping: 'buf-ring-register',
  returns: { kind: 'errno', type: 'int', doc: '0: the ring is registered.' },
  errors: {
    EEXIST: 'reg.bgid is already a buffer group of this ring',
    EINVAL: 'reg.ring_entries is not a power of two up to 32768, reg.ring_addr is not page-aligned, or flags or reserved fields are set',
    EFAULT: 'reg.ring_addr is not mapped memory of the ring\'s size',
  },
  quirks: [
    { text: 'the kernel keeps using the ring memory until io_uring_unregister_buf_ring or io_uring_queue_exit, but reg.ring_addr is a plain integer: liburing-ts does not hold the memory; keep it reachable and do not freeAligned it before unregistering', source: 'liburing/io_uring.h struct io_uring_buf_reg (__u64 ring_addr); liburing-ts runtime' },
    { text: 'liburing ORs flags into reg.flags: the caller\'s struct is changed', source: 'liburing 2.9 src/register.c io_uring_register_buf_ring' },
    { text: 'with IOU_PBUF_RING_MMAP the kernel allocates the ring and ignores ring_addr; map it from the ring fd at IORING_OFF_PBUF_RING | (bgid << IORING_OFF_PBUF_SHIFT)', source: 'kernel io_uring/kbuf.c io_register_pbuf_ring(); liburing 2.9 src/setup.c br_setup (hppa path)' },
  ],
  test: {
    async effect({ addressOf, allocAligned, catchError, expect, freeAligned, io_uring_buf_ring_add, io_uring_buf_ring_advance, io_uring_buf_ring_init, io_uring_buf_ring_mask, io_uring_get_sqe, io_uring_prep_read, io_uring_queue_exit, io_uring_register_buf_ring, io_uring_sqe_set_buf_group, io_uring_sqe_set_flags, io_uring_unregister_buf_ring, IORING_CQE_BUFFER_SHIFT, IOSQE_BUFFER_SELECT, IOU_PBUF_RING_MMAP, IoUringBuf, IoUringBufReg, IoUringBufRing, newRing, OWNED, tempDir, waitOne }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      writeFileSync(dir.file('data'), 'own memory');
      const fd = openSync(dir.file('data'), 'r');
      const ring = newRing(4);
      const mem = allocAligned(4096);
      try {
        const reg = new IoUringBufReg();
        reg.ring_addr = addressOf(mem);
        reg.ring_entries = 8;
        reg.bgid = 21;
        expect(io_uring_register_buf_ring(ring, reg, 0)).toBe(0);
        const br = IoUringBufRing.at(new DataView(mem.buffer, mem.byteOffset, 8 * IoUringBuf.size), 0, addressOf(mem), OWNED);
        io_uring_buf_ring_init(br);
        const buf = new Uint8Array(16);
        io_uring_buf_ring_add(br, buf, 16, 77, io_uring_buf_ring_mask(8), 0);
        io_uring_buf_ring_advance(br, 1);
        // The kernel reads the ring from our memory: a read takes buffer 77.
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_read(sqe, fd, new Uint8Array(16), 16, 0);
        sqe.addr = 0n;
        io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
        io_uring_sqe_set_buf_group(sqe, 21);
        const c = waitOne(ring);
        expect(c.res).toBe(10);
        expect(c.flags >>> IORING_CQE_BUFFER_SHIFT).toBe(77);
        expect(Buffer.from(buf.subarray(0, 10)).toString()).toBe('own memory');
        // The group is taken now.
        expect(catchError(() => io_uring_register_buf_ring(ring, reg, 0))).toMatchObject({ name: 'UringError', code: 'EEXIST' });
        // flags are ORed into reg.flags.
        const reg2 = new IoUringBufReg();
        reg2.ring_entries = 4;
        reg2.bgid = 22;
        expect(io_uring_register_buf_ring(ring, reg2, IOU_PBUF_RING_MMAP)).toBe(0);
        expect(reg2.flags).toBe(IOU_PBUF_RING_MMAP);
        io_uring_unregister_buf_ring(ring, 21);
        io_uring_unregister_buf_ring(ring, 22);
      } finally {
        io_uring_queue_exit(ring);
        freeAligned(mem);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ addressOf, allocAligned, exitQuietly, freeAligned, io_uring_register_buf_ring, IoUringBufReg, newRing }) {
      const ring = newRing(4);
      const mem = allocAligned(4096);
      const reg = new IoUringBufReg();
      reg.ring_addr = addressOf(mem);
      reg.ring_entries = 8;
      reg.bgid = 1;
      const args = [ring, reg, 0] as Parameters<typeof io_uring_register_buf_ring>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
          freeAligned(mem);
        },
        reg,
      };
    },
    violations: {
      'reg.relation': { before: ({ reg }) => { reg.ring_entries = 3; } },
      'ring-addr-null': { before: ({ reg }) => { reg.ring_addr = 0n; } },
      'reg.relation#2': { before: ({ reg }) => { reg.ring_addr = reg.ring_addr + 64n; } },
      'reg.relation#3': { before: ({ reg }) => { reg.resv[1] = 1n; } },
    },
  },
});
