import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'Xattr',
  header: 'sys/xattr.h',
  summary: 'setxattr(2) flags (io_uring_prep_setxattr(3)).',
  cType: 'unsigned',
  values: [
    { name: 'XATTR_CREATE', value: 1, doc: 'Fail if the attribute exists.' },
    { name: 'XATTR_REPLACE', value: 2, doc: 'Fail if the attribute does not exist.' },
  ],
});
