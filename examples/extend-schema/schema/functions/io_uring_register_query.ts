/**
 * io_uring_register_query, added in liburing 2.15: ask the kernel what it
 * supports, without a ring. liburing-ts's built-in schema leaves it out (it
 * takes a struct only 2.15's headers have); this project adds it, with the two
 * structs in ../structs.
 *
 * With liburing 2.9 loaded the binding still imports; calling the function
 * throws UnsupportedError naming 2.15 and the loaded version, which the effect
 * test checks. With 2.15 (LIBURING_SUITE=sid) the test asks the kernel for real.
 */
export default {
  name: 'io_uring_register_query',
  since: '2.15',
  category: 'register',
  summary: 'Ask the kernel which io_uring opcodes, flags and features it supports (IORING_REGISTER_QUERY), without a ring.',
  description:
    'Each io_uring_query_hdr names a query (query_op) and the struct that receives the answer (query_data, size); the kernel sets ' +
    'its result. Headers can be chained through next_entry.',
  man: 'io_uring_register_query(3)',
  params: [
    { name: 'query', type: 'struct io_uring_query_hdr *', dir: 'inout', doc: 'The query; its answer struct is filled in and its result set.' },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0; each query\'s own outcome is in its result field.' },
  errors: {
    EINVAL: 'the kernel has no IORING_REGISTER_QUERY, or the header is malformed (reserved fields not 0)',
    EFAULT: 'query or its query_data is not valid memory',
  },
  test: {
    async effect({ catchError, expect, io_uring_check_version, io_uring_free_probe, io_uring_get_probe, io_uring_queue_exit, io_uring_register_query, IORING_FEAT_NODROP, IORING_REGISTER_PBUF_RING, IORING_SETUP_SQPOLL, IoUringQueryHdr, IoUringQueryOpcode, liburingVersion, newRing, UnsupportedError }) {
      const IO_URING_QUERY_OPCODES = 0; // liburing 2.15 <liburing/io_uring/query.h>
      const answer = new IoUringQueryOpcode();
      const query = new IoUringQueryHdr();
      query.query_op = IO_URING_QUERY_OPCODES;
      query.query_data = answer.address;
      query.size = IoUringQueryOpcode.size;
      if (io_uring_check_version(2, 15)) {
        // The loaded liburing is older than 2.15: the function is there to import, and calling it says what is missing.
        const error = catchError(() => io_uring_register_query(query));
        expect(error).toBeInstanceOf(UnsupportedError);
        expect(error).toMatchObject({ functionName: 'io_uring_register_query', needed: '2.15', loaded: liburingVersion() });
        expect(error.message).toContain(`needs liburing 2.15 or newer, but liburing ${liburingVersion()} is loaded`);
        return;
      }
      const { release } = await import('node:os');
      const [major, minor] = release().split('.').map(Number) as [number, number];
      if (major < 6 || (major === 6 && minor < 18)) {
        // The kernel predates IORING_REGISTER_QUERY: it refuses the register opcode.
        expect(catchError(() => io_uring_register_query(query))).toMatchObject({ name: 'UringError', code: 'EINVAL' });
        return;
      }
      expect(io_uring_register_query(query)).toBe(0);
      expect(query.result).toBe(0);
      // The answer agrees with what the built-in API says about this kernel.
      const probe = io_uring_get_probe()!;
      try {
        expect(answer.nr_request_opcodes).toBe(probe.last_op + 1);
      } finally {
        io_uring_free_probe(probe);
      }
      const ring = newRing(4);
      try {
        // Every feature a ring reports is among the features the query lists.
        expect(BigInt(ring.features) & ~answer.feature_flags).toBe(0n);
        expect(answer.feature_flags & BigInt(IORING_FEAT_NODROP)).toBe(BigInt(IORING_FEAT_NODROP));
      } finally {
        io_uring_queue_exit(ring);
      }
      expect(answer.ring_setup_flags & BigInt(IORING_SETUP_SQPOLL)).toBe(BigInt(IORING_SETUP_SQPOLL));
      expect(answer.nr_register_opcodes).toBeGreaterThan(IORING_REGISTER_PBUF_RING);
    },
  },
};
