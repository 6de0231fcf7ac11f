import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'memfd_create',
  since: 'glibc 2.27',
  kernel: '3.17',
  category: 'libc',
  library: 'libc',
  summary: 'Create an anonymous file that lives in memory, as a file descriptor (memfd_create(2)).',
  description:
    'A regular file without a path: size it with fs.ftruncateSync, read and write it like any file (or with io_uring), ' +
    'map it with mmap (MAP_SHARED) to share memory, or register it. It disappears when the last descriptor and mapping are gone. ' +
    'The descriptor is new: close it (fs.closeSync) when done.',
  man: 'memfd_create(2)',
  params: [
    {
      name: 'name',
      type: 'const char *',
      doc: 'A name for debugging: /proc/self/fd shows the file as "/memfd:<name> (deleted)". Need not be unique.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'Buffer.byteLength(name) <= 249', says: 'name must be at most 249 bytes of UTF-8' },
          message: 'name must be at most 249 bytes (UTF-8, the terminating NUL not counted): the kernel prefixes it with "memfd:" within NAME_MAX',
          source: 'memfd_create(2) ERRORS ("EINVAL name was too long. (The limit is 249 bytes, excluding the terminating null byte.)"); kernel mm/memfd.c MFD_NAME_MAX_LEN (NAME_MAX - strlen("memfd:")); observed -1/EINVAL for 250 bytes on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
    {
      name: 'flags',
      type: 'unsigned int',
      doc: 'MFD_CLOEXEC, MFD_ALLOW_SEALING, MFD_HUGETLB (with an MFD_HUGE_* page size), MFD_NOEXEC_SEAL or MFD_EXEC (Linux 6.3), or 0.',
      preconditions: [
        {
          rule: { kind: 'flags', group: 'Mfd' },
          message: 'flags may hold only MFD_CLOEXEC, MFD_ALLOW_SEALING, MFD_HUGETLB, MFD_NOEXEC_SEAL, MFD_EXEC and an MFD_HUGE_* page size',
          source: 'memfd_create(2) ERRORS ("EINVAL flags included unknown bits"); kernel mm/memfd.c sanitize_flags()/memfd_create (MFD_ALL_FLAGS, and MFD_HUGE_MASK << MFD_HUGE_SHIFT with MFD_HUGETLB); observed -1/EINVAL for 0x20 on Linux 6.18',
          errno: 'EINVAL',
        },
        {
          rule: { kind: 'relation', holds: '(flags & 0xfc000000) === 0 || hasFlag(flags, MFD_HUGETLB)', says: 'an MFD_HUGE_* page size needs MFD_HUGETLB' },
          message: 'an MFD_HUGE_* page size (bits 26-31) needs MFD_HUGETLB as well',
          source: 'memfd_create(2) (MFD_HUGETLB: "the huge page size can be selected ... MFD_HUGE_2MB"); kernel mm/memfd.c memfd_create (size bits allowed only with MFD_HUGETLB); observed -1/EINVAL for MFD_HUGE_2MB alone on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
  ],
  returns: { kind: 'libc', type: 'int', newFd: true, doc: 'The new descriptor of the file; the caller must close it.' },
  errors: {
    EFAULT: 'name is not readable memory',
    EINVAL: 'flags holds an unknown bit (MFD_NOEXEC_SEAL and MFD_EXEC need Linux 6.3), a page size without MFD_HUGETLB, or name is longer than 249 bytes',
    EMFILE: 'the process has no free file descriptors (ulimit -n)',
    ENFILE: 'the system-wide limit on open files was reached',
    ENOMEM: 'not enough memory for a new anonymous file',
    EPERM: 'MFD_HUGETLB without CAP_IPC_LOCK or membership of vm.hugetlb_shm_group, or MFD_EXEC where vm.memfd_noexec forbids it',
  },
  quirks: [
    { text: 'the man page\'s "EINVAL: both MFD_HUGETLB and MFD_ALLOW_SEALING" is out of date: hugetlbfs files can be sealed since Linux 4.16, and the call succeeds', source: 'memfd_create(2) ERRORS; observed success for MFD_HUGETLB | MFD_ALLOW_SEALING on Linux 6.18' },
  ],
  test: {
    async effect({ catchError, expect, memfd_create, MFD_CLOEXEC }) {
      const { closeSync, fstatSync, ftruncateSync, readlinkSync, readSync, writeSync } = await import('node:fs');
      const fd = memfd_create('liburing-ts test', MFD_CLOEXEC);
      try {
        // An anonymous regular file, named for /proc only.
        expect(readlinkSync(`/proc/self/fd/${fd}`)).toBe('/memfd:liburing-ts test (deleted)');
        expect(fstatSync(fd).isFile()).toBe(true);
        expect(fstatSync(fd).size).toBe(0);
        ftruncateSync(fd, 8192);
        expect(fstatSync(fd).size).toBe(8192);
        expect(writeSync(fd, 'in memory', 4096)).toBe(9);
        const back = Buffer.alloc(9);
        expect(readSync(fd, back, 0, 9, 4096)).toBe(9);
        expect(back.toString()).toBe('in memory');
      } finally {
        closeSync(fd);
      }
      // A name is refused at 250 bytes, accepted at 249 (the limit counts UTF-8 bytes).
      const long = memfd_create('n'.repeat(249), 0);
      closeSync(long);
      expect(catchError(() => memfd_create('é'.repeat(125), 0))).toMatchObject({ name: 'PreconditionError', parameter: 'name' });
    },
    async valid({ memfd_create }) {
      return { args: ['liburing-ts', 0] as Parameters<typeof memfd_create> };
    },
    violations: {
      'name.relation': { args: { name: () => 'n'.repeat(250) } },
      'flags.relation': { args: { flags: (_fixture, { MFD_HUGE_2MB }) => MFD_HUGE_2MB } },
    },
  },
});
