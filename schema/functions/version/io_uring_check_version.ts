import { defineFunction } from '../../language.js';

export default defineFunction({
  name: 'io_uring_check_version',
  since: '2.4',
  category: 'version',
  summary: 'Whether the loaded liburing is OLDER than major.minor: true means the version asked for is not available.',
  description:
    'The sense is inverted: false when the loaded library is major.minor or newer, true when it is older. ' +
    'To test for a version, write !io_uring_check_version(major, minor).',
  man: 'io_uring_check_version(3)',
  params: [
    { name: 'major', type: 'int', doc: 'The major version asked for.' },
    { name: 'minor', type: 'int', doc: 'The minor version asked for.' },
  ],
  returns: { kind: 'bool', type: 'bool', doc: 'false when the loaded liburing is at least major.minor; true when it is older.' },
  quirks: [
    { text: 'returns true when the requested version is NEWER than the library, i.e. true means "not available"; the name suggests the opposite', source: 'io_uring_check_version(3): "returns false if the liburing library loaded by the dynamic linker is greater-than or equal-to the major and minor numbers provided"' },
  ],
  test: {
    async effect({ expect, io_uring_check_version, io_uring_major_version, io_uring_minor_version }) {
      const major = io_uring_major_version();
      const minor = io_uring_minor_version();
      // The loaded version itself, and older ones, are available: false.
      expect(io_uring_check_version(major, minor)).toBe(false);
      expect(io_uring_check_version(2, 9)).toBe(false);
      expect(io_uring_check_version(2, 0)).toBe(false);
      expect(io_uring_check_version(1, 99)).toBe(false);
      // Newer ones are not: true.
      expect(io_uring_check_version(major, minor + 1)).toBe(true);
      expect(io_uring_check_version(2, 99)).toBe(true);
      expect(io_uring_check_version(major + 1, 0)).toBe(true);
    },
  },
});
