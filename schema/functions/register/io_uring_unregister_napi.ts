import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_unregister_napi',
  since: '2.6',
  category: 'register',
  summary: 'Turn NAPI busy polling off for the ring; napi (when not null) receives the settings that were in force.',
  man: 'io_uring_unregister_napi(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    {
      name: 'napi',
      type: 'struct io_uring_napi *',
      dir: 'out',
      nullable: true,
      doc: 'Receives the previous settings; null when they are not wanted.',
    },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 on success, also when NAPI was not registered.' },
  errors: {
    EFAULT: 'napi is not writable memory',
    EINVAL: 'the kernel lacks NAPI busy polling (CONFIG_NET_RX_BUSY_POLL)',
  },
  quirks: [
    { text: 'napi may be null (the kernel then only clears the settings), and the call succeeds even when nothing was registered or on an IOPOLL ring', source: 'kernel io_uring/napi.c io_unregister_napi() (if (arg && copy_to_user(...))); observed on Linux 6.18' },
  ],
  test: {
    async effect({ expect, io_uring_queue_exit, io_uring_register_napi, io_uring_unregister_napi, IoUringNapi, newRing }) {
      const { readFileSync } = await import('node:fs');
      const ring = newRing(4);
      const fdinfo = () => readFileSync(`/proc/self/fdinfo/${ring.ring_fd}`, 'utf8');
      try {
        const napi = new IoUringNapi();
        napi.busy_poll_to = 75;
        napi.prefer_busy_poll = 1;
        expect(io_uring_register_napi(ring, napi)).toBe(0);
        expect(fdinfo()).toMatch(/NAPI:\s+enabled/);
        // Unregistering returns the settings and turns busy polling off.
        const was = new IoUringNapi();
        expect(io_uring_unregister_napi(ring, was)).toBe(0);
        expect(was.busy_poll_to).toBe(75);
        expect(was.prefer_busy_poll).toBe(1);
        expect(fdinfo()).toMatch(/NAPI:\s+disabled/);
        // With null, and with nothing registered: still 0.
        expect(io_uring_unregister_napi(ring, null)).toBe(0);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_unregister_napi, IoUringNapi, newRing }) {
      const ring = newRing(4);
      const args = [ring, new IoUringNapi()] as Parameters<typeof io_uring_unregister_napi>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
  },
});
