import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_openat2',
  since: '0.4',
  category: 'prep',
  inline: true,
  summary: 'Prepare an openat2 of a path, with an open_how giving the flags, the mode and RESOLVE_* path resolution rules.',
  description:
    'Like openat2(2): the completion res is the new file descriptor, or -errno. Unlike openat, unknown flags and a mode without O_CREAT are refused (-EINVAL). ' +
    'liburing-ts keeps the path\'s C string and `how` until the completion is seen.',
  man: 'io_uring_prep_openat2(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'dfd',
      type: 'int',
      doc: 'The directory a relative path starts from: an open directory file descriptor or AT_FDCWD. Always a regular file descriptor.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: "dfd >= 0 || dfd === AT_FDCWD || path.startsWith('/')", says: 'with a relative path, dfd must be an open directory file descriptor or AT_FDCWD' },
          message: 'dfd must be an open directory file descriptor or AT_FDCWD when path is relative',
          source: 'openat2(2) refers to openat(2) ERRORS: "EBADF pathname is relative but dirfd is neither AT_FDCWD nor a valid file descriptor"; observed res -EBADF for dfd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    { name: 'path', type: 'const char *', ownership: 'completion', doc: 'The path to open.' },
    {
      name: 'how',
      type: 'struct open_how *',
      headerType: { since: '2.13', type: 'const struct open_how *' },
      ownership: 'completion',
      doc: 'flags (O_*), mode and resolve (RESOLVE_*); the helper passes sizeof(struct open_how), 24 bytes, as its size.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: '(BigInt(how.flags) & ~0x7fffc3n) === 0n', says: 'how.flags may hold only open flags the kernel knows (VALID_OPEN_FLAGS: O_ACCMODE, O_CREAT ... O_PATH, O_TMPFILE)' },
          message: 'how.flags must hold only O_* open flags: openat2 refuses unknown bits (openat ignores them)',
          source: 'openat2(2) ERRORS: "EINVAL An unknown flag or invalid value was specified in how"; kernel fs/open.c build_open_flags() (flags & ~VALID_OPEN_FLAGS); observed res -EINVAL for bit 0x4 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: 'how.mode === 0n || hasFlag(how.flags, O_CREAT) || hasFlag(how.flags, 0x400000)', says: 'how.mode must be 0 unless how.flags has O_CREAT or O_TMPFILE' },
          message: 'how.mode must be 0 unless how.flags has O_CREAT or O_TMPFILE',
          source: 'openat2(2): "If flags does not contain O_CREAT or O_TMPFILE, then mode must be zero"; kernel fs/open.c build_open_flags(); observed res -EINVAL on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: 'how.mode <= 0o7777n', says: 'how.mode may hold only permission bits (S_IALLUGO, 0o7777)' },
          message: 'how.mode must hold only permission bits (at most 0o7777)',
          source: 'openat2(2) EINVAL ("mode ... contains bits other than 07777"); kernel fs/open.c build_open_flags() (mode & ~S_IALLUGO); observed res -EINVAL on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'flags', field: 'resolve', allowed: ['RESOLVE_NO_XDEV', 'RESOLVE_NO_MAGICLINKS', 'RESOLVE_NO_SYMLINKS', 'RESOLVE_BENEATH', 'RESOLVE_IN_ROOT', 'RESOLVE_CACHED'] },
          message: 'how.resolve may hold only RESOLVE_NO_XDEV, _NO_MAGICLINKS, _NO_SYMLINKS, _BENEATH, _IN_ROOT and _CACHED',
          source: 'openat2(2) ERRORS: "EINVAL An unknown flag or invalid value was specified in how"; kernel fs/open.c build_open_flags() (resolve & ~VALID_RESOLVE_FLAGS); observed res -EINVAL on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: '!(hasFlag(how.resolve, RESOLVE_BENEATH) && hasFlag(how.resolve, RESOLVE_IN_ROOT))', says: 'set at most one of RESOLVE_BENEATH and RESOLVE_IN_ROOT' },
          message: 'how.resolve cannot have both RESOLVE_BENEATH and RESOLVE_IN_ROOT',
          source: 'openat2(2) ERRORS: "EINVAL ... RESOLVE_BENEATH and RESOLVE_IN_ROOT were both specified"; kernel fs/open.c build_open_flags(); observed res -EINVAL on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the new file descriptor, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_OPENAT2', fd: 'dfd', addr: 'path', len: '24', off: 'how' } },
  quirks: [
    { text: 'the kernel copies *how when the request is prepared (submit), so it need only stay valid until then; liburing-ts keeps it until the completion', source: 'io_uring_prep_openat2(3) NOTES' },
    { text: 'RESOLVE_CACHED with O_CREAT, O_TRUNC or O_TMPFILE, or when the lookup is not in the dcache, completes with -EAGAIN', source: 'openat2(2) RESOLVE_CACHED; kernel fs/open.c build_open_flags(); observed res -EAGAIN for O_CREAT on Linux 6.18' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_openat2, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_OPENAT2, newRing, O_CLOEXEC, O_CREAT, O_EXCL, O_RDONLY, O_WRONLY, OpenHow, RESOLVE_BENEATH, RESOLVE_CACHED, tempDir, waitOne }) {
      const { openSync, closeSync, readSync, mkdirSync, writeFileSync, existsSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      mkdirSync(dir.file('inner'));
      writeFileSync(dir.file('inner/data'), 'inside');
      writeFileSync(dir.file('outside'), 'outside');
      const dfd = openSync(dir.file('inner'), 'r');
      try {
        const how = new OpenHow();
        how.flags = O_RDONLY | O_CLOEXEC;
        how.resolve = RESOLVE_BENEATH;
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_openat2(sqe, dfd, 'data', how);
        expect(sqe.opcode).toBe(IORING_OP_OPENAT2);
        expect(sqe.len).toBe(OpenHow.size);
        io_uring_sqe_set_data64(sqe, 2n);
        const { user_data, res: fd } = waitOne(ring);
        expect(user_data).toBe(2n);
        expect(fd).toBeGreaterThanOrEqual(0);
        const buf = Buffer.alloc(16);
        expect(readSync(fd, buf, 0, 16, 0)).toBe(6);
        expect(buf.subarray(0, 6).toString()).toBe('inside');
        closeSync(fd);
        // RESOLVE_BENEATH refuses a path that leaves dfd: -EXDEV.
        io_uring_prep_openat2(io_uring_get_sqe(ring)!, dfd, '../outside', how);
        expect(waitOne(ring).res).toBe(-errnoNumber('EXDEV'));
        // Without it the same path opens.
        const plain = new OpenHow();
        io_uring_prep_openat2(io_uring_get_sqe(ring)!, dfd, '../outside', plain);
        const other = waitOne(ring).res;
        expect(other).toBeGreaterThanOrEqual(0);
        closeSync(other);
        // RESOLVE_CACHED cannot create: -EAGAIN.
        const cached = new OpenHow();
        cached.flags = O_CREAT | O_WRONLY;
        cached.mode = 0o600;
        cached.resolve = RESOLVE_CACHED;
        io_uring_prep_openat2(io_uring_get_sqe(ring)!, dfd, 'cached', cached);
        expect(waitOne(ring).res).toBe(-errnoNumber('EAGAIN'));
        // O_CREAT with a mode creates the file.
        const create = new OpenHow();
        create.flags = O_CREAT | O_EXCL | O_WRONLY;
        create.mode = 0o600;
        io_uring_prep_openat2(io_uring_get_sqe(ring)!, dfd, 'made', create);
        const made = waitOne(ring).res;
        expect(made).toBeGreaterThanOrEqual(0);
        closeSync(made);
        expect(existsSync(dir.file('inner/made'))).toBe(true);
      } finally {
        io_uring_queue_exit(ring);
        closeSync(dfd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_openat2, newRing, O_RDONLY, OpenHow, tempDir }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      writeFileSync(dir.file('data'), 'x');
      const dfd = openSync(dir.path, 'r');
      const how = new OpenHow();
      how.flags = O_RDONLY;
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, dfd, 'data', how] as Parameters<typeof io_uring_prep_openat2>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          closeSync(dfd);
          dir.remove();
        },
        how,
      };
    },
    violations: {
      'dfd.relation': { args: { dfd: -1 } },
      'how.relation': { before: ({ how }) => { how.flags = 0x4; } },
      'how.relation#2': { before: ({ how }) => { how.mode = 0o644; } },
      'how.relation#3': { before: ({ how }, { O_CREAT, O_RDWR }) => { how.flags = O_CREAT | O_RDWR; how.mode = 0o10000; } },
      'how.flags': { before: ({ how }) => { how.resolve = 0x40n; } },
      'how.relation#4': { before: ({ how }, { RESOLVE_BENEATH, RESOLVE_IN_ROOT }) => { how.resolve = BigInt(RESOLVE_BENEATH | RESOLVE_IN_ROOT); } },
    },
  },
});
