import { defineFunction } from '../../language.js';

/**
 * Test prelude: a loop block device over a 64 KiB temporary file filled with 0xab bytes, attached with the
 * loop-control ioctls through koffi (LOOP_CTL_GET_FREE, LOOP_SET_FD; detach() clears it). Needs CAP_SYS_ADMIN:
 * attach() returns null when the machine has no loop devices or the process lacks the privilege.
 */
const LOOP = `
  const { openSync, closeSync, readSync, writeFileSync } = await import('node:fs');
  const { default: koffi } = await import('koffi');
  const ioctl = koffi.load('libc.so.6').func('int ioctl(int, unsigned long, ...)');
  const LOOP_SET_FD = 0x4c00;
  const LOOP_CLR_FD = 0x4c01;
  const LOOP_CTL_GET_FREE = 0x4c82;
  const dir = tempDir();
  writeFileSync(dir.file('disk'), Buffer.alloc(65536, 0xab));
  const backing = openSync(dir.file('disk'), 'r+');
  const attach = (): { fd: number; path: string } | null => {
    let control: number;
    try {
      control = openSync('/dev/loop-control', 'r+');
    } catch (e) {
      if (['EACCES', 'EPERM', 'ENOENT'].includes((e as { code?: string }).code ?? '')) return null;
      throw e;
    }
    try {
      for (let attempt = 0; attempt < 8; attempt++) {
        const n = ioctl(control, LOOP_CTL_GET_FREE, 'int', 0) as number;
        if (n < 0) return null;
        const path = '/dev/loop' + n;
        const fd = openSync(path, 'r+');
        if ((ioctl(fd, LOOP_SET_FD, 'int', backing) as number) === 0) return { fd, path };
        closeSync(fd); // another process took it first
      }
      return null;
    } finally {
      closeSync(control);
    }
  };
  const detach = (dev: { fd: number } | null) => {
    if (dev) {
      ioctl(dev.fd, LOOP_CLR_FD, 'int', 0);
      closeSync(dev.fd);
    }
    closeSync(backing);
    dir.remove();
  };
`;

export default defineFunction({
  name: 'io_uring_prep_cmd_discard',
  since: '2.8',
  category: 'prep',
  inline: true,
  summary: 'Prepare a discard of nbytes at offset on a block device (IORING_OP_URING_CMD with BLOCK_URING_CMD_DISCARD).',
  description:
    'The asynchronous form of the BLKDISCARD ioctl: the device may forget the range, which then reads back as zeros on most devices. ' +
    'The completion res is 0, or -errno. Unlike the ioctl it does not exclude concurrent reads and writes of the range, and only tries to drop the page cache. ' +
    'fd must be a block device opened for writing. Linux 6.12 and later.',
  man: 'io_uring_prep_cmd_discard(3)',
  params: [
    { name: 'sqe', type: 'struct io_uring_sqe *', doc: 'The SQE to fill in.' },
    {
      name: 'fd',
      type: 'int',
      doc: 'The block device, opened for writing (with IOSQE_FIXED_FILE: a registered file index).',
      preconditions: [
        {
          rule: { kind: 'fd' },
          message: 'fd must be an open block device descriptor (or, with IOSQE_FIXED_FILE, a registered file index), not negative',
          source: 'io_uring_prep_cmd_discard(3) ERRORS (res is -errno); observed res -EBADF for fd -1 on Linux 6.18',
          errno: 'EBADF',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'offset',
      type: 'uint64_t',
      doc: 'Where the range starts, in bytes: a multiple of the device\'s logical block size (512 or more).',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'BigInt(offset) % 512n === 0n', says: 'offset must be a multiple of 512 (the smallest logical block size)' },
          message: 'offset must be a multiple of the device\'s logical block size, so at least of 512',
          source: 'kernel block/ioctl.c blkdev_cmd_discard() (start and length must be aligned to bdev_logical_block_size()); observed res -EINVAL for 100 on a loop device, Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
    {
      name: 'nbytes',
      type: 'uint64_t',
      doc: 'How many bytes to discard: more than 0, a multiple of the logical block size, and within the device.',
      preconditions: [
        {
          rule: { kind: 'relation', holds: 'BigInt(nbytes) > 0n', says: 'nbytes must not be 0' },
          message: 'nbytes must be more than 0',
          source: 'kernel block/ioctl.c blkdev_cmd_discard() ("if (!len) return -EINVAL"); observed res -EINVAL for 0 on a loop device, Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
        {
          rule: { kind: 'relation', holds: 'BigInt(nbytes) % 512n === 0n', says: 'nbytes must be a multiple of 512 (the smallest logical block size)' },
          message: 'nbytes must be a multiple of the device\'s logical block size, so at least of 512',
          source: 'kernel block/ioctl.c blkdev_cmd_discard() (start and length must be aligned to bdev_logical_block_size()); observed res -EINVAL for 100 on a loop device, Linux 6.18',
          errno: 'EINVAL',
          reportedIn: 'cqe',
        },
      ],
    },
  ],
  returns: { kind: 'void', type: 'void', doc: 'Nothing; the completion res is 0, or -errno.' },
  sqe: {
    rw: { op: 'IORING_OP_URING_CMD', fd: 'fd', addr: '0', len: '0', off: '0' },
    set: [['cmd_op', 'BLOCK_URING_CMD_DISCARD'], ['addr', 'offset'], ['addr3', 'nbytes']],
  },
  errors: {
    EOPNOTSUPP: 'fd is not a block device (a regular file, a socket...), or the device cannot discard',
    EINVAL: 'offset or nbytes is not aligned to the logical block size, nbytes is 0, or the range goes past the end of the device',
    EBADF: 'fd is not open for writing',
  },
  quirks: [
    { text: 'a regular file (or any descriptor that is not a block device) gives res -EOPNOTSUPP, not -ENOTTY', source: 'observed on Linux 6.18 (a regular file on ext4, a socket)' },
    { text: 'a block device opened read-only gives res -EBADF', source: 'kernel block/ioctl.c blkdev_uring_cmd() (requires FMODE_WRITE); observed on Linux 6.18 (loop device opened O_RDONLY)' },
    { text: 'a range past the end of the device gives res -EINVAL; the wrapper cannot check it, as it does not know the device size', source: 'kernel block/ioctl.c blkdev_cmd_discard(); observed on Linux 6.18 (1 MiB on a 64 KiB loop device)' },
    { text: 'the alignment rules check 512 bytes, the smallest logical block size; a device with 4096-byte logical blocks needs multiples of 4096 and refuses the rest with -EINVAL', source: 'kernel block/ioctl.c blkdev_cmd_discard() (bdev_logical_block_size())' },
  ],
  test: {
    async effect({ BLOCK_URING_CMD_DISCARD, errnoNumber, expect, io_uring_get_sqe, io_uring_prep_cmd_discard, io_uring_queue_exit, io_uring_sqe_set_data64, IORING_OP_URING_CMD, newRing, tempDir, waitOne }) {
      const { openSync, closeSync, readSync, writeFileSync } = await import('node:fs');
      const { default: koffi } = await import('koffi');
      const ioctl = koffi.load('libc.so.6').func('int ioctl(int, unsigned long, ...)');
      const LOOP_SET_FD = 0x4c00;
      const LOOP_CLR_FD = 0x4c01;
      const LOOP_CTL_GET_FREE = 0x4c82;
      const dir = tempDir();
      writeFileSync(dir.file('disk'), Buffer.alloc(65536, 0xab));
      const backing = openSync(dir.file('disk'), 'r+');
      const attach = (): { fd: number; path: string } | null => {
        let control: number;
        try {
          control = openSync('/dev/loop-control', 'r+');
        } catch (e) {
          if (['EACCES', 'EPERM', 'ENOENT'].includes((e as { code?: string }).code ?? '')) return null;
          throw e;
        }
        try {
          for (let attempt = 0; attempt < 8; attempt++) {
            const n = ioctl(control, LOOP_CTL_GET_FREE, 'int', 0) as number;
            if (n < 0) return null;
            const path = '/dev/loop' + n;
            const fd = openSync(path, 'r+');
            if ((ioctl(fd, LOOP_SET_FD, 'int', backing) as number) === 0) return { fd, path };
            closeSync(fd); // another process took it first
          }
          return null;
        } finally {
          closeSync(control);
        }
      };
      const detach = (dev: { fd: number } | null) => {
        if (dev) {
          ioctl(dev.fd, LOOP_CLR_FD, 'int', 0);
          closeSync(dev.fd);
        }
        closeSync(backing);
        dir.remove();
      };
  
          const ring = newRing(4);
          const dev = attach();
          try {
            // Not a block device: -EOPNOTSUPP (this part needs no privilege).
            io_uring_prep_cmd_discard(io_uring_get_sqe(ring)!, backing, 0, 4096);
            expect(waitOne(ring).res).toBe(-errnoNumber('EOPNOTSUPP'));
            if (dev === null) {
              console.log('skipped the discard on a block device: no loop device, or no CAP_SYS_ADMIN to attach one');
              return;
            }
            const sqe = io_uring_get_sqe(ring)!;
            io_uring_prep_cmd_discard(sqe, dev.fd, 4096, 8192);
            expect(sqe.opcode).toBe(IORING_OP_URING_CMD);
            expect(sqe.cmd_op).toBe(BLOCK_URING_CMD_DISCARD);
            io_uring_sqe_set_data64(sqe, 3n);
            expect(waitOne(ring)).toMatchObject({ user_data: 3n, res: 0 });
            // The loop device punched a hole in its file: the range reads back as zeros, the rest is untouched.
            const bytes = Buffer.alloc(65536);
            expect(readSync(backing, bytes, 0, 65536, 0)).toBe(65536);
            expect(bytes.subarray(4096, 12288).every((b) => b === 0)).toBe(true);
            expect(bytes.subarray(0, 4096).every((b) => b === 0xab)).toBe(true);
            expect(bytes.subarray(12288).every((b) => b === 0xab)).toBe(true);
            // Past the end of the 64 KiB device: -EINVAL.
            io_uring_prep_cmd_discard(io_uring_get_sqe(ring)!, dev.fd, 0, 1 << 20);
            expect(waitOne(ring).res).toBe(-errnoNumber('EINVAL'));
          } finally {
            io_uring_queue_exit(ring);
            detach(dev);
          }
    },
    async valid({ exitQuietly, io_uring_get_sqe, io_uring_prep_cmd_discard, newRing, tempDir }) {
      const { openSync, closeSync, readSync, writeFileSync } = await import('node:fs');
      const { default: koffi } = await import('koffi');
      const ioctl = koffi.load('libc.so.6').func('int ioctl(int, unsigned long, ...)');
      const LOOP_SET_FD = 0x4c00;
      const LOOP_CLR_FD = 0x4c01;
      const LOOP_CTL_GET_FREE = 0x4c82;
      const dir = tempDir();
      writeFileSync(dir.file('disk'), Buffer.alloc(65536, 0xab));
      const backing = openSync(dir.file('disk'), 'r+');
      const attach = (): { fd: number; path: string } | null => {
        let control: number;
        try {
          control = openSync('/dev/loop-control', 'r+');
        } catch (e) {
          if (['EACCES', 'EPERM', 'ENOENT'].includes((e as { code?: string }).code ?? '')) return null;
          throw e;
        }
        try {
          for (let attempt = 0; attempt < 8; attempt++) {
            const n = ioctl(control, LOOP_CTL_GET_FREE, 'int', 0) as number;
            if (n < 0) return null;
            const path = '/dev/loop' + n;
            const fd = openSync(path, 'r+');
            if ((ioctl(fd, LOOP_SET_FD, 'int', backing) as number) === 0) return { fd, path };
            closeSync(fd); // another process took it first
          }
          return null;
        } finally {
          closeSync(control);
        }
      };
      const detach = (dev: { fd: number } | null) => {
        if (dev) {
          ioctl(dev.fd, LOOP_CLR_FD, 'int', 0);
          closeSync(dev.fd);
        }
        closeSync(backing);
        dir.remove();
      };
  
          const ring = newRing(4);
          // A loop device where one can be attached; else the backing file, on which the alignment rules cannot be proven (-EOPNOTSUPP comes first).
          const dev = attach();
          const sqe = io_uring_get_sqe(ring)!;
          const args = [sqe, dev ? dev.fd : backing, 0, 4096] as Parameters<typeof io_uring_prep_cmd_discard>;
      return {
        args,
        ring,
        cleanup: () => {
          exitQuietly(ring);
          detach(dev);
        },
      };
    },
    violations: {
      'offset.relation': { args: { offset: 100 } },
      'nbytes.relation': { args: { nbytes: 0 } },
      'nbytes.relation#2': { args: { nbytes: 100 } },
    },
  },
});
