import { defineConstants } from '../language.js';

// The kernel's include/uapi/linux/memfd.h and asm-generic/hugetlb_encode.h (HUGETLB_FLAG_ENCODE_*: size log2 << 26);
// glibc 2.36 bits/mman-shared.h has MFD_CLOEXEC, MFD_ALLOW_SEALING and MFD_HUGETLB.
export default defineConstants({
  group: 'Mfd',
  header: 'linux/memfd.h',
  summary: 'memfd_create(2) flags (the libc memfd_create wrapper of liburing-ts/libc); with MFD_HUGETLB, an MFD_HUGE_* page size.',
  cType: 'unsigned',
  values: [
    { name: 'MFD_CLOEXEC', value: 0x1, doc: 'Close the fd on execve.' },
    { name: 'MFD_ALLOW_SEALING', value: 0x2, doc: 'Allow seals (fcntl(2) F_ADD_SEALS); without it the file starts sealed with F_SEAL_SEAL.' },
    { name: 'MFD_HUGETLB', value: 0x4, doc: 'Back the file with huge pages (hugetlbfs).' },
    { name: 'MFD_NOEXEC_SEAL', value: 0x8, doc: 'Not executable, sealed so (F_SEAL_EXEC); implies MFD_ALLOW_SEALING.', kernel: '6.3' },
    { name: 'MFD_EXEC', value: 0x10, doc: 'Executable, even where vm.memfd_noexec asks otherwise.', kernel: '6.3' },
    { name: 'MFD_HUGE_64KB', value: 16 * 2 ** 26, doc: 'With MFD_HUGETLB: 64 KiB pages.' },
    { name: 'MFD_HUGE_512KB', value: 19 * 2 ** 26, doc: 'With MFD_HUGETLB: 512 KiB pages.' },
    { name: 'MFD_HUGE_1MB', value: 20 * 2 ** 26, doc: 'With MFD_HUGETLB: 1 MiB pages.' },
    { name: 'MFD_HUGE_2MB', value: 21 * 2 ** 26, doc: 'With MFD_HUGETLB: 2 MiB pages.' },
    { name: 'MFD_HUGE_8MB', value: 23 * 2 ** 26, doc: 'With MFD_HUGETLB: 8 MiB pages.' },
    { name: 'MFD_HUGE_16MB', value: 24 * 2 ** 26, doc: 'With MFD_HUGETLB: 16 MiB pages.' },
    { name: 'MFD_HUGE_32MB', value: 25 * 2 ** 26, doc: 'With MFD_HUGETLB: 32 MiB pages.' },
    { name: 'MFD_HUGE_256MB', value: 28 * 2 ** 26, doc: 'With MFD_HUGETLB: 256 MiB pages.' },
    { name: 'MFD_HUGE_512MB', value: 29 * 2 ** 26, doc: 'With MFD_HUGETLB: 512 MiB pages.' },
    { name: 'MFD_HUGE_1GB', value: 30 * 2 ** 26, doc: 'With MFD_HUGETLB: 1 GiB pages.' },
    { name: 'MFD_HUGE_2GB', value: 31 * 2 ** 26, doc: 'With MFD_HUGETLB: 2 GiB pages.' },
    { name: 'MFD_HUGE_16GB', value: 34 * 2 ** 26, doc: 'With MFD_HUGETLB: 16 GiB pages.' },
  ],
});
