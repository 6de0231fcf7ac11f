import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_register_napi',
  since: '2.6',
  category: 'register',
  summary: 'Enable NAPI busy polling for the ring\'s network waits with napi\'s timeout and preference; napi receives the previous settings.',
  description:
    'While waiting for completions, the ring busy-polls the NAPI instances of the sockets its requests use, for up to ' +
    'busy_poll_to microseconds (prefer_busy_poll: as SO_PREFER_BUSY_POLL). Only the ring\'s settings are recorded here: no ' +
    'network device is needed to register them. On success napi is overwritten with the settings in force before the call. ' +
    'io_uring_unregister_napi turns it off. Linux 6.9+ (CONFIG_NET_RX_BUSY_POLL).',
  man: 'io_uring_register_napi(3)',
  params: [
    {
      name: 'ring',
      type: 'struct io_uring *',
      doc: 'The ring; not an IORING_SETUP_IOPOLL ring.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: '!hasFlag(ring.flags, IORING_SETUP_IOPOLL)', says: 'the ring must not use IORING_SETUP_IOPOLL' },
          message: 'the ring must not have been created with IORING_SETUP_IOPOLL: the kernel refuses NAPI busy polling on polled-I/O rings',
          source: 'kernel io_uring/napi.c io_register_napi() (IORING_SETUP_IOPOLL gives -EINVAL); observed -EINVAL on Linux 6.18. io_uring_register(2) IORING_REGISTER_NAPI says the opposite ("Must be used with a ring initially created with IORING_SETUP_IOPOLL"), which is wrong (man2/io_uring_register.2:814-815, and ERRORS at 1180-1184)',
          errno: 'EINVAL',
        },
      ],
    },
    {
      name: 'napi',
      type: 'struct io_uring_napi *',
      dir: 'inout',
      doc: 'busy_poll_to (microseconds) and prefer_busy_poll in; the previous settings out.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'napi.pad.every((b) => b === 0)', says: 'napi.pad must be zero' },
          message: 'napi.pad must be all zero (newer kernels read an opcode from pad[0] and refuse anything but 0 there from liburing 2.9\'s layout)',
          source: 'io_uring_register(2) IORING_REGISTER_NAPI ("arg->pad and arg->resv should be zeroed out", man2/io_uring_register.2:805-808); kernel io_uring/napi.c io_register_napi(); observed -EINVAL for each pad byte set on Linux 6.18',
          errno: 'EINVAL',
        },
      ],
    },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 on success; napi then holds the previous settings.' },
  errors: {
    EINVAL: 'the ring uses IORING_SETUP_IOPOLL, pad or resv is not zero, or the kernel lacks NAPI busy polling (CONFIG_NET_RX_BUSY_POLL)',
    EFAULT: 'napi is not writable memory',
  },
  quirks: [
    { text: 'the kernel writes the previous settings back even into resv: Linux 6.10+ laid an opcode and op_param over liburing 2.9\'s pad and resv, and op_param comes back as the previous tracking mode (255, IO_URING_NAPI_TRACKING_INACTIVE, the first time; 0 after a registration), so clear resv before reusing the struct', source: 'kernel include/uapi/linux/io_uring.h struct io_uring_napi and io_uring/napi.c io_register_napi(); observed resv 255 then 0 on Linux 6.18' },
    { text: 'resv must be zero in liburing 2.9\'s terms, but the kernel reads its low 32 bits as op_param: 1 (IO_URING_NAPI_TRACKING_STATIC) is accepted and switches to static tracking, other values give -EINVAL', source: 'kernel io_uring/napi.c io_napi_register_napi(); observed on Linux 6.18' },
    { text: 'no network device or privilege is needed: registration only records the ring\'s settings (visible in /proc/self/fdinfo/<ring fd> as "NAPI: enabled")', source: 'kernel io_uring/napi.c, io_uring/fdinfo.c; observed on Linux 6.18' },
  ],
  test: {
    async effect({ expect, io_uring_queue_exit, io_uring_register_napi, IoUringNapi, newRing }) {
      const { readFileSync } = await import('node:fs');
      const ring = newRing(4);
      const fdinfo = () => readFileSync(`/proc/self/fdinfo/${ring.ring_fd}`, 'utf8');
      try {
        expect(fdinfo()).toMatch(/NAPI:\s+disabled/);
        const napi = new IoUringNapi();
        napi.busy_poll_to = 100;
        napi.prefer_busy_poll = 1;
        expect(io_uring_register_napi(ring, napi)).toBe(0);
        // The ring busy-polls now, with these settings.
        expect(fdinfo()).toMatch(/NAPI:\s+enabled/);
        expect(fdinfo()).toMatch(/napi_busy_poll_dt:\s+100000\b/);
        expect(fdinfo()).toMatch(/napi_prefer_busy_poll:\s+true/);
        // napi received the previous settings: none.
        expect(napi.busy_poll_to).toBe(0);
        expect(napi.prefer_busy_poll).toBe(0);
        // Changing them returns the ones just set.
        const next = new IoUringNapi();
        next.busy_poll_to = 50;
        expect(io_uring_register_napi(ring, next)).toBe(0);
        expect(next.busy_poll_to).toBe(100);
        expect(next.prefer_busy_poll).toBe(1);
        expect(fdinfo()).toMatch(/napi_busy_poll_dt:\s+50000\b/);
        expect(fdinfo()).toMatch(/napi_prefer_busy_poll:\s+false/);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_register_napi, IORING_SETUP_IOPOLL, IoUringNapi, newRing }) {
      const ring = newRing(4);
      const iopoll = newRing(4, IORING_SETUP_IOPOLL);
      const napi = new IoUringNapi();
      napi.busy_poll_to = 10;
      const args = [ring, napi] as Parameters<typeof io_uring_register_napi>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
          exitQuietly(iopoll);
        },
        iopoll,
        napi,
      };
    },
    violations: {
      'ring.relation': { args: { ring: ({ iopoll }) => iopoll } },
      'napi.relation': { before: ({ napi }) => { napi.pad[1] = 1; } },
    },
  },
});
