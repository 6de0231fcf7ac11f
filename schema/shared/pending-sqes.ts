/**
 * The rules every function that hands prepared SQEs to the kernel (the
 * io_uring_submit family) checks on its ring, before C: what liburing-ts can
 * only see once the whole request is written. C lets the buffer, the flags and
 * the buffer group be set in any order after io_uring_get_sqe, so a NULL
 * buffer without IOSQE_BUFFER_SELECT, say, is only known to be wrong when the
 * SQE leaves. io_uring_sqe_set_flags checks what it can see earlier (the
 * opcode, once a prep has set it). The checks read runtime/request-faults.ts;
 * what the ring registered comes from runtime/registrations.ts. One list,
 * spread into each submit entry's ring parameter.
 */
import type { PreconditionInput } from '../language.js';

export const PENDING_SQE_RULES: PreconditionInput[] = [
  {
    id: 'sqe-null-buffer',
    rule: {
      kind: 'relation',
      holds: "pendingSqeFault(ring, 'null-buffer') === null",
      says: 'Give the request a buffer, or set IOSQE_BUFFER_SELECT on it (io_uring_sqe_set_flags) and its buffer group (io_uring_sqe_set_buf_group, or sqe.buf_group) to have the kernel pick a provided buffer',
      guard: 'noPendingSqeFault(ring)',
      detail: "pendingSqeFault(ring, 'null-buffer')",
    },
    message: 'a prepared read, recv or send with no buffer (null) and a length must select a provided buffer: IOSQE_BUFFER_SELECT must be set on it before it is submitted',
    source: 'io_uring_prep_provide_buffers(3) and io_uring_prep_read(3) (a NULL buffer is for buffer selection); observed res -EFAULT for io_uring_prep_read(sqe, fd, NULL, 32, 0) without IOSQE_BUFFER_SELECT on Linux 6.18 (0 at end of file)',
    errno: 'EFAULT',
    reportedIn: 'cqe',
  },
  {
    id: 'sqe-buffer-select',
    rule: {
      kind: 'relation',
      holds: "pendingSqeFault(ring, 'buffer-select-op') === null",
      says: 'Set IOSQE_BUFFER_SELECT only on requests that select buffers: read, readv, read_multishot, recv, recvmsg, send (Linux 6.10 on) and uring_cmd',
      guard: 'noPendingSqeFault(ring)',
      detail: "pendingSqeFault(ring, 'buffer-select-op')",
    },
    message: 'IOSQE_BUFFER_SELECT may only be set on an opcode that selects provided buffers (IORING_OP_READ, _READV, _READ_MULTISHOT, _RECV, _RECVMSG, _SEND, _URING_CMD)',
    source: 'kernel io_uring/io_uring.c io_init_req() (IOSQE_BUFFER_SELECT without io_issue_defs[op].buffer_select gives -EOPNOTSUPP); liburing issue #1361; probed on Linux 6.18: every other opcode completes with -EOPNOTSUPP',
    errno: 'EOPNOTSUPP',
    reportedIn: 'cqe',
  },
  {
    id: 'sqe-buffer-select-readv',
    rule: {
      kind: 'relation',
      holds: "pendingSqeFault(ring, 'buffer-select-vectors') === null",
      says: 'A readv that selects a provided buffer takes exactly one iovec, whose iov_len caps the read (io_uring_prep_readv(sqe, fd, iovecs, 1, offset))',
      guard: 'noPendingSqeFault(ring)',
      detail: "pendingSqeFault(ring, 'buffer-select-vectors')",
    },
    message: 'a readv with IOSQE_BUFFER_SELECT must have exactly one iovec',
    source: 'kernel io_uring/rw.c io_iov_buffer_select_prep() ("if (rw->len != 1) return -EINVAL"); io_uring_prep_provide_buffers(3); observed res -EINVAL for 0 and 2 iovecs on Linux 6.18',
    errno: 'EINVAL',
    reportedIn: 'cqe',
  },
  {
    id: 'sqe-buffer-group',
    rule: {
      kind: 'relation',
      holds: "pendingSqeFault(ring, 'buffer-group') === null",
      says: 'Select from a buffer group this ring has: register a buffer ring for it (io_uring_setup_buf_ring, io_uring_register_buf_ring) or give it buffers (io_uring_prep_provide_buffers) first',
      guard: 'noPendingSqeFault(ring)',
      detail: "pendingSqeFault(ring, 'buffer-group')",
    },
    message: 'a request with IOSQE_BUFFER_SELECT must select from a buffer group this ring has (a registered buffer ring, or buffers provided to it)',
    source: 'io_uring_prep_provide_buffers(3), io_uring_register_buf_ring(3); kernel io_uring/kbuf.c io_buffer_select() (no such group: -ENOBUFS); observed res -ENOBUFS for a group never provided on Linux 6.18',
    errno: 'ENOBUFS',
    reportedIn: 'cqe',
  },
  {
    id: 'sqe-fixed-file',
    rule: {
      kind: 'relation',
      holds: "pendingSqeFault(ring, 'fixed-file') === null",
      says: 'With IOSQE_FIXED_FILE, fd is an index into the files registered with io_uring_register_files: it must be below the table size',
      guard: 'noPendingSqeFault(ring)',
      detail: "pendingSqeFault(ring, 'fixed-file')",
    },
    message: 'a request with IOSQE_FIXED_FILE must name a slot of the ring\'s registered file table: its fd must be below the table size',
    source: 'io_uring_register_files(3); kernel io_uring/filetable.h io_file_get_fixed() (an index at or past the table size: -EBADF); observed res -EBADF with no table and for index 2 of a 2-slot table on Linux 6.18',
    errno: 'EBADF',
    reportedIn: 'cqe',
  },
];
