import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_register_query',
  since: '2.15',
  kernel: '6.18',
  category: 'register',
  summary: 'Ask the kernel which io_uring opcodes, flags and features it supports (IORING_REGISTER_QUERY), without a ring.',
  description:
    'Each io_uring_query_hdr names a query (query_op) and the struct that receives the answer (query_data, size); the kernel ' +
    'writes the answer and sets the header\'s result: 0, or -errno for that query (-EOPNOTSUPP for a query it does not know). ' +
    'Headers can be chained through next_entry. The call returns 0 unless a header or answer cannot be reached. NULL is no query.',
  man: 'io_uring_register_query(3)',
  params: [
    {
      name: 'query',
      type: 'struct io_uring_query_hdr *',
      dir: 'inout',
      nullable: true,
      doc: 'The query (an IoUringQueryHdr); its answer struct is written and its result set. null: nothing is asked.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'query === null || query.query_data !== 0n', says: 'query.query_data must be the address of the answer struct' },
          message: 'query.query_data must hold the address of the struct that receives the answer (e.g. an IoUringQueryOpcode\'s .address), not 0',
          source: 'io_uring_register_query(3) ("The query_data field must point to a data structure appropriate for the query type"); observed -EFAULT for 0 on Linux 6.18',
          errno: 'EFAULT',
        },
        {
          rule: { kind: 'relation', holds: 'query === null || query.size > 0', says: 'query.size must be the size of the answer struct' },
          message: 'query.size must be the size of the answer struct (IoUringQueryOpcode.size for IO_URING_QUERY_OPCODES), not 0',
          source: 'io_uring_register_query(3) ("The size field should be set to the size of the data structure"); observed result -EINVAL for size 0 on Linux 6.18',
          errno: null,
          unprovable: 'the kernel reports it in query.result (-EINVAL) and returns 0, so the return value the raw call gives does not show it',
        },
        {
          rule: { kind: 'relation', holds: 'query === null || (query.result === 0 && query.__resv.every((v) => v === 0))', says: 'query.result and query.__resv must be 0' },
          message: 'query.result and query.__resv must be 0 before the call (a header whose query failed keeps its -errno in result: reset it to reuse the header)',
          source: 'io_uring_register_query(3) ("The reserved __resv fields must be cleared to zero"); observed result -EINVAL for a non-zero __resv or result on Linux 6.18',
          errno: null,
          unprovable: 'the kernel reports it in query.result (-EINVAL) and returns 0, so the return value the raw call gives does not show it',
        },
      ],
    },
  ],
  returns: { kind: 'errno', type: 'int', doc: '0; each query\'s own outcome is in its result field.' },
  errors: {
    EFAULT: 'query, its next_entry or its query_data is not valid memory',
    EINVAL: 'the kernel has no IORING_REGISTER_QUERY (before Linux 6.18)',
    EBADF: 'the kernel takes no register call without a ring (before Linux 6.13)',
    ERANGE: 'the chain of next_entry headers is too long (or loops)',
  },
  quirks: [
    { text: 'the kernel writes exactly query.size bytes at query_data, zero-filling past its own answer struct: a size larger than the memory at query_data overwrites what follows it. liburing-ts cannot check it, since query_data and next_entry are plain integers; set size to the answer class\'s size', source: 'observed on Linux 6.18 (size 47: 47 bytes written; size 100 over a 48-byte buffer: the bytes after it overwritten)' },
    { text: 'only the first header is checked before C is called; headers chained through next_entry are the kernel\'s to check, each reporting in its own result', source: 'liburing-ts' },
    { text: 'an unknown query_op is not an error of the call: the header\'s result is -EOPNOTSUPP; Linux 6.18 answers only IO_URING_QUERY_OPCODES (nr_query_opcodes 1)', source: 'observed on Linux 6.18' },
    { text: 'the man page says Linux 6.15; IORING_REGISTER_QUERY came with Linux 6.18', source: 'io_uring_register_query(3) NOTES; liburing 2.13 io_uring.h (IORING_REGISTER_QUERY first appears); observed on Linux 6.18' },
  ],
  test: {
    async effect({ catchError, errnoNumber, expect, io_uring_check_version, io_uring_free_probe, io_uring_get_probe, io_uring_queue_exit, io_uring_register_query, IO_URING_QUERY_OPCODES, IO_URING_QUERY_SCQ, IORING_FEAT_NODROP, IORING_REGISTER_PBUF_RING, IORING_SETUP_SQPOLL, IOSQE_FIXED_FILE, IoUringQueryHdr, IoUringQueryOpcode, kernelAtLeast, liburingVersion, newRing, UnsupportedError }) {
      const answer = new IoUringQueryOpcode();
      const query = new IoUringQueryHdr();
      query.query_op = IO_URING_QUERY_OPCODES;
      query.query_data = answer.address;
      query.size = IoUringQueryOpcode.size;
      if (io_uring_check_version(2, 15)) {
        // liburing older than 2.15 has no io_uring_register_query: importing works, calling throws UnsupportedError.
        const error = catchError(() => io_uring_register_query(query));
        expect(error).toBeInstanceOf(UnsupportedError);
        expect(error).toMatchObject({ functionName: 'io_uring_register_query', needed: '2.15', loaded: liburingVersion() });
        expect(error.message).toContain(`needs liburing 2.15 or newer, but liburing ${liburingVersion()} is loaded`);
        return;
      }
      if (!kernelAtLeast('6.18')) {
        console.log('io_uring_register_query needs Linux 6.18 (IORING_REGISTER_QUERY): checking that this kernel refuses it');
        expect(catchError(() => io_uring_register_query(query))).toMatchObject({ name: 'UringError', code: kernelAtLeast('6.13') ? 'EINVAL' : 'EBADF' });
        return;
      }
      // NULL asks nothing.
      expect(io_uring_register_query(null)).toBe(0);
      expect(io_uring_register_query(query)).toBe(0);
      expect(query.result).toBe(0);
      // The answer agrees with what the rest of the API says about this kernel.
      const probe = io_uring_get_probe()!;
      try {
        expect(answer.nr_request_opcodes).toBe(probe.last_op + 1);
      } finally {
        io_uring_free_probe(probe);
      }
      const ring = newRing(4);
      try {
        // Every feature a ring reports is among those the query lists.
        expect(BigInt(ring.features) & ~answer.feature_flags).toBe(0n);
        expect(answer.feature_flags & BigInt(IORING_FEAT_NODROP)).toBe(BigInt(IORING_FEAT_NODROP));
      } finally {
        io_uring_queue_exit(ring);
      }
      expect(answer.ring_setup_flags & BigInt(IORING_SETUP_SQPOLL)).toBe(BigInt(IORING_SETUP_SQPOLL));
      expect(answer.sqe_flags & BigInt(IOSQE_FIXED_FILE)).toBe(BigInt(IOSQE_FIXED_FILE));
      expect(answer.nr_register_opcodes).toBeGreaterThan(IORING_REGISTER_PBUF_RING);
      expect(answer.nr_query_opcodes).toBeGreaterThanOrEqual(1);
      // Two chained queries: each header gets its own result; a query the kernel does not answer is -EOPNOTSUPP there.
      const second = new IoUringQueryHdr();
      const room = new IoUringQueryOpcode();
      second.query_op = IO_URING_QUERY_SCQ;
      second.query_data = room.address;
      second.size = 16;
      const first = new IoUringQueryHdr();
      const again = new IoUringQueryOpcode();
      first.query_op = IO_URING_QUERY_OPCODES;
      first.query_data = again.address;
      first.size = IoUringQueryOpcode.size;
      first.next_entry = second.address;
      expect(io_uring_register_query(first)).toBe(0);
      expect(first.result).toBe(0);
      expect(again.nr_request_opcodes).toBe(answer.nr_request_opcodes);
      if (answer.nr_query_opcodes > IO_URING_QUERY_SCQ) expect(second.result).toBe(0);
      else expect(second.result).toBe(-errnoNumber('EOPNOTSUPP')); // this kernel answers fewer queries
    },
    async valid({ IO_URING_QUERY_OPCODES, io_uring_register_query, IoUringQueryHdr, IoUringQueryOpcode }) {
      const answer = new IoUringQueryOpcode();
      const query = new IoUringQueryHdr();
      query.query_op = IO_URING_QUERY_OPCODES;
      query.query_data = answer.address;
      query.size = IoUringQueryOpcode.size;
      const args = [query] as Parameters<typeof io_uring_register_query>;
      return { args, query, answer };
    },
    violations: {
      'query.relation': { before: ({ query }) => { query.query_data = 0n; } },
      'query.relation#2': { before: ({ query }) => { query.size = 0; } },
      'query.relation#3': { before: ({ query }) => { query.__resv[1] = 1; } },
    },
  },
});
