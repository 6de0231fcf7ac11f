import { defineFunction } from '../../language.js';

export default defineFunction({
  name: '__io_uring_clone_buffers_offset',
  since: '2.10',
  category: 'register',
  summary: 'Clone nr registered buffers of src, from src_off, into dst at dst_off, with IORING_REGISTER_* clone flags.',
  description:
    'io_uring_clone_buffers_offset without adding IORING_REGISTER_SRC_REGISTERED by itself (see __io_uring_clone_buffers). ' +
    'nr 0 clones all of them.',
  man: 'io_uring_clone_buffers(3)',
  params: [
    { name: 'dst', type: 'struct io_uring *', doc: 'The ring that receives the buffers.' },
    { name: 'src', type: 'struct io_uring *', doc: 'The ring whose registered buffers are cloned.' },
    { name: 'dst_off', type: 'unsigned int', doc: 'The first buffer index written in dst.' },
    { name: 'src_off', type: 'unsigned int', doc: 'The first buffer index read in src.' },
    { name: 'nr', type: 'unsigned int', doc: 'How many buffers to clone; 0 for all.' },
    { name: 'flags', type: 'unsigned int', doc: 'IORING_REGISTER_SRC_REGISTERED, IORING_REGISTER_DST_REPLACE, or 0.' },
  ],
  bookkeeping: { kind: 'buffers-clone', whole: false },
  returns: { kind: 'errno', type: 'int', doc: '0.' },
  errors: {
    ENXIO: 'src has no registered buffers',
    EBUSY: 'dst already has registered buffers there (and IORING_REGISTER_DST_REPLACE is not set)',
    EINVAL: 'unknown flags, or offsets and nr outside the buffer tables',
    EOVERFLOW: 'the offsets plus nr overflow',
  },
  test: {
    async effect({ __io_uring_clone_buffers_offset, catchError, expect, io_uring_check_version, io_uring_queue_exit, liburingVersion, newRing, UnsupportedError }) {
      const dst = newRing(4);
      const src = newRing(4);
      try {
        if (io_uring_check_version(2, 10)) {
          // liburing older than 2.10 has no __io_uring_clone_buffers_offset: importing works, calling throws UnsupportedError.
          const error = catchError(() => __io_uring_clone_buffers_offset(dst, src, 0, 0, 0, 0));
          expect(error).toBeInstanceOf(UnsupportedError);
          expect(error).toMatchObject({ functionName: '__io_uring_clone_buffers_offset', needed: '2.10', loaded: liburingVersion() });
          expect(error.message).toContain(`needs liburing 2.10 or newer, but liburing ${liburingVersion()} is loaded`);
          return;
        }
        // The call reaches the kernel (IORING_REGISTER_CLONE_BUFFERS, Linux 6.12): src has no buffers to clone.
        expect(catchError(() => __io_uring_clone_buffers_offset(dst, src, 0, 0, 1, 0))).toMatchObject({ name: 'UringError', code: 'ENXIO' });
      } finally {
        io_uring_queue_exit(src);
        io_uring_queue_exit(dst);
      }
    },
    async valid({ __io_uring_clone_buffers_offset, exitQuietly, newRing }) {
      const dst = newRing(4);
      const src = newRing(4);
      const args = [dst, src, 0, 0, 0, 0] as Parameters<typeof __io_uring_clone_buffers_offset>;
      return {
        args,
        cleanup: () => {
          exitQuietly(src);
          exitQuietly(dst);
        },
      };
    },
  },
});
