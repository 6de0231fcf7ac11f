import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_unregister_iowq_aff',
  since: '2.1',
  category: 'register',
  summary: 'Restore the default CPU affinity (the task\'s allowed CPUs) for io-wq workers created from now on.',
  man: 'io_uring_unregister_iowq_aff(3)',
  params: [{ name: 'ring', type: 'struct io_uring *', doc: 'The ring.' }],
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  errors: {
    EINVAL: 'the task has no io-wq',
  },
  quirks: [
    { text: 'the man page gives its result type as void; liburing.h declares int and it returns 0 or -errno', source: 'io_uring_register_iowq_aff(3) SYNOPSIS (man3/io_uring_register_iowq_aff.3:17); liburing 2.9 liburing.h:250' },
    { text: 'workers that already exist keep the mask they were created with until they exit; with no affinity registered it still returns 0', source: 'kernel io_uring/io-wq.c io_wq_cpu_affinity(); observed on Linux 6.18' },
  ],
  test: {
    async effect({ expect, io_uring_get_sqe, io_uring_prep_nop, io_uring_prep_read, io_uring_queue_exit, io_uring_register_iowq_aff, io_uring_sqe_set_flags, io_uring_submit, io_uring_unregister_iowq_aff, IOSQE_ASYNC, newRing, tempDir, waitOne }) {
      const { readdirSync, readFileSync, writeSync, openSync, closeSync } = await import('node:fs');
      const { execFileSync } = await import('node:child_process');
      const allowed = /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]!;
      const cpu = Number(allowed.split(/[-,]/)[0]);
      const workers = () => new Map(readdirSync('/proc/self/task')
        .filter((t) => readFileSync(`/proc/self/task/${t}/comm`, 'utf8').startsWith('iou-wrk-'))
        .map((t) => [t, /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync(`/proc/self/task/${t}/status`, 'utf8'))![1]!]));
      const dir = tempDir();
      execFileSync('mkfifo', [dir.file('fifo')]);
      const fifo = openSync(dir.file('fifo'), 'r+');
      const ring = newRing(4);
      try {
        const mask = new Uint8Array(128);
        mask[cpu >> 3] = 1 << (cpu & 7);
        expect(io_uring_register_iowq_aff(ring, mask.byteLength, mask)).toBe(0);
        // A bounded worker (NOP forced async) pinned to the CPU.
        const nop = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(nop);
        io_uring_sqe_set_flags(nop, IOSQE_ASYNC);
        expect(waitOne(ring).res).toBe(0);
        expect(io_uring_unregister_iowq_aff(ring)).toBe(0);
        // A read of a FIFO forced async needs an unbounded worker, created now: it gets every allowed CPU again.
        const before = workers();
        const buf = new Uint8Array(4);
        const read = io_uring_get_sqe(ring)!;
        io_uring_prep_read(read, fifo, buf, 4, 0);
        io_uring_sqe_set_flags(read, IOSQE_ASYNC);
        io_uring_submit(ring);
        let created: [string, string][] = [];
        for (let i = 0; i < 200 && created.length === 0; i++) {
          await new Promise((r) => setTimeout(r, 10));
          created = [...workers()].filter(([t]) => !before.has(t));
        }
        expect(created.length).toBeGreaterThan(0);
        for (const [, cpus] of created) expect(cpus).toBe(allowed);
        writeSync(fifo, 'done');
        expect(waitOne(ring).res).toBe(4);
      } finally {
        io_uring_queue_exit(ring);
        closeSync(fifo);
        dir.remove();
      }
    },
  },
});
