import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_set_iowait',
  since: '2.10',
  category: 'setup',
  summary: 'Whether a task waiting on this ring counts as in iowait (the default) or not.',
  description:
    'With false, liburing passes IORING_ENTER_NO_IOWAIT to io_uring_enter(2) when it waits, so waiting does not show as iowait ' +
    'and does not keep the CPU out of deeper sleep states. Needs a kernel with IORING_FEAT_NO_IOWAIT (Linux 6.15).',
  man: 'io_uring_set_iowait(3)',
  params: [
    { name: 'ring', type: 'struct io_uring *', doc: 'The ring.' },
    { name: 'enable_iowait', type: 'bool', doc: 'true: waiting counts as iowait (the default); false: it does not.' },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0.' },
  errors: {
    EOPNOTSUPP: 'the kernel does not support it: ring.features lacks IORING_FEAT_NO_IOWAIT (before Linux 6.15)',
  },
  test: {
    async effect({ catchError, expect, io_uring_check_version, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_set_iowait, io_uring_sqe_set_data64, IORING_FEAT_NO_IOWAIT, liburingVersion, newRing, UnsupportedError, waitOne }) {
      const ring = newRing(4);
      try {
        if (io_uring_check_version(2, 10)) {
          // liburing older than 2.10 has no io_uring_set_iowait: importing works, calling throws UnsupportedError.
          const error = catchError(() => io_uring_set_iowait(ring, false));
          expect(error).toBeInstanceOf(UnsupportedError);
          expect(error).toMatchObject({ functionName: 'io_uring_set_iowait', needed: '2.10', loaded: liburingVersion() });
          expect(error.message).toContain(`needs liburing 2.10 or newer, but liburing ${liburingVersion()} is loaded`);
          return;
        }
        if (!(ring.features & IORING_FEAT_NO_IOWAIT)) {
          expect(catchError(() => io_uring_set_iowait(ring, false))).toMatchObject({ name: 'UringError', code: 'EOPNOTSUPP' });
          return;
        }
        expect(io_uring_set_iowait(ring, false)).toBe(0);
        // Waiting still works without iowait (liburing now passes IORING_ENTER_NO_IOWAIT).
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_data64(sqe, 5n);
        expect(waitOne(ring)).toMatchObject({ user_data: 5n, res: 0 });
        expect(io_uring_set_iowait(ring, true)).toBe(0);
      } finally {
        io_uring_queue_exit(ring);
      }
    },
    async valid({ exitQuietly, io_uring_set_iowait, newRing }) {
      const ring = newRing(4);
      const args = [ring, true] as Parameters<typeof io_uring_set_iowait>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
        },
      };
    },
  },
});
