import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringRegisterFilesSkip',
  header: 'liburing/io_uring.h',
  summary: 'An fd value that leaves a registered file slot unchanged in an update (io_uring_register_files_update(3)).',
  since: '2.0',
  cType: 'int',
  values: [
    { name: 'IORING_REGISTER_FILES_SKIP', value: -2, doc: 'Skip updating the fd index set to this value.' },
  ],
});
