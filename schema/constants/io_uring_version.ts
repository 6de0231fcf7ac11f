import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoUringVersion',
  header: 'liburing/io_uring_version.h',
  summary: 'The liburing version of the headers: here the newest the schema describes. The loaded library says its own with io_uring_major_version/io_uring_minor_version.',
  since: '2.4',
  cType: 'unsigned',
  values: [
    { name: 'IO_URING_VERSION_MAJOR', value: 2 },
    {
      name: 'IO_URING_VERSION_MINOR',
      value: 15,
      history: [
        { until: '2.5', value: 4 }, { until: '2.6', value: 5 }, { until: '2.7', value: 6 }, { until: '2.8', value: 7 }, { until: '2.9', value: 8 },
        { until: '2.10', value: 9 }, { until: '2.11', value: 10 }, { until: '2.12', value: 11 }, { until: '2.13', value: 12 }, { until: '2.14', value: 13 },
        { until: '2.15', value: 14 },
      ],
    },
  ],
});
