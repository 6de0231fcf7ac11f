import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_fgetxattr',
  since: '2.2',
  category: 'prep',
  inline: true,
  summary: 'Prepare an fgetxattr: read the value of the extended attribute name of an open file into value.',
  description:
    'Like fgetxattr(2): the completion res is the size of the value (with len 0 and value null: the size it would take), or -errno ' +
    '(-ENODATA: no such attribute; -ERANGE: len too small). liburing-ts keeps name and value until the completion is seen.',
  man: 'io_uring_prep_fgetxattr(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'fd',
      type: 'int',
      doc: 'The open file whose attribute is read (with IOSQE_FIXED_FILE: an index into the registered files).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be an open file descriptor (or, with IOSQE_FIXED_FILE, a registered file index), not negative',
          source: 'fgetxattr(2) (getxattr(2)) EBADF; observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
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
          source: 'io_uring_prep_fgetxattr(3) (io_uring_prep_getxattr(3)): "The len argument specifies the size (in bytes) of value"; nothing in liburing or the kernel knows the buffer\'s size',
          errno: null,
          unprovable: 'the kernel would write the value past the end of the buffer',
        },
      ],
    },
    { name: 'len', type: 'unsigned int', doc: 'The size of value in bytes; 0 to get the size of the attribute\'s value. Values above 65536 (XATTR_SIZE_MAX) are clamped.' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the size of the value, or -errno.' },
  sqe: {
    rw: { op: 'IORING_OP_FGETXATTR', fd: 'fd', addr: 'name', len: 'len', off: 'value' },
    set: [['xattr_flags', '0']],
  },
  quirks: [
    { text: 'the SQE carries name in addr and value in off', source: 'liburing 2.9 liburing.h io_uring_prep_fgetxattr' },
    { text: 'user.* attributes need a filesystem that supports them (tmpfs only since Linux 6.6; -EOPNOTSUPP elsewhere)', source: 'xattr(7); getxattr(2) ENOTSUP' },
    { text: 'the man page lists no ERRORS section; errors are those of fgetxattr(2), in res', source: 'io_uring_prep_fgetxattr(3)' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_fgetxattr, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_FGETXATTR, newRing, tempDir, waitOne }) {
      const { writeFileSync, openSync, closeSync } = await import('node:fs');
      const { execFileSync } = await import('node:child_process');
      const dir = tempDir();
      const ring = newRing(4);
      const path = dir.file('data');
      writeFileSync(path, 'x');
      execFileSync('python3', ['-c', 'import os, sys; os.setxattr(sys.argv[1], "user.color", b"blue-green")', path]);
      const fd = openSync(path, 'r');
      try {
        const value = new Uint8Array(64);
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_fgetxattr(sqe, fd, 'user.color', value, 64);
        expect(sqe.opcode).toBe(IORING_OP_FGETXATTR);
        io_uring_sqe_set_data64(sqe, 1n);
        expect(waitOne(ring)).toMatchObject({ user_data: 1n, res: 10 });
        expect(Buffer.from(value.subarray(0, 10)).toString()).toBe('blue-green');
        // null and 0: the size only.
        io_uring_prep_fgetxattr(io_uring_get_sqe(ring)!, fd, 'user.color', null, 0);
        expect(waitOne(ring).res).toBe(10);
        // Too small a buffer: -ERANGE; no such attribute: -ENODATA.
        io_uring_prep_fgetxattr(io_uring_get_sqe(ring)!, fd, 'user.color', value, 4);
        expect(waitOne(ring).res).toBe(-errnoNumber('ERANGE'));
        io_uring_prep_fgetxattr(io_uring_get_sqe(ring)!, fd, 'user.missing', value, 64);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENODATA'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_fgetxattr, newRing, tempDir }) {
      const { writeFileSync, openSync, closeSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('data'), 'x');
      const fd = openSync(dir.file('data'), 'r');
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, fd, 'user.color', new Uint8Array(64), 64] as Parameters<typeof io_uring_prep_fgetxattr>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          closeSync(fd);
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
