import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_major_version',
  since: '2.4',
  category: 'version',
  summary: 'The major version of the liburing loaded at run time (2 for liburing 2.9).',
  man: 'io_uring_major_version(3)',
  params: [],
  returns: { kind: 'value', type: 'int', doc: 'The major version number, IO_URING_VERSION_MAJOR of the library that was loaded.' },
  test: {
    async effect({ expect, io_uring_major_version, liburingVersion }) {
      const [major] = liburingVersion().split('.').map(Number);
      expect(io_uring_major_version()).toBe(major);
      // liburing-ts targets liburing 2.x.
      expect(io_uring_major_version()).toBe(2);
    },
  },
});
