import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_enable_rings',
  since: '2.0',
  category: 'setup',
  summary: 'Enable a ring created with IORING_SETUP_R_DISABLED, so that it accepts submissions.',
  description:
    'A disabled ring accepts registrations (restrictions, wait regions) but refuses io_uring_enter with -EBADFD. Enabling it ' +
    'is done once; with IORING_SETUP_SINGLE_ISSUER the enabling thread becomes the one allowed to submit.',
  man: 'io_uring_enable_rings(3)',
  params: [
    {
      name: 'ring',
      type: 'struct io_uring *',
      doc: 'A ring created with IORING_SETUP_R_DISABLED and not enabled yet.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'hasFlag(ring.flags, IORING_SETUP_R_DISABLED)', says: 'the ring must have been created with IORING_SETUP_R_DISABLED' },
          message: 'the ring must have been created with IORING_SETUP_R_DISABLED (and not enabled yet): an enabled ring cannot be enabled again',
          source: 'io_uring_enable_rings(3) ERRORS ("EBADFD The ring was not disabled"); kernel io_uring/register.c io_register_enable_rings(); observed -EBADFD (77) on Linux 6.18',
          errno: 'EBADFD',
        },
      ],
    },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0 on success.' },
  errors: {
    EBADFD: 'the ring was not created with IORING_SETUP_R_DISABLED, or is enabled already',
  },
  quirks: [
    { text: 'ring.flags keeps IORING_SETUP_R_DISABLED after the ring is enabled, so only the kernel (-EBADFD, 77) knows that a ring was enabled already; liburing-ts checks only that it was created disabled', source: 'liburing 2.9 src/register.c io_uring_enable_rings() (register only, ring->flags untouched); observed -EBADFD on a second call on Linux 6.18' },
    { text: 'a submit on the disabled ring fails with -EBADFD but has already published the prepared SQEs in the SQ ring: the first submit after enabling submits them', source: 'liburing 2.9 src/queue.c __io_uring_flush_sq() before io_uring_enter; observed on Linux 6.18' },
  ],
  test: {
    async effect({ catchError, errnoNumber, expect, io_uring_enable_rings, io_uring_get_sqe, io_uring_prep_nop, io_uring_queue_exit, io_uring_sqe_set_data64, io_uring_submit, io_uring_submit_and_wait, IORING_SETUP_R_DISABLED, newRing, unchecked_io_uring_enable_rings, waitOne }) {
      const EBADFD = errnoNumber('EBADFD');
      const ring = newRing(4, IORING_SETUP_R_DISABLED);
      try {
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_data64(sqe, 3n);
        // Disabled: the kernel refuses to submit.
        expect(catchError(() => io_uring_submit(ring))).toMatchObject({ errno: -EBADFD });
        expect(io_uring_enable_rings(ring)).toBe(0);
        // Enabled: the SQE published by the failed submit goes in now and completes.
        expect(io_uring_submit_and_wait(ring, 1)).toBe(1);
        expect(waitOne(ring)).toMatchObject({ user_data: 3n, res: 0 });
        // Enabling twice is refused by the kernel.
        expect(Number(unchecked_io_uring_enable_rings(ring))).toBe(-EBADFD);
        expect(catchError(() => io_uring_enable_rings(ring))).toMatchObject({ name: 'UringError', errno: -EBADFD });
      } finally {
        io_uring_queue_exit(ring);
      }
      // A ring that was never disabled is refused before C.
      const plain = newRing(4);
      try {
        expect(catchError(() => io_uring_enable_rings(plain))).toMatchObject({ name: 'PreconditionError', rule: 'relation', cCode: 'EBADFD' });
        expect(Number(unchecked_io_uring_enable_rings(plain))).toBe(-EBADFD);
      } finally {
        io_uring_queue_exit(plain);
      }
    },
    async valid({ exitQuietly, io_uring_enable_rings, IORING_SETUP_R_DISABLED, newRing }) {
      const ring = newRing(4, IORING_SETUP_R_DISABLED);
      const plain = newRing(4);
      const args = [ring] as Parameters<typeof io_uring_enable_rings>;
      return {
        args,
        cleanup: () => {
          exitQuietly(ring);
          exitQuietly(plain);
        },
        plain,
      };
    },
    violations: {
      'ring.relation': { args: { ring: ({ plain }) => plain } },
    },
  },
});
