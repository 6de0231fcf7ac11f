import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'O',
  header: 'fcntl.h',
  summary: 'open(2) flags, for openat/openat2 and open_how.flags. The values are x86-64 ones: O_DIRECT, O_DIRECTORY and O_NOFOLLOW differ on aarch64.',
  cType: 'unsigned',
  values: [
    { name: 'O_RDONLY', value: 0, doc: 'Open for reading only.' },
    { name: 'O_WRONLY', value: 1, doc: 'Open for writing only.' },
    { name: 'O_RDWR', value: 2, doc: 'Open for reading and writing.' },
    { name: 'O_ACCMODE', value: 3, doc: 'The mask of the access mode bits.' },
    { name: 'O_CREAT', value: 64, doc: 'Create the file if it does not exist.' },
    { name: 'O_EXCL', value: 128, doc: 'With O_CREAT: fail if the file exists.' },
    { name: 'O_NOCTTY', value: 256, doc: 'Do not make a terminal the controlling terminal.' },
    { name: 'O_TRUNC', value: 512, doc: 'Truncate to length 0.' },
    { name: 'O_APPEND', value: 1024, doc: 'Write at the end of the file.' },
    { name: 'O_NONBLOCK', value: 2048, doc: 'Non-blocking mode.' },
    { name: 'O_DSYNC', value: 4096, doc: 'Writes complete as synchronized data integrity I/O.' },
    { name: 'O_SYNC', value: 1052672, doc: 'Writes complete as synchronized file integrity I/O.' },
    { name: 'O_DIRECT', value: 16384, doc: 'Direct I/O, bypassing the page cache (x86-64 value; aarch64: 0x10000).' },
    { name: 'O_DIRECTORY', value: 65536, doc: 'Fail unless the path is a directory (x86-64 value; aarch64: 0x4000).' },
    { name: 'O_NOFOLLOW', value: 131072, doc: 'Fail if the trailing path component is a symbolic link (x86-64 value; aarch64: 0x8000).' },
    { name: 'O_NOATIME', value: 262144, doc: 'Do not update the access time.' },
    { name: 'O_CLOEXEC', value: 524288, doc: 'Close the fd on execve.' },
    { name: 'O_PATH', value: 2097152, doc: 'Open a path-only fd.' },
    { name: 'O_TMPFILE', value: 4259840, doc: 'Create an unnamed temporary file in the directory (includes O_DIRECTORY).' },
  ],
});
