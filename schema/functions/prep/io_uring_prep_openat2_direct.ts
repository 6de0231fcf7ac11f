import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_openat2_direct',
  since: '2.1',
  category: 'prep',
  inline: true,
  summary: 'Prepare an openat2 whose result goes straight into the ring\'s registered file table (a direct descriptor) at file_index.',
  description:
    'Like io_uring_prep_openat2, but the file is installed in slot file_index of the table registered with io_uring_register_files: ' +
    'the completion res is 0 (or, with IORING_FILE_INDEX_ALLOC, the slot it chose), or -errno. Use the slot as fd with IOSQE_FIXED_FILE. ' +
    'liburing-ts keeps the path\'s C string and `how` until the completion is seen.',
  man: 'io_uring_prep_openat2_direct(3)',
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
      doc: 'flags (O_*, without O_CLOEXEC), mode and resolve (RESOLVE_*); the helper passes sizeof(struct open_how), 24 bytes, as its size.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: '!hasFlag(how.flags, O_CLOEXEC)', says: 'how.flags cannot have O_CLOEXEC: a direct descriptor is not in the process\'s file table' },
          message: 'how.flags must not have O_CLOEXEC for a direct open',
          source: 'kernel io_uring/openclose.c __io_openat_prep() (file_slot with O_CLOEXEC gives -EINVAL); observed res -EINVAL on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
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
    { name: 'file_index', type: 'unsigned', doc: 'The slot (from 0) of the registered file table, or IORING_FILE_INDEX_ALLOC to let the kernel pick a free one.' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0 (the slot with IORING_FILE_INDEX_ALLOC), or -errno.' },
  sqe: {
    rw: { op: 'IORING_OP_OPENAT2', fd: 'dfd', addr: 'path', len: '24', off: 'how' },
    set: [['file_index', 'file_index === IORING_FILE_INDEX_ALLOC ? file_index : file_index + 1']],
  },
  quirks: [
    { text: 'file_index must be below the size of the registered file table (or IORING_FILE_INDEX_ALLOC): a slot past it gives res -EINVAL, and a ring without a file table gives -ENXIO; liburing-ts does not know the table\'s size', source: 'io_uring_prep_openat2_direct(3) ("as long as it is within the size of the registered table"); observed on Linux 6.18' },
    { text: 'with IORING_FILE_INDEX_ALLOC and no free slot the completion is -ENFILE', source: 'io_uring_prep_openat2_direct(3)' },
    { text: 'the SQE stores file_index + 1 (0 means "not direct"); IORING_FILE_INDEX_ALLOC is stored as is', source: 'liburing 2.9 liburing.h io_uring_prep_openat2_direct and __io_uring_set_target_fixed_file' },
    { text: 'the kernel copies *how when the request is prepared (submit), so it need only stay valid until then; liburing-ts keeps it until the completion', source: 'io_uring_prep_openat2(3) NOTES' },
    { text: 'RESOLVE_CACHED with O_CREAT, O_TRUNC or O_TMPFILE, or when the lookup is not in the dcache, completes with -EAGAIN', source: 'openat2(2) RESOLVE_CACHED; kernel fs/open.c build_open_flags()' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_openat2_direct, io_uring_prep_read, io_uring_queue_exit, io_uring_register_files, io_uring_sqe_set_data64, io_uring_sqe_set_flags, IORING_FILE_INDEX_ALLOC, IORING_OP_OPENAT2, IOSQE_FIXED_FILE, newRing, O_RDONLY, OpenHow, RESOLVE_BENEATH, tempDir, waitOne }) {
      const { openSync, closeSync, mkdirSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      mkdirSync(dir.file('inner'));
      writeFileSync(dir.file('inner/data'), 'inside');
      writeFileSync(dir.file('outside'), 'outside');
      const dfd = openSync(dir.file('inner'), 'r');
      try {
        expect(io_uring_register_files(ring, new Int32Array([-1, -1]), 2)).toBe(0);
        const how = new OpenHow();
        how.flags = O_RDONLY;
        how.resolve = RESOLVE_BENEATH;
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_openat2_direct(sqe, dfd, 'data', how, 0);
        expect(sqe.opcode).toBe(IORING_OP_OPENAT2);
        expect(sqe.file_index).toBe(1);
        io_uring_sqe_set_data64(sqe, 3n);
        expect(waitOne(ring)).toMatchObject({ user_data: 3n, res: 0 });
        // The file is in slot 0.
        const buf = new Uint8Array(16);
        const read = io_uring_get_sqe(ring)!;
        io_uring_prep_read(read, 0, buf, 16, 0);
        io_uring_sqe_set_flags(read, IOSQE_FIXED_FILE);
        expect(waitOne(ring).res).toBe(6);
        expect(Buffer.from(buf.subarray(0, 6)).toString()).toBe('inside');
        // RESOLVE_BENEATH still applies: -EXDEV.
        io_uring_prep_openat2_direct(io_uring_get_sqe(ring)!, dfd, '../outside', how, 1);
        expect(waitOne(ring).res).toBe(-errnoNumber('EXDEV'));
        // IORING_FILE_INDEX_ALLOC returns the slot it chose: 1, the free one.
        io_uring_prep_openat2_direct(io_uring_get_sqe(ring)!, dfd, 'data', how, IORING_FILE_INDEX_ALLOC);
        expect(waitOne(ring).res).toBe(1);
      } finally {
        io_uring_queue_exit(ring);
        closeSync(dfd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_openat2_direct, io_uring_register_files, newRing, O_RDONLY, OpenHow, tempDir }) {
      const { openSync, closeSync, writeFileSync } = await import('node:fs');
      const dir = tempDir();
      const ring = newRing(4);
      io_uring_register_files(ring, new Int32Array([-1, -1]), 2);
      writeFileSync(dir.file('data'), 'x');
      const dfd = openSync(dir.path, 'r');
      const how = new OpenHow();
      how.flags = O_RDONLY;
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, dfd, 'data', how, 0] as Parameters<typeof io_uring_prep_openat2_direct>;
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
      'how.relation': { before: ({ how }, { O_CLOEXEC, O_RDONLY }) => { how.flags = O_RDONLY | O_CLOEXEC; } },
      'how.relation#2': { before: ({ how }) => { how.flags = 0x4; } },
      'how.relation#3': { before: ({ how }) => { how.mode = 0o644; } },
      'how.relation#4': { before: ({ how }, { O_CREAT, O_RDWR }) => { how.flags = O_CREAT | O_RDWR; how.mode = 0o10000; } },
      'how.flags': { before: ({ how }) => { how.resolve = 0x40n; } },
      'how.relation#5': { before: ({ how }, { RESOLVE_BENEATH, RESOLVE_IN_ROOT }) => { how.resolve = BigInt(RESOLVE_BENEATH | RESOLVE_IN_ROOT); } },
    },
  },
});
