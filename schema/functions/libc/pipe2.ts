import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'pipe2',
  since: 'glibc 2.9',
  category: 'libc',
  library: 'libc',
  summary: 'Create a pipe: pipefd[0] receives the read end and pipefd[1] the write end (pipe2(2)).',
  description:
    'The synchronous counterpart of io_uring_prep_pipe, for the pipes liburing programs splice and tee through. ' +
    'Both descriptors are new: close them (fs.closeSync) when done.',
  man: 'pipe2(2)',
  params: [
    {
      name: 'pipefd',
      type: 'int *',
      dir: 'out',
      count: 2,
      countSource: 'pipe(2): pipefd[0] is the read end and pipefd[1] the write end',
      newFd: true,
      doc: 'Two ints (an Int32Array of length 2, C\'s int pipefd[2]) that receive the read end and the write end.',
    },
    {
      name: 'flags',
      type: 'int',
      doc: 'O_CLOEXEC, O_NONBLOCK, O_DIRECT (packet mode), O_EXCL as O_NOTIFICATION_PIPE, or 0.',
      preconditions: [
        {
          rule: { kind: 'flags', allowed: ['O_CLOEXEC', 'O_NONBLOCK', 'O_DIRECT', 'O_EXCL'] },
          message: 'flags may hold only O_CLOEXEC, O_NONBLOCK, O_DIRECT and O_NOTIFICATION_PIPE (which is O_EXCL)',
          source: 'pipe2(2) ERRORS ("EINVAL (pipe2()) Invalid value in flags"); kernel fs/pipe.c __do_pipe_flags() (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT | O_NOTIFICATION_PIPE)); linux/watch_queue.h (#define O_NOTIFICATION_PIPE O_EXCL); observed -1/EINVAL for 0x1 on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
  ],
  returns: { kind: 'libc', type: 'int', doc: '0: pipefd holds the two new descriptors.' },
  errors: {
    EFAULT: 'pipefd is not writable memory',
    EINVAL: 'flags holds a bit pipe2 does not know',
    EMFILE: 'the process has no free file descriptors (ulimit -n)',
    ENFILE: 'the system-wide limit on open files, or the unprivileged user\'s limit on pipe memory (pipe(7)), was reached',
    ENOPKG: 'O_NOTIFICATION_PIPE on a kernel built without CONFIG_WATCH_QUEUE',
  },
  quirks: [
    { text: 'glibc declares it only with _GNU_SOURCE; every glibc liburing-ts runs on has it (2.9 added the wrapper)', source: 'pipe2(2) SYNOPSIS and VERSIONS' },
  ],
  test: {
    async effect({ catchError, expect, O_CLOEXEC, O_NONBLOCK, pipe2 }) {
      const { closeSync, readFileSync, readSync, writeSync } = await import('node:fs');
      const pipefd = new Int32Array([-1, -1]);
      expect(pipe2(pipefd, O_CLOEXEC | O_NONBLOCK)).toBe(0);
      const [r, w] = [pipefd[0]!, pipefd[1]!];
      try {
        // The write end's bytes come out of the read end.
        expect(writeSync(w, 'through pipe2')).toBe(13);
        const back = Buffer.alloc(32);
        expect(readSync(r, back)).toBe(13);
        expect(back.subarray(0, 13).toString()).toBe('through pipe2');
        // The flags took: close-on-exec and non-blocking, as fdinfo's octal flags show.
        const flags = parseInt(/flags:\s+(\d+)/.exec(readFileSync(`/proc/self/fdinfo/${r}`, 'utf8'))![1]!, 8);
        expect(flags & (O_CLOEXEC | O_NONBLOCK)).toBe(O_CLOEXEC | O_NONBLOCK);
        // So an empty pipe says EAGAIN instead of blocking.
        expect(catchError(() => readSync(r, back))).toMatchObject({ code: 'EAGAIN' });
      } finally {
        closeSync(r);
        closeSync(w);
      }
    },
    async valid({ pipe2 }) {
      const args = [new Int32Array(2), 0] as Parameters<typeof pipe2>;
      return { args };
    },
  },
});
