import { defineFunction } from '../../language.js';

export default defineFunction({
  name: '__io_uring_clone_buffers',
  since: '2.10',
  category: 'register',
  summary: 'Clone the registered buffers of src into dst, with IORING_REGISTER_* clone flags.',
  description:
    'io_uring_clone_buffers with a flags argument: it does not add IORING_REGISTER_SRC_REGISTERED by itself, so it works when dst ' +
    'has a registered ring fd that another thread registered, as long as the original ring fds are open. dst must have no buffers registered.',
  man: 'io_uring_clone_buffers(3)',
  params: [
    { name: 'dst', type: 'struct io_uring *', doc: 'The ring that receives the buffers; it must have none registered.' },
    { name: 'src', type: 'struct io_uring *', doc: 'The ring whose registered buffers are cloned.' },
    { name: 'flags', type: 'unsigned int', doc: 'IORING_REGISTER_SRC_REGISTERED, IORING_REGISTER_DST_REPLACE, or 0.' },
  ],
  bookkeeping: { kind: 'buffers-clone', whole: true },
  returns: { kind: 'errno', type: 'int', doc: '0.' },
  errors: {
    ENXIO: 'src has no registered buffers',
    EBUSY: 'dst already has registered buffers (and IORING_REGISTER_DST_REPLACE is not set)',
    EINVAL: 'unknown flags, or an invalid ring',
  },
  test: {
    async effect({ __io_uring_clone_buffers, catchError, expect, io_uring_check_version, io_uring_queue_exit, liburingVersion, newRing, UnsupportedError }) {
      const dst = newRing(4);
      const src = newRing(4);
      try {
        if (io_uring_check_version(2, 10)) {
          // liburing older than 2.10 has no __io_uring_clone_buffers: importing works, calling throws UnsupportedError.
          const error = catchError(() => __io_uring_clone_buffers(dst, src, 0));
          expect(error).toBeInstanceOf(UnsupportedError);
          expect(error).toMatchObject({ functionName: '__io_uring_clone_buffers', needed: '2.10', loaded: liburingVersion() });
          expect(error.message).toContain(`needs liburing 2.10 or newer, but liburing ${liburingVersion()} is loaded`);
          return;
        }
        // The call reaches the kernel (IORING_REGISTER_CLONE_BUFFERS, Linux 6.12): src has no buffers to clone.
        expect(catchError(() => __io_uring_clone_buffers(dst, src, 0))).toMatchObject({ name: 'UringError', code: 'ENXIO' });
      } finally {
        io_uring_queue_exit(src);
        io_uring_queue_exit(dst);
      }
    },
    async valid({ __io_uring_clone_buffers, exitQuietly, newRing }) {
      const dst = newRing(4);
      const src = newRing(4);
      const args = [dst, src, 0] as Parameters<typeof __io_uring_clone_buffers>;
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
