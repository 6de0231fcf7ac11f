import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_epoll_wait',
  since: '2.10',
  category: 'prep',
  inline: true,
  summary: 'Prepare an epoll_wait(2) on an epoll descriptor: up to maxevents ready events are stored in events.',
  description:
    'The completion res is the number of events stored, or -errno. For event loops that still watch some descriptors with epoll. ' +
    'Linux 6.15 (IORING_OP_EPOLL_WAIT); older kernels complete it with -EINVAL.',
  man: 'io_uring_prep_epoll_wait(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    { name: 'fd', type: 'int', doc: 'The epoll descriptor (epoll_create1(2)).' },
    { name: 'events', type: 'struct epoll_event *', count: 'maxevents', countSource: 'io_uring_prep_epoll_wait(3): events is an array of maxevents struct epoll_event, as epoll_wait(2); kernel io_uring/epoll.c io_epoll_wait() writes at most maxevents', dir: 'out', ownership: 'completion', doc: 'Receives the ready events: EpollEvent.array(maxevents).' },
    { name: 'maxevents', type: 'int', doc: 'The most events to store; events must hold that many.' },
    { name: 'flags', type: 'unsigned', doc: 'Reserved: 0.' },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is the number of events, or -errno.' },
  sqe: { rw: { op: 'IORING_OP_EPOLL_WAIT', fd: 'fd', addr: 'events', len: 'maxevents', off: '0' }, set: [['rw_flags', 'flags']] },
  errors: {
    EINVAL: 'fd is not an epoll descriptor, maxevents is not positive, flags is not 0, or a kernel without IORING_OP_EPOLL_WAIT',
    EBADF: 'fd is not open',
    EFAULT: 'events is not writable memory',
  },
  test: {
    async effect({ catchError, completeOne, EPOLL_CTL_ADD, EpollEvent, EPOLLIN, errnoNumber, expect, io_uring_check_version, io_uring_get_sqe, io_uring_prep_epoll_wait, io_uring_queue_exit, IORING_OP_EPOLL_WAIT, kernelHas, liburingVersion, newRing, pipe2, UnsupportedError }) {
      const { closeSync, writeSync } = await import('node:fs');
      const { default: koffi } = await import('koffi');
      const libc = koffi.load('libc.so.6');
      const epoll_create1 = libc.func('int epoll_create1(int)');
      const epoll_ctl = libc.func('int epoll_ctl(int, int, int, void *)');
      const ring = newRing(4);
      const ends = new Int32Array(2);
      expect(pipe2(ends, 0)).toBe(0);
      const epfd = epoll_create1(0) as number;
      expect(epfd).toBeGreaterThan(2);
      try {
        // Watch the pipe's read end for input, tagged 77.
        const ev = new EpollEvent();
        ev.events = EPOLLIN;
        ev.data.u64 = 77n;
        expect(epoll_ctl(epfd, EPOLL_CTL_ADD, ends[0]!, ev.bytes)).toBe(0);
        const events = EpollEvent.array(4);
        const sqe = io_uring_get_sqe(ring)!;
        if (io_uring_check_version(2, 10)) {
          // liburing older than 2.10 has no io_uring_prep_epoll_wait: importing works, calling throws UnsupportedError.
          const error = catchError(() => io_uring_prep_epoll_wait(sqe, epfd, events, 4, 0));
          expect(error).toBeInstanceOf(UnsupportedError);
          expect(error).toMatchObject({ functionName: 'io_uring_prep_epoll_wait', needed: '2.10', loaded: liburingVersion() });
          expect(error.message).toContain(`needs liburing 2.10 or newer, but liburing ${liburingVersion()} is loaded`);
          return;
        }
        writeSync(ends[1]!, 'x');
        io_uring_prep_epoll_wait(sqe, epfd, events, 4, 0);
        expect(sqe.opcode).toBe(IORING_OP_EPOLL_WAIT);
        expect(sqe.fd).toBe(epfd);
        expect(sqe.addr).toBe(events.address);
        expect(sqe.len).toBe(4);
        const res = await completeOne(ring);
        if (!kernelHas(IORING_OP_EPOLL_WAIT)) {
          // Before Linux 6.15 the kernel does not know IORING_OP_EPOLL_WAIT.
          expect(res).toBe(-errnoNumber('EINVAL'));
          return;
        }
        // One ready descriptor, reported as epoll_wait(2) reports it.
        expect(res).toBe(1);
        expect(events.item(0).events & EPOLLIN).toBe(EPOLLIN);
        expect(events.item(0).data.u64).toBe(77n);
      } finally {
        io_uring_queue_exit(ring);
        closeSync(epfd);
        closeSync(ends[0]!);
        closeSync(ends[1]!);
      }
    },
    // A prepared SQE that is never submitted: what the rules (the element count) are checked against.
    async valid({ EpollEvent, exitQuietly, io_uring_get_sqe, io_uring_prep_epoll_wait, newRing }) {
      const ring = newRing(4);
      const args = [io_uring_get_sqe(ring)!, -1, EpollEvent.array(2), 2, 0] as Parameters<typeof io_uring_prep_epoll_wait>;
      return { args, cleanup: () => exitQuietly(ring) };
    },
  },
});
