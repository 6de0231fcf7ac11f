import { defineConstants } from '../language.js';

// glibc 2.36 bits/mman-linux.h, bits/mman-map-flags-generic.h and (MAP_32BIT) the x86-64 bits/mman.h;
// the kernel's include/uapi/linux/mman.h and asm-generic/mman-common.h. x86-64 values.
export default defineConstants({
  group: 'Map',
  header: 'sys/mman.h',
  summary: 'mmap(2) flags: the mapping type (exactly one of MAP_SHARED, MAP_PRIVATE, MAP_SHARED_VALIDATE) ORed with modifiers. x86-64 values.',
  cType: 'int',
  values: [
    { name: 'MAP_SHARED', value: 0x01, doc: 'Share the mapping: writes reach the file (or the kernel object, such as an io_uring buffer ring) and other mappings of it.' },
    { name: 'MAP_PRIVATE', value: 0x02, doc: 'A private copy-on-write mapping.' },
    { name: 'MAP_SHARED_VALIDATE', value: 0x03, doc: 'MAP_SHARED that refuses flags the kernel does not know (EOPNOTSUPP) instead of ignoring them (Linux 4.15).' },
    { name: 'MAP_FIXED', value: 0x10, doc: 'Place the mapping exactly at addr, replacing what is there.' },
    { name: 'MAP_ANONYMOUS', value: 0x20, doc: 'Not backed by a file: zeroed memory; fd is ignored (pass -1).' },
    { name: 'MAP_32BIT', value: 0x40, doc: 'x86-64: place the mapping in the first 2 GiB.' },
    { name: 'MAP_GROWSDOWN', value: 0x100, doc: 'A stack-like mapping that grows down.' },
    { name: 'MAP_DENYWRITE', value: 0x800, doc: 'Ignored by Linux.' },
    { name: 'MAP_EXECUTABLE', value: 0x1000, doc: 'Ignored by Linux.' },
    { name: 'MAP_LOCKED', value: 0x2000, doc: 'Lock the pages in memory, as mlock(2).' },
    { name: 'MAP_NORESERVE', value: 0x4000, doc: 'Do not reserve swap space.' },
    { name: 'MAP_POPULATE', value: 0x8000, doc: 'Prefault the page tables (read ahead for a file mapping).' },
    { name: 'MAP_NONBLOCK', value: 0x10000, doc: 'With MAP_POPULATE: do not read ahead.' },
    { name: 'MAP_STACK', value: 0x20000, doc: 'The mapping is a thread stack.' },
    { name: 'MAP_HUGETLB', value: 0x40000, doc: 'Use huge pages.' },
    { name: 'MAP_SYNC', value: 0x80000, doc: 'With MAP_SHARED_VALIDATE on a DAX file: synchronous page faults (Linux 4.15).' },
    { name: 'MAP_FIXED_NOREPLACE', value: 0x100000, doc: 'MAP_FIXED that fails with EEXIST instead of replacing an existing mapping (Linux 4.17).' },
  ],
});
