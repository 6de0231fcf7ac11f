import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_prep_waitid',
  since: '2.6',
  category: 'prep',
  inline: true,
  summary: 'Prepare a waitid: complete when a child process changes state, filling infop with its siginfo.',
  description:
    'Like waitid(2): idtype and id select the children (P_ALL, P_PID, P_PGID, P_PIDFD), options the state changes (WEXITED, WSTOPPED, ' +
    'WCONTINUED, with WNOHANG and WNOWAIT). The completion res is 0 (infop then holds si_signo SIGCHLD, si_code, si_pid, si_uid and si_status), ' +
    'or -errno (-ECHILD when there is no such child). Linux 6.7 and later.',
  man: 'io_uring_prep_waitid(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'idtype',
      type: 'idtype_t',
      doc: 'P_ALL, P_PID, P_PGID or P_PIDFD.',
      preconditions: [
        {
          rule: { kind: 'range', max: 3 },
          message: 'idtype must be P_ALL, P_PID, P_PGID or P_PIDFD (0 to 3)',
          source: 'waitid(2) (EINVAL: idtype invalid); kernel kernel/exit.c kernel_waitid_prepare(); observed res -EINVAL for 4 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'id',
      type: 'id_t',
      doc: 'The process ID (P_PID), process group ID (P_PGID, 0 for the caller\'s group) or pidfd (P_PIDFD); ignored with P_ALL.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'idtype === P_ALL || (id >= (idtype === P_PID ? 1 : 0) && id <= 0x7fffffff)', says: 'with P_PID id must be a process ID (1 or more); with P_PGID or P_PIDFD it must fit in a pid_t (0 or more)' },
          message: 'id must be a valid pid_t for idtype: at least 1 for P_PID, at least 0 for P_PGID and P_PIDFD, at most 2^31 - 1',
          source: 'waitid(2); kernel kernel/exit.c kernel_waitid_prepare() ("if (upid <= 0) return -EINVAL" for P_PID, "< 0" for P_PGID and P_PIDFD); observed res -EINVAL for P_PID 0 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'infop',
      type: 'siginfo_t *',
      nullable: true,
      ownership: 'completion',
      doc: 'Receives the child\'s siginfo_t (128 bytes): si_signo at byte 0, si_code at 8, si_pid at 16, si_uid at 20, si_status at 24 (x86-64, aarch64). May be null.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'infop === null || byteLength(infop) >= 128', says: 'infop must be null or hold a siginfo_t (128 bytes)' },
          message: 'infop must be null or at least 128 bytes (sizeof(siginfo_t)): the kernel writes the child\'s siginfo into it',
          source: 'waitid(2) (infop is a siginfo_t *); glibc sizeof(siginfo_t) is 128; nothing in liburing or the kernel knows the memory\'s size; kernel io_uring/waitid.c io_waitid_copy_si() writes each siginfo field with unsafe_put_user() and gives -EFAULT when one faults; observed res -EFAULT on Linux 6.18 for 8 bytes ending at an inaccessible page (WNOHANG, a running child: the kernel writes the zeroed siginfo)',
          errno: 'EFAULT',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'options',
      type: 'int',
      doc: 'WEXITED, WSTOPPED and/or WCONTINUED (at least one), with WNOHANG, WNOWAIT, __WNOTHREAD, __WCLONE, __WALL.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: '(options & ~(WNOHANG | WSTOPPED | WEXITED | WCONTINUED | WNOWAIT | 0xe0000000)) === 0', says: 'options may hold only WNOHANG, WSTOPPED, WEXITED, WCONTINUED, WNOWAIT, __WNOTHREAD, __WALL and __WCLONE' },
          message: 'options may hold only WEXITED, WSTOPPED, WCONTINUED, WNOHANG, WNOWAIT and the __WNOTHREAD, __WALL, __WCLONE bits',
          source: 'waitid(2) (EINVAL: options invalid); kernel kernel/exit.c kernel_waitid_prepare(); observed res -EINVAL for 0x10 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: '(options & (WEXITED | WSTOPPED | WCONTINUED)) !== 0', says: 'options must ask for at least one state change: WEXITED, WSTOPPED or WCONTINUED' },
          message: 'options must include WEXITED, WSTOPPED or WCONTINUED: without one there is nothing to wait for',
          source: 'waitid(2) ("the following flags ... may be ORed in options": WEXITED, WSTOPPED, WCONTINUED); kernel kernel/exit.c kernel_waitid_prepare() ("if (!(options & (WEXITED|WSTOPPED|WCONTINUED))) return -EINVAL"); observed res -EINVAL for WNOHANG alone on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'flags',
      type: 'unsigned int',
      doc: 'io_uring waitid flags: none exist, pass 0.',
      preconditions: [
        {
          rule: { kind: 'range', max: 0 },
          message: 'flags must be 0: there are no io_uring waitid flags yet',
          source: 'io_uring_prep_waitid(3) ("They are currently unused, and hence 0 should be passed"); kernel io_uring/waitid.c io_waitid_prep() (sqe->waitid_flags); observed res -EINVAL for 1 on Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0 (infop filled in), or -errno.' },
  sqe: {
    rw: { op: 'IORING_OP_WAITID', fd: 'id', addr: '0', len: 'idtype', off: '0' },
    set: [['waitid_flags', 'flags'], ['file_index', 'options'], ['addr2', 'infop']],
  },
  quirks: [
    { text: 'in Node.js, libuv reaps the children child_process starts when its SIGCHLD handler runs: wait with WNOWAIT to leave the child to it, or the child_process "exit" event may never come', source: 'libuv src/unix/process.c uv__wait_children (waitpid on SIGCHLD)' },
    { text: 'a waiting request can be interrupted for the caller: a SIGCHLD arriving while io_uring_wait_cqe blocks may make the wait return -EINTR', source: 'io_uring_enter(2) (EINTR)' },
    { text: 'with WNOHANG and no child in a waitable state the completion res is 0 and the siginfo fields are zeroed (si_signo and si_pid 0)', source: 'waitid(2) (WNOHANG); observed on Linux 6.18' },
  ],
  test: {
    async effect({ errnoNumber, expect, io_uring_get_sqe, io_uring_prep_waitid, io_uring_queue_exit, IORING_OP_WAITID, newRing, P_PID, waitOne, WEXITED, WNOWAIT }) {
      const { spawn } = await import('node:child_process');
      const { readFileSync } = await import('node:fs');
      const ring = newRing(4);
      try {
        const child = spawn('sh', ['-c', 'exit 3'], { stdio: 'ignore' });
        const pid = child.pid!;
        // Let the child exit first, so the wait below finds it at once (no SIGCHLD can interrupt it).
        while (!/\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) {
          // busy-wait: a few milliseconds
        }
        const info = new Uint8Array(128);
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_waitid(sqe, P_PID, pid, info, WEXITED | WNOWAIT, 0);
        expect(sqe.opcode).toBe(IORING_OP_WAITID);
        expect(waitOne(ring).res).toBe(0);
        const si = new DataView(info.buffer);
        expect(si.getInt32(0, true)).toBe(17); // si_signo: SIGCHLD
        expect(si.getInt32(8, true)).toBe(1); // si_code: CLD_EXITED
        expect(si.getInt32(16, true)).toBe(pid); // si_pid
        expect(si.getInt32(24, true)).toBe(3); // si_status: the exit status
        // pid 1 is not our child.
        io_uring_prep_waitid(io_uring_get_sqe(ring)!, P_PID, 1, info, WEXITED, 0);
        expect(waitOne(ring).res).toBe(-errnoNumber('ECHILD'));
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_waitid, newRing, P_PID, WEXITED, WNOHANG }) {
      const { spawn } = await import('node:child_process');
      const ring = newRing(4);
      // A child that runs until cleanup: the wait finds it not waitable (WNOHANG: res 0, the siginfo zeroed and written).
      const child = spawn('sleep', ['60'], { stdio: 'ignore' });
      const sqe = io_uring_get_sqe(ring)!;
      const args = [sqe, P_PID, child.pid!, new Uint8Array(128), WEXITED | WNOHANG, 0] as Parameters<typeof io_uring_prep_waitid>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          child.kill();
        },
      };
    },
    violations: {
      'id.relation': { args: { idtype: (_, { P_PID }) => P_PID, id: 0 } },
      'infop.relation': { args: { infop: (_, { beforeGuardPage }) => beforeGuardPage(8) } },
      'options.relation': { args: { options: (_, { WEXITED }) => WEXITED | 0x10 } },
      'options.relation#2': { args: { options: (_, { WNOHANG }) => WNOHANG } },
    },
  },
});
