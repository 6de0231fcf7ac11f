import { defineFunction } from '../../language.js';
import type { IoUringCqe } from '../../../generated/index.js';

export default defineFunction({
  name: 'io_uring_prep_poll_update',
  since: '2.1',
  category: 'prep',
  inline: true,
  summary: 'Prepare an update of a pending poll request: its events, its user_data, or both.',
  description:
    'Finds the poll whose user_data is old_user_data. With IORING_POLL_UPDATE_EVENTS its events become poll_mask (the low 16 bits); ' +
    'with IORING_POLL_UPDATE_USER_DATA its user_data becomes new_user_data; IORING_POLL_ADD_MULTI (with _UPDATE_EVENTS) makes it multishot. ' +
    'The completion res is 0, or -ENOENT when no such poll is pending, -EALREADY when it is too late.',
  man: 'io_uring_prep_poll_update(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    { name: 'old_user_data', type: '__u64', doc: 'The user_data of the poll request to update.' },
    {
      name: 'new_user_data',
      type: '__u64',
      doc: 'Its new user_data, with IORING_POLL_UPDATE_USER_DATA; 0 otherwise.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: '(flags & IORING_POLL_UPDATE_USER_DATA) !== 0 || Number(new_user_data) === 0', says: 'new_user_data must be 0 unless flags has IORING_POLL_UPDATE_USER_DATA' },
          message: 'new_user_data must be 0 when flags does not have IORING_POLL_UPDATE_USER_DATA',
          source: 'kernel io_uring/poll.c io_poll_remove_prep() ("if (!upd->update_user_data && upd->new_user_data) return -EINVAL"); observed res -EINVAL on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'poll_mask',
      type: 'unsigned',
      doc: 'Its new poll(2) events, with IORING_POLL_UPDATE_EVENTS (only the low 16 bits are updated); 0 otherwise.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: '(flags & IORING_POLL_UPDATE_EVENTS) !== 0 || poll_mask === 0', says: 'poll_mask must be 0 unless flags has IORING_POLL_UPDATE_EVENTS' },
          message: 'poll_mask must be 0 when flags does not have IORING_POLL_UPDATE_EVENTS',
          source: 'kernel io_uring/poll.c io_poll_remove_prep() ("else if (sqe->poll32_events) return -EINVAL"); observed res -EINVAL on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'flags',
      type: 'unsigned',
      doc: 'IORING_POLL_UPDATE_EVENTS, IORING_POLL_UPDATE_USER_DATA, IORING_POLL_ADD_MULTI (with _UPDATE_EVENTS).',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['IORING_POLL_UPDATE_EVENTS', 'IORING_POLL_UPDATE_USER_DATA', 'IORING_POLL_ADD_MULTI'] },
          message: 'flags may hold only IORING_POLL_UPDATE_EVENTS, IORING_POLL_UPDATE_USER_DATA and IORING_POLL_ADD_MULTI',
          source: 'io_uring_prep_poll_update(3) (flags); kernel io_uring/poll.c io_poll_remove_prep() rejects other bits; observed res -EINVAL for IORING_POLL_ADD_LEVEL on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: '(flags & IORING_POLL_ADD_MULTI) === 0 || (flags & IORING_POLL_UPDATE_EVENTS) !== 0', says: 'IORING_POLL_ADD_MULTI must come with IORING_POLL_UPDATE_EVENTS' },
          message: 'IORING_POLL_ADD_MULTI needs IORING_POLL_UPDATE_EVENTS: the events are re-armed to make the poll multishot',
          source: 'io_uring_prep_poll_update(3) ("This must be used along with IORING_POLL_UPDATE_EVENTS"); kernel io_uring/poll.c io_poll_remove_prep() ("meaningless without update"); observed res -EINVAL for IORING_POLL_ADD_MULTI alone on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno.' },
  sqe: {
    rw: { op: 'IORING_OP_POLL_REMOVE', fd: '-1', addr: '0', len: 'flags', off: 'new_user_data' },
    set: [['addr', 'old_user_data'], ['poll32_events', 'poll_mask']],
  },
  quirks: [
    { text: 'with flags 0 the request removes the poll like io_uring_prep_poll_remove (res 0, the poll completes with -ECANCELED)', source: 'kernel io_uring/poll.c io_poll_remove() (no update requested: the poll is cancelled)' },
    { text: 'a poll whose user_data changes is held by liburing-ts under its old user_data: memory it points to is let go when the ring is exited rather than at its completion', source: 'liburing-ts runtime/ring-state.ts (held memory is keyed by the user_data at submit)' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_cq_advance, io_uring_get_sqe, io_uring_peek_batch_cqe, io_uring_peek_cqe, io_uring_prep_poll_add, io_uring_prep_poll_update, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit, io_uring_submit_and_wait, IORING_OP_POLL_REMOVE, IORING_POLL_UPDATE_EVENTS, IORING_POLL_UPDATE_USER_DATA, IoUringCqe, newRing, OutPointer, PointerArray, POLLIN, POLLOUT, tempDir, waitOne }) {
      const { openSync, closeSync } = await import('node:fs');
      const { execFileSync } = await import('node:child_process');
      const dir = tempDir();
      execFileSync('mkfifo', [dir.file('fifo')]);
      const fd = openSync(dir.file('fifo'), 'r+');
      const ring = newRing(8);
      try {
        // A poll for data on an empty pipe waits...
        const p = io_uring_get_sqe(ring)!;
        io_uring_prep_poll_add(p, fd, POLLIN);
        io_uring_sqe_set_data64(p, 100n);
        io_uring_submit(ring);
        const out = new OutPointer<IoUringCqe>();
        expect(io_uring_peek_cqe(ring, out)).toBe(-errnoNumber('EAGAIN'));
        // ...until it is changed to wait for POLLOUT, which an empty pipe is, under a new user_data.
        const u = io_uring_get_sqe(ring)!;
        io_uring_prep_poll_update(u, 100n, 200n, POLLOUT, IORING_POLL_UPDATE_EVENTS | IORING_POLL_UPDATE_USER_DATA);
        expect(u.opcode).toBe(IORING_OP_POLL_REMOVE);
        io_uring_sqe_set_data64(u, 1n);
        io_uring_submit_and_wait(ring, 2);
        const got = new PointerArray<IoUringCqe>(4);
        expect(io_uring_peek_batch_cqe(ring, got, 4)).toBe(2);
        const res = new Map(got.items.map((c) => [c.user_data, c.res]));
        io_uring_cq_advance(ring, 2);
        expect(res.get(1n)).toBe(0);
        expect(res.get(200n)).toBe(POLLOUT);
        expect(res.has(100n)).toBe(false);
        // With no update flag the poll is removed instead: it completes with -ECANCELED.
        const p2 = io_uring_get_sqe(ring)!;
        io_uring_prep_poll_add(p2, fd, POLLIN);
        io_uring_sqe_set_data64(p2, 400n);
        io_uring_submit(ring);
        const u2 = io_uring_get_sqe(ring)!;
        io_uring_prep_poll_update(u2, 400n, 0n, 0, 0);
        io_uring_sqe_set_data64(u2, 2n);
        io_uring_submit_and_wait(ring, 2);
        expect(io_uring_peek_batch_cqe(ring, got, 4)).toBe(2);
        const res2 = new Map(got.items.map((c) => [c.user_data, c.res]));
        io_uring_cq_advance(ring, 2);
        expect(res2.get(2n)).toBe(0);
        expect(res2.get(400n)).toBe(-errnoNumber('ECANCELED'));
        // No poll has user_data 100 any more.
        io_uring_prep_poll_update(io_uring_get_sqe(ring)!, 100n, 0n, POLLIN, IORING_POLL_UPDATE_EVENTS);
        expect(waitOne(ring).res).toBe(-errnoNumber('ENOENT'));
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fd);
        dir.remove();
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_poll_update, IORING_POLL_UPDATE_EVENTS, newRing, POLLIN }) {
      const ring = newRing(4);
      const sqe = io_uring_get_sqe(ring)!;
      // No poll has user_data 100: the valid request completes with -ENOENT.
      const args = [sqe, 100n, 0n, POLLIN, IORING_POLL_UPDATE_EVENTS] as Parameters<typeof io_uring_prep_poll_update>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
    violations: {
      'new_user_data.relation': { args: { new_user_data: 5n } },
      'poll_mask.relation': { args: { flags: 0 } },
      'flags.relation': { args: { flags: (_, { IORING_POLL_ADD_MULTI }) => IORING_POLL_ADD_MULTI, poll_mask: 0 } },
    },
  },
});
