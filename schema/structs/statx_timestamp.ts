import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'statx_timestamp',
  className: 'StatxTimestamp',
  header: 'linux/stat.h',
  summary: 'A file timestamp in struct statx: seconds and nanoseconds since the epoch (statx(2)).',
  fields: [
    { name: 'tv_sec', type: '__s64' },
    { name: 'tv_nsec', type: '__u32' },
    { name: '__reserved', type: '__s32' },
  ],
});
