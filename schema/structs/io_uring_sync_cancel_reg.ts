import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'io_uring_sync_cancel_reg',
  className: 'IoUringSyncCancelReg',
  header: 'liburing/io_uring.h',
  summary: 'What io_uring_register_sync_cancel cancels: a user_data, fd or opcode key, IORING_ASYNC_CANCEL_* flags and a timeout (IORING_REGISTER_SYNC_CANCEL).',
  since: '2.3',
  fields: [
    { name: 'addr', type: '__u64', doc: 'The user_data to match.' },
    { name: 'fd', type: '__s32', doc: 'The file descriptor to match, with IORING_ASYNC_CANCEL_FD.' },
    { name: 'flags', type: '__u32', doc: 'IORING_ASYNC_CANCEL_* flags.' },
    { name: 'timeout', type: 'struct __kernel_timespec', doc: 'How long to wait; tv_sec = tv_nsec = -1 for no timeout.' },
    { name: 'opcode', type: '__u8', doc: 'The IORING_OP_* to match, with IORING_ASYNC_CANCEL_OP.', since: '2.8' },
    { name: 'pad', type: '__u8', count: 7, since: '2.8' },
    { name: 'pad2', type: '__u64', count: 3, since: '2.8' },
  ],
});
