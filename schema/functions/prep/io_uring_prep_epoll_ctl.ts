import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_epoll_ctl',
  since: '0.4',
  category: 'prep',
  inline: true,
  summary: "Prepare an epoll_ctl: add, change or remove fd in the epoll instance epfd's interest list.",
  description:
    'Like epoll_ctl(2): op is EPOLL_CTL_ADD, EPOLL_CTL_MOD or EPOLL_CTL_DEL, and ev the events and user data to register (null for EPOLL_CTL_DEL). ' +
    'The completion res is 0, or -errno (-EEXIST when adding a registered fd, -ENOENT when changing or removing one that is not, -EPERM for a regular file).',
  man: null,
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'epfd',
      type: 'int',
      doc: 'The epoll instance (from epoll_create1(2)).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'epfd must be an open epoll file descriptor, not negative',
          source: 'epoll_ctl(2) EBADF; observed res -EBADF for epfd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'fd',
      type: 'int',
      doc: 'The file descriptor to add, change or remove; it must support poll (a regular file gives -EPERM).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be an open file descriptor, not negative',
          source: 'epoll_ctl(2) EBADF; observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'op',
      type: 'int',
      doc: 'EPOLL_CTL_ADD, EPOLL_CTL_MOD or EPOLL_CTL_DEL.',
      preconditions: [
        {
          rule: { kind: 'range', min: 1, max: 3 },
          message: 'op must be EPOLL_CTL_ADD, EPOLL_CTL_MOD or EPOLL_CTL_DEL (1 to 3)',
          source: 'epoll_ctl(2) (EINVAL: op is not supported); observed res -EINVAL for 0 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'ev',
      type: 'struct epoll_event *',
      headerType: { since: '2.13', type: 'const struct epoll_event *' },
      nullable: true,
      ownership: 'completion',
      doc: 'The events (EPOLLIN, EPOLLOUT, EPOLLET...) and data to register; ignored, and may be null, for EPOLL_CTL_DEL.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'op === EPOLL_CTL_DEL || ev !== null', says: 'ev may be null only with EPOLL_CTL_DEL' },
          message: 'ev must not be null for EPOLL_CTL_ADD and EPOLL_CTL_MOD: the kernel reads the events to register from it',
          source: 'epoll_ctl(2) (EFAULT; "the event argument is ignored and can be NULL" only for EPOLL_CTL_DEL); kernel io_uring/epoll.c io_epoll_ctl_prep() (copy_from_user); observed res -EFAULT on Linux 6.18',
          errno: 'EFAULT',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_EPOLL_CTL', fd: 'epfd', addr: 'ev', len: 'op', off: 'fd >>> 0' } },
  quirks: [
    { text: 'liburing 2.9 ships no man page for this helper (one was added later)', source: 'liburing 2.9 man3/ (no io_uring_prep_epoll_ctl.3)' },
    { text: 'the kernel copies ev when the request is submitted; liburing-ts keeps it until the completion anyway', source: 'kernel io_uring/epoll.c io_epoll_ctl_prep() (copy_from_user at prep)' },
    { text: 'struct epoll_event is packed on x86-64 (12 bytes, data at offset 4) but not on other architectures (16 bytes, data at 8); the EpollEvent class follows x86-64', source: 'glibc sys/epoll.h (__EPOLL_PACKED)' },
    { text: 'fd is stored zero-extended into sqe.off ((__u32) fd), op into sqe.len', source: 'liburing 2.9 liburing.h io_uring_prep_epoll_ctl' },
  ],
  test: {
    async effect({ EPOLL_CLOEXEC, EPOLL_CTL_ADD, EPOLL_CTL_DEL, EPOLL_CTL_MOD, EpollEvent, EPOLLIN, EPOLLOUT, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_epoll_ctl, io_uring_queue_exit, IORING_OP_EPOLL_CTL, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, writeSync } = await import('node:fs');
      const { execFileSync } = await import('node:child_process');
      const koffi = (await import('koffi')).default;
      const libc = koffi.load('libc.so.6');
      const epoll_create1 = libc.func('int epoll_create1(int flags)');
      const epoll_wait = libc.func('int epoll_wait(int epfd, void *events, int maxevents, int timeout)');
      const dir = tempDir();
      execFileSync('mkfifo', [dir.file('fifo')]);
      const fd = openSync(dir.file('fifo'), 'r+');
      const epfd = epoll_create1(EPOLL_CLOEXEC) as number;
      expect(epfd).toBeGreaterThanOrEqual(0);
      const ring = newRing(4);
      try {
        const ev = new EpollEvent();
        ev.events = EPOLLIN;
        ev.data.u64 = 0x1234_5678n;
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_epoll_ctl(sqe, epfd, fd, EPOLL_CTL_ADD, ev);
        expect(sqe.opcode).toBe(IORING_OP_EPOLL_CTL);
        expect(waitOne(ring).res).toBe(0);
        // fd is in the interest list: data makes epoll report it, with the registered user data.
        const events = new Uint8Array(EpollEvent.size);
        expect(epoll_wait(epfd, events, 1, 0)).toBe(0);
        writeSync(fd, 'x');
        expect(epoll_wait(epfd, events, 1, 0)).toBe(1);
        const got = new DataView(events.buffer);
        expect(got.getUint32(0, true) & EPOLLIN).toBe(EPOLLIN);
        expect(got.getBigUint64(4, true)).toBe(0x1234_5678n);
        // Adding it again: -EEXIST. Changing it: 0.
        io_uring_prep_epoll_ctl(io_uring_get_sqe(ring)!, epfd, fd, EPOLL_CTL_ADD, ev);
        expect(waitOne(ring).res).toBe(-errnoNumber('EEXIST'));
        ev.events = EPOLLOUT;
        io_uring_prep_epoll_ctl(io_uring_get_sqe(ring)!, epfd, fd, EPOLL_CTL_MOD, ev);
        expect(waitOne(ring).res).toBe(0);
        // Removing it (ev may be null): epoll reports nothing any more, though the pipe still has data.
        io_uring_prep_epoll_ctl(io_uring_get_sqe(ring)!, epfd, fd, EPOLL_CTL_DEL, null);
        expect(waitOne(ring).res).toBe(0);
        expect(epoll_wait(epfd, events, 1, 0)).toBe(0);
        io_uring_prep_epoll_ctl(io_uring_get_sqe(ring)!, epfd, fd, EPOLL_CTL_DEL, null);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENOENT'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        closeSync(epfd);
        dir.remove();
      }
    },
    async valid({ EPOLL_CLOEXEC, EPOLL_CTL_ADD, EpollEvent, EPOLLIN, exitQuietly, io_uring_get_sqe, io_uring_prep_epoll_ctl, newRing, tempDir }) {
      const { openSync, closeSync } = await import('node:fs');
      const { execFileSync } = await import('node:child_process');
      const koffi = (await import('koffi')).default;
      const epfd = koffi.load('libc.so.6').func('int epoll_create1(int flags)')(EPOLL_CLOEXEC) as number;
      const dir = tempDir();
      execFileSync('mkfifo', [dir.file('fifo')]);
      const fd = openSync(dir.file('fifo'), 'r+');
      const ring = newRing(4);
      const ev = new EpollEvent();
      ev.events = EPOLLIN;
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, epfd, fd, EPOLL_CTL_ADD, ev] as Parameters<typeof io_uring_prep_epoll_ctl>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          closeSync(fd);
          closeSync(epfd);
          dir.remove();
        },
      };
    },
    violations: {
      'ev.relation': { args: { ev: null } },
    },
  },
});
