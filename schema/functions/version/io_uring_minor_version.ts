import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_minor_version',
  since: '2.4',
  category: 'version',
  summary: 'The minor version of the liburing loaded at run time (9 for liburing 2.9).',
  man: 'io_uring_minor_version(3)',
  params: [],
  returns: { kind: 'value', type: 'int', doc: 'The minor version number, IO_URING_VERSION_MINOR of the library that was loaded.' },
  test: {
    async effect({ expect, io_uring_minor_version, liburingVersion }) {
      const [, minor] = liburingVersion().split('.').map(Number);
      expect(io_uring_minor_version()).toBe(minor);
      // liburing-ts needs liburing 2.9 or newer.
      expect(io_uring_minor_version()).toBeGreaterThanOrEqual(9);
    },
  },
});
