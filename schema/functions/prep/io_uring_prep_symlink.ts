import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_symlink',
  since: '2.2',
  category: 'prep',
  inline: true,
  summary: 'Prepare a symlink: create a symbolic link at linkpath pointing to target (a relative linkpath starts at the current working directory).',
  description:
    'io_uring_prep_symlinkat(sqe, target, AT_FDCWD, linkpath), like symlink(2): the completion res is 0, or -errno. ' +
    'liburing-ts keeps both strings until the completion is seen.',
  man: 'io_uring_prep_symlink(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    { name: 'target', type: 'const char *', ownership: 'completion', doc: 'What the link points to (need not exist).' },
    { name: 'linkpath', type: 'const char *', ownership: 'completion', doc: 'The link to create; it must not exist.' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_SYMLINKAT', fd: 'AT_FDCWD', addr: 'target', len: '0', off: 'linkpath' } },
  test: {
    async effect({ AT_FDCWD, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_symlink, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_SYMLINKAT, newRing, tempDir, waitOne }) {
      const { writeFileSync, readFileSync, readlinkSync, lstatSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('target'), 'pointed to');
      try {
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_symlink(sqe, dir.file('target'), dir.file('link'));
        expect(sqe.opcode).toBe(IORING_OP_SYMLINKAT);
        expect(sqe.fd).toBe(AT_FDCWD);
        io_uring_sqe_set_data64(sqe, 8n);
        expect(waitOne(ring)).toMatchObject({ user_data: 8n, res: 0 });
        expect(lstatSync(dir.file('link')).isSymbolicLink()).toBe(true);
        expect(readlinkSync(dir.file('link'))).toBe(dir.file('target'));
        expect(readFileSync(dir.file('link'), 'utf8')).toBe('pointed to');
        // An existing linkpath: -EEXIST; an empty target: -ENOENT.
        io_uring_prep_symlink(io_uring_get_sqe(ring)!, 'anything', dir.file('link'));
        expect(waitOne(ring).res).toBe(-errnoNumber('EEXIST'));
        io_uring_prep_symlink(io_uring_get_sqe(ring)!, '', dir.file('empty'));
        expect(waitOne(ring).res).toBe(-errnoNumber('ENOENT'));
      } finally {
        io_uring_queue_exit(ring);
        dir.remove();
      }
    },
  },
});
