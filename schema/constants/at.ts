import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'At',
  header: 'fcntl.h',
  summary: 'AT_* flags of the *at operations: unlinkat, statx, linkat... (openat(2), statx(2)).',
  cType: 'unsigned',
  values: [
    { name: 'AT_SYMLINK_NOFOLLOW', value: 256, doc: 'Do not follow a trailing symbolic link.' },
    { name: 'AT_REMOVEDIR', value: 512, doc: 'unlinkat: remove a directory (same value as AT_EACCESS).' },
    { name: 'AT_EACCESS', value: 512, doc: 'faccessat: check with the effective IDs (same value as AT_REMOVEDIR).' },
    { name: 'AT_SYMLINK_FOLLOW', value: 1024, doc: 'linkat: follow a trailing symbolic link.' },
    { name: 'AT_NO_AUTOMOUNT', value: 2048, doc: 'Do not trigger an automount.' },
    { name: 'AT_EMPTY_PATH', value: 4096, doc: 'An empty path means dirfd itself.' },
    { name: 'AT_STATX_SYNC_TYPE', value: 24576, doc: 'statx: the mask of the sync type bits.' },
    { name: 'AT_STATX_SYNC_AS_STAT', value: 0, doc: 'statx: do whatever stat does.' },
    { name: 'AT_STATX_FORCE_SYNC', value: 8192, doc: 'statx: force the attributes to be synced with the server.' },
    { name: 'AT_STATX_DONT_SYNC', value: 16384, doc: 'statx: do not sync with the server.' },
    { name: 'AT_RECURSIVE', value: 32768, doc: 'Apply to the whole subtree.' },
  ],
});
