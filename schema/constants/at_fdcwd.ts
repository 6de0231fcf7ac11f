import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'AtFdcwd',
  header: 'fcntl.h',
  summary: 'The dirfd that means the current working directory, for the *at operations (openat(2)).',
  cType: 'int',
  values: [
    { name: 'AT_FDCWD', value: -100, doc: 'Resolve relative paths against the current working directory.' },
  ],
});
