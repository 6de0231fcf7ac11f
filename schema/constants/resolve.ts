import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'Resolve',
  header: 'linux/openat2.h',
  summary: 'open_how.resolve flags: how openat2 resolves the path (openat2(2)).',
  cType: 'unsigned',
  values: [
    { name: 'RESOLVE_NO_XDEV', value: 1, doc: 'Do not cross mount points (bind mounts included).', kernel: '5.6' },
    { name: 'RESOLVE_NO_MAGICLINKS', value: 2, doc: 'Do not follow procfs-style magic links.', kernel: '5.6' },
    { name: 'RESOLVE_NO_SYMLINKS', value: 4, doc: 'Do not follow any symbolic link (implies RESOLVE_NO_MAGICLINKS).', kernel: '5.6' },
    { name: 'RESOLVE_BENEATH', value: 8, doc: 'Fail if resolution would leave the dirfd directory.', kernel: '5.6' },
    { name: 'RESOLVE_IN_ROOT', value: 16, doc: 'Treat dirfd as the root directory ("/" and ".." stay inside it).', kernel: '5.6' },
    { name: 'RESOLVE_CACHED', value: 32, doc: 'Only resolve from the cache; fail with -EAGAIN otherwise.', kernel: '5.12' },
  ],
});
