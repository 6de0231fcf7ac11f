import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'BlockUringCmd',
  header: 'linux/blkdev.h',
  summary: 'IORING_OP_URING_CMD commands on a block device, in sqe.cmd_op (io_uring_prep_cmd_discard(3)).',
  cType: 'unsigned',
  values: [
    { name: 'BLOCK_URING_CMD_DISCARD', value: 0x1200, doc: '_IO(0x12, 0): discard a byte range of the device (Linux 6.12); io_uring_prep_cmd_discard stores it.', kernel: '6.12' },
  ],
});
