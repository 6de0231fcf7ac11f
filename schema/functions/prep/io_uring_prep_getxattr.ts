import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_getxattr',
  since: '2.2',
  category: 'prep',
  inline: true,
  summary: 'Prepare a getxattr: read the value of the extended attribute name of the file at path into value.',
  description:
    'Like getxattr(2): the completion res is the size of the value (with len 0 and value null: the size it would take), or -errno ' +
    '(-ENODATA: no such attribute; -ERANGE: len too small). liburing-ts keeps name, value and path until the completion is seen.',
  man: 'io_uring_prep_getxattr(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'name',
      type: 'const char *',
      ownership: 'completion',
      doc: 'The attribute\'s name with its namespace, e.g. "user.mime_type".',
      preconditions: [
        {
          rule: { kind: 'relation', holds: '/^(user|trusted|security|system)\\..+/.test(name)', says: 'name must start with a namespace: user., trusted., security. or system.' },
          message: 'name must be a namespaced attribute name such as "user.comment" (user., trusted., security. or system.)',
          source: 'xattr(7) "Extended attribute namespaces"; getxattr(2) ENOTSUP; kernel fs/xattr.c xattr_resolve_name(); observed res -EOPNOTSUPP for "color" on Linux 6.18',
          errno: 'EOPNOTSUPP',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: 'Buffer.byteLength(name) <= 255', says: 'name must be at most 255 bytes (XATTR_NAME_MAX)' },
          message: 'name must be at most 255 bytes long (XATTR_NAME_MAX)',
          source: 'getxattr(2) ERANGE; kernel fs/xattr.c import_xattr_name() (-ERANGE past XATTR_NAME_MAX); observed res -ERANGE on Linux 6.18',
          errno: 'ERANGE',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'value',
      type: 'char *',
      dir: 'out',
      nullable: true,
      ownership: 'completion',
      doc: 'Receives the value (not NUL-terminated); null with len 0 to ask for the value\'s size.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'len <= byteLength(value)', says: 'len must not exceed the byte length of value (0 when value is null), or the kernel would write past it' },
          message: 'len must not be larger than value: the kernel writes up to len bytes into it (pass null and 0 to query the size)',
          source: 'io_uring_prep_getxattr(3): "The len argument specifies the size (in bytes) of value"; nothing in liburing or the kernel knows the buffer\'s size',
          errno: null,
          unprovable: 'the kernel would write the value past the end of the buffer',
        },
      ],
    },
    { name: 'path', type: 'const char *', ownership: 'completion', doc: 'The file whose attribute is read; a symbolic link is followed.' },
    { name: 'len', type: 'unsigned int', doc: 'The size of value in bytes; 0 to get the size of the attribute\'s value. Values above 65536 (XATTR_SIZE_MAX) are clamped.' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the size of the value, or -errno.' },
  sqe: {
    rw: { op: 'IORING_OP_GETXATTR', fd: '0', addr: 'name', len: 'len', off: 'value' },
    set: [['addr3', 'path'], ['xattr_flags', '0']],
  },
  quirks: [
    { text: 'the SQE carries name in addr, value in off and path in addr3', source: 'liburing 2.9 liburing.h io_uring_prep_getxattr' },
    { text: 'user.* attributes need a filesystem that supports them (tmpfs only since Linux 6.6; -EOPNOTSUPP elsewhere)', source: 'xattr(7); getxattr(2) ENOTSUP' },
    { text: 'the man page lists no ERRORS section; errors are those of getxattr(2), in res', source: 'io_uring_prep_getxattr(3)' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_getxattr, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_GETXATTR, newRing, tempDir, waitOne }) {
      const { writeFileSync } = await import('node:fs');
      const { execFileSync } = await import('node:child_process');
      const dir = tempDir();
      const ring = newRing(4);
      const path = dir.file('data');
      writeFileSync(path, 'x');
      execFileSync('python3', ['-c', 'import os, sys; os.setxattr(sys.argv[1], "user.color", b"blue-green")', path]);
      try {
        const value = new Uint8Array(64);
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_getxattr(sqe, 'user.color', value, path, 64);
        expect(sqe.opcode).toBe(IORING_OP_GETXATTR);
        io_uring_sqe_set_data64(sqe, 1n);
        expect(waitOne(ring)).toMatchObject({ user_data: 1n, res: 10 });
        expect(Buffer.from(value.subarray(0, 10)).toString()).toBe('blue-green');
        // null and 0: the size only.
        io_uring_prep_getxattr(io_uring_get_sqe(ring)!, 'user.color', null, path, 0);
        expect(waitOne(ring).res).toBe(10);
        // Too small a buffer: -ERANGE; no such attribute: -ENODATA.
        io_uring_prep_getxattr(io_uring_get_sqe(ring)!, 'user.color', value, path, 4);
        expect(waitOne(ring).res).toBe(-errnoNumber('ERANGE'));
        io_uring_prep_getxattr(io_uring_get_sqe(ring)!, 'user.missing', value, path, 64);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENODATA'));
      } finally {
        io_uring_queue_exit(ring);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_getxattr, newRing, tempDir }) {
      const { writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('data'), 'x');
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, 'user.color', new Uint8Array(64), dir.file('data'), 64] as Parameters<typeof io_uring_prep_getxattr>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          dir.remove();
        },
      };
    },
    violations: {
      'name.relation': { args: { name: 'color' } },
      'name.relation#2': { args: { name: () => 'user.' + 'n'.repeat(300) } },
      'value.relation': { args: { len: 65 } },
    },
  },
});
