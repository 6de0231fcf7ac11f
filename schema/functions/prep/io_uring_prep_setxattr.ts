import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_setxattr',
  since: '2.2',
  category: 'prep',
  inline: true,
  summary: 'Prepare a setxattr: set the extended attribute name of the file at path to the first len bytes of value.',
  description:
    'Like setxattr(2): the completion res is 0, or -errno (-EEXIST with XATTR_CREATE, -ENODATA with XATTR_REPLACE). ' +
    'value is a string passed as its UTF-8 bytes; len says how many of them (plus the terminating NUL, if wanted) make the value. ' +
    'liburing-ts keeps name, value and path until the completion is seen.',
  man: 'io_uring_prep_setxattr(3)',
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
          source: 'xattr(7) "Extended attribute namespaces"; setxattr(2) ENOTSUP; kernel fs/xattr.c xattr_resolve_name(); observed res -EOPNOTSUPP for "color" on Linux 6.18',
          errno: 'EOPNOTSUPP',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: 'Buffer.byteLength(name) <= 255', says: 'name must be at most 255 bytes (XATTR_NAME_MAX)' },
          message: 'name must be at most 255 bytes long (XATTR_NAME_MAX)',
          source: 'setxattr(2) ERANGE ("The size of name ... exceeds a filesystem-specific limit"); kernel fs/xattr.c import_xattr_name(); observed res -ERANGE on Linux 6.18',
          errno: 'ERANGE',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'value',
      type: 'const char *',
      ownership: 'completion',
      doc: 'The value, as a string (its UTF-8 bytes followed by a NUL).',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'len <= Buffer.byteLength(value) + 1', says: 'len must not exceed the UTF-8 byte length of value plus its NUL, or the kernel would read past it' },
          message: 'len must not be larger than value\'s UTF-8 bytes plus the terminating NUL: the kernel reads len bytes from it',
          source: 'io_uring_prep_setxattr(3): "The len argument specifies the size (in bytes) of value"; nothing in liburing or the kernel knows the string\'s size',
          errno: null,
          unprovable: 'the kernel would read past the string and store whatever follows it in the attribute',
        },
      ],
    },
    { name: 'path', type: 'const char *', ownership: 'completion', doc: 'The file whose attribute is set; a symbolic link is followed.' },
    {
      name: 'flags',
      type: 'int',
      doc: '0 (create or replace), XATTR_CREATE (fail if it exists) or XATTR_REPLACE (fail if it does not).',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['XATTR_CREATE', 'XATTR_REPLACE'] },
          message: 'flags may hold only XATTR_CREATE and XATTR_REPLACE',
          source: 'setxattr(2) EINVAL ("flags is invalid"); kernel fs/xattr.c setxattr_copy(); observed res -EINVAL for 0x4 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'len',
      type: 'unsigned int',
      doc: 'The size of the value in bytes, at most 65536 (XATTR_SIZE_MAX).',
      preconditions: [
        {
          rule: { kind: 'range', max: 65536 },
          message: 'len must be at most 65536 (XATTR_SIZE_MAX)',
          source: 'setxattr(2) E2BIG ("The size of ... value exceeds a filesystem-specific limit"); kernel fs/xattr.c setxattr_copy() (size > XATTR_SIZE_MAX); observed res -E2BIG on Linux 6.18',
          errno: 'E2BIG',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno.' },
  sqe: {
    rw: { op: 'IORING_OP_SETXATTR', fd: '0', addr: 'name', len: 'len', off: 'value' },
    set: [['addr3', 'path'], ['xattr_flags', 'flags']],
  },
  quirks: [
    { text: 'the SQE carries name in addr, value in off and path in addr3', source: 'liburing 2.9 liburing.h io_uring_prep_setxattr' },
    { text: 'value is `const char *` in C, so liburing-ts takes a string (UTF-8, NUL-terminated): binary values with NUL bytes or invalid UTF-8 cannot be passed through this wrapper', source: 'liburing 2.9 prototype void io_uring_prep_setxattr(struct io_uring_sqe *, const char *name, const char *value, const char *path, int flags, unsigned int len)' },
    { text: 'user.* attributes need a filesystem that supports them (tmpfs only since Linux 6.6; -EOPNOTSUPP elsewhere)', source: 'xattr(7); setxattr(2) ENOTSUP' },
    { text: 'the man page lists no ERRORS section; errors are those of setxattr(2), in res', source: 'io_uring_prep_setxattr(3)' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_setxattr, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_SETXATTR, newRing, tempDir, waitOne, XATTR_CREATE, XATTR_REPLACE }) {
      const { writeFileSync } = await import('node:fs');
      const { execFileSync } = await import('node:child_process');
      const dir = tempDir();
      const ring = newRing(4);
      const path = dir.file('data');
      writeFileSync(path, 'x');
      const read = (name: string) => execFileSync('python3', ['-c', 'import os, sys; sys.stdout.buffer.write(os.getxattr(sys.argv[1], sys.argv[2]))', path, name]).toString('latin1');
      try {
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_setxattr(sqe, 'user.color', 'blue-green', path, 0, 10);
        expect(sqe.opcode).toBe(IORING_OP_SETXATTR);
        io_uring_sqe_set_data64(sqe, 1n);
        expect(waitOne(ring)).toMatchObject({ user_data: 1n, res: 0 });
        expect(read('user.color')).toBe('blue-green');
        // len takes a prefix (or, with + 1, the NUL too).
        io_uring_prep_setxattr(io_uring_get_sqe(ring)!, 'user.short', 'blue-green', path, 0, 4);
        expect(waitOne(ring).res).toBe(0);
        expect(read('user.short')).toBe('blue');
        io_uring_prep_setxattr(io_uring_get_sqe(ring)!, 'user.nul', 'ab', path, 0, 3);
        expect(waitOne(ring).res).toBe(0);
        expect(read('user.nul')).toBe('ab\0');
        // XATTR_CREATE on an existing attribute: -EEXIST; XATTR_REPLACE on a missing one: -ENODATA.
        io_uring_prep_setxattr(io_uring_get_sqe(ring)!, 'user.color', 'red', path, XATTR_CREATE, 3);
        expect(waitOne(ring).res).toBe(-errnoNumber('EEXIST'));
        io_uring_prep_setxattr(io_uring_get_sqe(ring)!, 'user.absent', 'red', path, XATTR_REPLACE, 3);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENODATA'));
        expect(read('user.color')).toBe('blue-green');
      } finally {
        io_uring_queue_exit(ring);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_setxattr, newRing, tempDir }) {
      const { writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('data'), 'x');
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, 'user.color', 'blue', dir.file('data'), 0, 4] as Parameters<typeof io_uring_prep_setxattr>;
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
      'value.relation': { args: { len: 100 } },
      'len.range': { args: { value: () => 'v'.repeat(65537), len: 65537 } },
    },
  },
});
