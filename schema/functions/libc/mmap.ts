import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'mmap',
  since: 'glibc 2.0',
  category: 'libc',
  library: 'libc',
  summary: 'Map a file, a kernel object (an io_uring buffer ring) or anonymous memory, as a Uint8Array over the mapping (mmap(2)).',
  description:
    'The kernel chooses the address (addr is null). The result is a Uint8Array of length bytes over the mapped pages; free it ' +
    'with munmap(view, length), after which every wrapper refuses it (and structs viewed over it with lifetimeOf(view) throw). ' +
    'If it becomes unreachable first, the garbage collector unmaps it. A kernel-allocated buffer ring (io_uring_register_buf_ring ' +
    'with IOU_PBUF_RING_MMAP) is mapped from the ring fd: mmap(null, entries * IoUringBuf.size, PROT_READ | PROT_WRITE, ' +
    'MAP_SHARED | MAP_POPULATE, ring.ring_fd, IORING_OFF_PBUF_RING | (BigInt(bgid) << IORING_OFF_PBUF_SHIFT)).',
  man: 'mmap(2)',
  params: [
    {
      name: 'addr',
      type: 'void *',
      nullable: true,
      doc: 'Where to place the mapping: null, so that the kernel chooses.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'addr === null', says: 'addr must be null' },
          message: 'addr must be null: liburing-ts lets the kernel choose the address, because a mapping placed over memory Node uses (with MAP_FIXED) would corrupt it',
          source: 'mmap(2) ("If addr is NULL, then the kernel chooses the (page-aligned) address"; MAP_FIXED: "any existing mappings ... are discarded"); liburing-ts memory safety',
          errno: null,
          unprovable: 'a liburing-ts policy, not a C requirement: without MAP_FIXED C takes a non-null addr as a hint and maps elsewhere when it is taken, so no raw call shows a refusal; with MAP_FIXED it would replace memory Node uses',
        },
      ],
    },
    {
      name: 'length',
      type: 'size_t',
      doc: 'The length of the mapping in bytes (the kernel maps whole pages; the view has exactly length bytes).',
      preconditions: [
        {
          rule: { kind: 'range', min: 1 },
          message: 'length must be at least 1',
          source: 'mmap(2) ERRORS ("EINVAL (since Linux 2.6.12) length was 0"); observed -1/EINVAL on Linux 6.18',
          errno: 'EINVAL',
        },
        {
          rule: { kind: 'range', max: 4294967296 },
          message: 'length must be at most 4 GiB (2^32 bytes): the result is a Uint8Array over the mapping, and koffi aborts the process when asked for a longer view (observed on Node 20)',
          source: 'liburing-ts runtime/memory.ts adoptMapping (koffi.view); observed a fatal napi error for 2^33 bytes on Node 20.20 with koffi 3.3',
          errno: null,
          unprovable: 'the raw call would map more than 4 GiB and koffi aborts the process when asked for a view that long (observed on Node 20)',
        },
      ],
    },
    {
      name: 'prot',
      type: 'int',
      doc: 'PROT_READ | PROT_WRITE, and PROT_EXEC if wanted.',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['PROT_READ', 'PROT_WRITE', 'PROT_EXEC'] },
          message: 'prot may hold only PROT_READ, PROT_WRITE and PROT_EXEC',
          source: 'mmap(2) (prot: "PROT_NONE or the bitwise OR of one or more of the following flags"); observed: Linux 6.18 ignores other bits (a mapping with prot 0x80 succeeds)',
          errno: null,
          unprovable: 'C takes the call: Linux 6.18 ignores unknown prot bits and maps the pages, so there is no refusal to show and no harm in the mapping itself',
        },
        {
          rule: { kind: 'relation', holds: '(prot & (PROT_READ | PROT_WRITE)) === (PROT_READ | PROT_WRITE)', says: 'prot must include PROT_READ and PROT_WRITE' },
          message: 'prot must include PROT_READ and PROT_WRITE: the result is a Uint8Array that JavaScript can read and write, and touching a page it may not would kill the process (SIGSEGV)',
          source: 'mmap(2) ("SIGSEGV Attempted write into a region mapped as read-only"); liburing-ts memory safety',
          errno: null,
          unprovable: 'C makes the mapping; the harm comes from JavaScript touching the returned view (SIGSEGV kills the process), which a test cannot show and survive',
        },
      ],
    },
    {
      name: 'flags',
      type: 'int',
      doc: 'Exactly one of MAP_SHARED, MAP_PRIVATE and MAP_SHARED_VALIDATE, ORed with MAP_ANONYMOUS, MAP_POPULATE, MAP_NORESERVE, MAP_LOCKED, MAP_HUGETLB... (not MAP_FIXED).',
      preconditions: [
        {
          rule: { kind: 'flags', group: 'Map', except: ['MAP_FIXED', 'MAP_FIXED_NOREPLACE'] },
          message: 'flags may hold MAP_* flags except MAP_FIXED and MAP_FIXED_NOREPLACE: the kernel chooses the address (a fixed mapping at null would map page 0 as root)',
          source: 'mmap(2) (flags; MAP_FIXED, MAP_FIXED_NOREPLACE); kernel mm/mmap.c do_mmap() ignores unknown flags unless MAP_SHARED_VALIDATE (then EOPNOTSUPP); observed: MAP_FIXED at null succeeds as root on Linux 6.18',
          errno: null,
          unprovable: 'MAP_FIXED at null maps page 0 (as root), and at any other address replaces whatever the process has mapped there, Node\'s heap included',
        },
        {
          rule: { kind: 'relation', holds: '[MAP_SHARED, MAP_PRIVATE, MAP_SHARED_VALIDATE].includes(flags & 0xf)', says: 'flags must hold exactly one of MAP_SHARED, MAP_PRIVATE and MAP_SHARED_VALIDATE' },
          message: 'flags must hold exactly one mapping type: MAP_SHARED, MAP_PRIVATE or MAP_SHARED_VALIDATE',
          source: 'mmap(2) ERRORS ("EINVAL flags contained none of MAP_PRIVATE, MAP_SHARED, or MAP_SHARED_VALIDATE"); kernel mm/mmap.c do_mmap() (switch on flags & MAP_TYPE); observed -1/EINVAL on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
    {
      name: 'fd',
      type: 'int',
      doc: 'The file (or kernel object, such as a ring fd) to map; -1 with MAP_ANONYMOUS.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'hasFlag(flags, MAP_ANONYMOUS) || fd >= 0', says: 'fd must be a file descriptor unless MAP_ANONYMOUS is set' },
          message: 'fd must be an open file descriptor (>= 0), unless flags holds MAP_ANONYMOUS',
          source: 'mmap(2) ERRORS ("EBADF fd is not a valid file descriptor (and MAP_ANONYMOUS was not set)"); observed -1/EBADF for -1 on Linux 6.18',
          errno: 'EBADF',
        },
        {
          rule: { kind: 'relation', holds: 'withinFile(fd, offset, length, flags)', says: 'a mapping of a regular file must not reach a page past its end' },
          message: 'a mapping of a regular file must lie within the file\'s pages (offset + length at most its size rounded up to a page): touching a page past the end kills the process (SIGBUS). Grow the file first (fs.ftruncateSync)',
          source: 'mmap(2) ("SIGBUS Attempted access to a page of the buffer that lies beyond the end of the mapped file"); liburing-ts memory safety (fstat before the call)',
          errno: null,
          unprovable: 'C makes the mapping; the harm comes from touching its pages past the end of the file (SIGBUS kills the process), which a test cannot show and survive',
        },
      ],
    },
    {
      name: 'offset',
      type: 'off_t',
      doc: 'Where in the file the mapping starts: a multiple of the page size; for a buffer ring, IORING_OFF_PBUF_RING | (BigInt(bgid) << IORING_OFF_PBUF_SHIFT). Ignored with MAP_ANONYMOUS (pass 0).',
      preconditions: [
        {
          rule: { kind: 'range', min: 0 },
          message: 'offset must not be negative',
          source: 'mmap(2) ERRORS ("EOVERFLOW"); kernel mm/mmap.c do_mmap() ((pgoff + (len >> PAGE_SHIFT)) < pgoff gives -EOVERFLOW); observed -1/EOVERFLOW for a file at -4096 on Linux 6.18',
          errno: 'EOVERFLOW',
        },
        {
          rule: { kind: 'relation', holds: 'BigInt(offset) % BigInt(pageSize()) === 0n', says: 'offset must be a multiple of the page size' },
          message: 'offset must be a multiple of the page size (pageSize())',
          source: 'mmap(2) ("offset must be a multiple of the page size as returned by sysconf(_SC_PAGE_SIZE)", EINVAL); observed -1/EINVAL for 100 on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
  ],
  returns: {
    kind: 'libc',
    type: 'void *',
    bytes: 'length',
    freedBy: 'munmap',
    doc: 'A Uint8Array of length bytes over the new mapping, page-aligned (addressOf gives its address); free it with munmap.',
  },
  fuzzRefusedOnly: 'a valid mmap with random lengths and flags (MAP_POPULATE, MAP_LOCKED) could take gigabytes of the machine\'s memory',
  errors: {
    EACCES: 'fd is not open for reading, or MAP_SHARED with PROT_WRITE on an fd not open read-write, or the file is append-only',
    EAGAIN: 'the file is locked, or MAP_LOCKED would exceed the locked-memory limit (ulimit -l)',
    EBADF: 'fd is not an open file descriptor',
    EINVAL: 'length is 0, offset is not page-aligned, flags has no mapping type, or the kernel object refuses the offset or length (an io_uring ring fd: no such mapping at this offset, or longer than it)',
    ENFILE: 'the system-wide limit on open files was reached',
    ENODEV: 'the file\'s filesystem cannot map memory (a directory, a pipe)',
    ENOENT: 'an io_uring ring fd has no buffer ring at this offset (no buffer group registered with IOU_PBUF_RING_MMAP)',
    ENOMEM: 'no memory, or the process\'s mapping count or RLIMIT_DATA would be exceeded',
    EOPNOTSUPP: 'MAP_SHARED_VALIDATE with a flag the kernel does not know',
    EOVERFLOW: 'offset + length overflows the file offset',
    EPERM: 'PROT_EXEC on a noexec mount, a file seal, or MAP_HUGETLB without privilege',
    ETXTBSY: 'MAP_DENYWRITE on a file open for writing',
  },
  quirks: [
    { text: 'a file mapping that shrinks later (ftruncate by anyone) kills the process with SIGBUS when the view touches the lost pages: the check before the call cannot see the future', source: 'mmap(2) SIGBUS' },
    { text: 'munmap does not unmap the pages at once: it puts fresh zero pages in their place (the old mapping is gone, as munmap leaves it) and unmaps those when the last view is collected, so a stale view never reads memory mapped later', source: 'liburing-ts runtime/memory.ts unmapMapping' },
  ],
  test: {
    async effect({ addressOf, catchError, expect, isZeroFilled, MAP_ANONYMOUS, MAP_PRIVATE, MAP_SHARED, memfd_create, mmap, munmap, pageSize, PROT_READ, PROT_WRITE }) {
      const { closeSync, ftruncateSync, openSync, readFileSync, readSync, writeSync } = await import('node:fs');
      const fd = memfd_create('mmap effect', 0);
      try {
        ftruncateSync(fd, 8192);
        writeSync(fd, 'written through fd', 4096);
        const view = mmap(null, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        // A view of exactly length bytes at a page-aligned address, over the file's pages.
        expect(view).toBeInstanceOf(Uint8Array);
        expect(view.byteLength).toBe(8192);
        const at = addressOf(view);
        expect(at % BigInt(pageSize())).toBe(0n);
        expect(readFileSync('/proc/self/maps', 'utf8')).toContain(`${at.toString(16)}-${(at + 8192n).toString(16)} rw-s 00000000`);
        expect(Buffer.from(view.subarray(4096, 4114)).toString()).toBe('written through fd');
        // MAP_SHARED: what the view writes, the file holds.
        view.set(Buffer.from('written through the view'), 16);
        const back = Buffer.alloc(24);
        expect(readSync(fd, back, 0, 24, 16)).toBe(24);
        expect(back.toString()).toBe('written through the view');
        expect(munmap(view, 8192)).toBe(0);
        expect(readFileSync('/proc/self/maps', 'utf8')).not.toContain(`${at.toString(16)}-${(at + 8192n).toString(16)} rw-s`);
      } finally {
        closeSync(fd);
      }
      // Anonymous memory: zeroed, length rounded up to a page but viewed as asked.
      const anon = mmap(null, 100, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      expect(anon.byteLength).toBe(100);
      expect(isZeroFilled(anon)).toBe(true);
      expect(munmap(anon, 100)).toBe(0);
      // C's failure is a Node-shaped UringError: a directory cannot be mapped.
      const dir = openSync('/tmp', 'r');
      try {
        const error = catchError(() => mmap(null, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, dir, 0));
        expect(error).toMatchObject({ name: 'UringError', code: 'ENODEV', errno: -19, syscall: 'mmap' });
      } finally {
        closeSync(dir);
      }
    },
    async valid({ MAP_SHARED, memfd_create, mmap, PROT_READ, PROT_WRITE }) {
      const { closeSync, ftruncateSync } = await import('node:fs');
      const fd = memfd_create('mmap valid', 0);
      ftruncateSync(fd, 8192);
      const args = [null, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0] as Parameters<typeof mmap>;
      return { args, cleanup: () => closeSync(fd) };
    },
    violations: {
      'addr.relation': { args: { addr: () => new Uint8Array(4096) } },
      'prot.relation': { args: { prot: (_f, { PROT_READ }) => PROT_READ } },
      'flags.relation': { args: { flags: (_f, { MAP_ANONYMOUS }) => MAP_ANONYMOUS } },
      'fd.relation': { args: { fd: -1 } },
      'fd.relation#2': { args: { length: 3 * 4096 } },
      'offset.range': { args: { offset: -4096 } },
      // length 4096 keeps offset + length within the 8192-byte file, so that only the alignment is wrong.
      'offset.relation': { args: { offset: 100, length: 4096 } },
    },
  },
});
