import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'StatxAttr',
  header: 'linux/stat.h',
  summary: 'statx.stx_attributes and stx_attributes_mask bits (statx(2)).',
  cType: 'unsigned',
  values: [
    { name: 'STATX_ATTR_COMPRESSED', value: 4, doc: 'The file is compressed by the filesystem.' },
    { name: 'STATX_ATTR_IMMUTABLE', value: 16, doc: 'The file is immutable.' },
    { name: 'STATX_ATTR_APPEND', value: 32, doc: 'The file is append-only.' },
    { name: 'STATX_ATTR_NODUMP', value: 64, doc: 'The file is not to be dumped.' },
    { name: 'STATX_ATTR_ENCRYPTED', value: 2048, doc: 'The file needs a key to decrypt.' },
    { name: 'STATX_ATTR_AUTOMOUNT', value: 4096, doc: 'The directory is an automount trigger.' },
    { name: 'STATX_ATTR_MOUNT_ROOT', value: 8192, doc: 'The root of a mount.', kernel: '5.8' },
    { name: 'STATX_ATTR_VERITY', value: 1048576, doc: 'The file is fs-verity protected.', kernel: '5.5' },
    { name: 'STATX_ATTR_DAX', value: 2097152, doc: 'The file is in the DAX (direct access) state.', kernel: '5.8' },
    { name: 'STATX_ATTR_WRITE_ATOMIC', value: 4194304, doc: 'The file supports atomic writes.', kernel: '6.11' },
  ],
});
