/**
 * This project's own rule on top of liburing-ts's: rings of at most 4096
 * entries. The built-in precondition (1 to 32768, unless IORING_SETUP_CLAMP)
 * stays; mode 'add' puts this one after it. A call with 8192 entries, which
 * liburing and the kernel accept, now throws PreconditionError before C is
 * called, and `liburing-ts generate` reports the override.
 */
export default {
  override: 'io_uring_queue_init',
  params: {
    entries: {
      mode: 'add',
      preconditions: [
        {
          rule: { kind: 'range', max: 4096 },
          message: 'entries must be at most 4096 in this project: larger rings pin more memory than our containers allow',
          source: 'examples/extend-schema/README.md (project policy, not a liburing limit)',
          errno: null,
        },
      ],
    },
  },
};
