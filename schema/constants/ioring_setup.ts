import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringSetup',
  header: 'liburing/io_uring.h',
  summary: 'io_uring_params.flags: how io_uring_setup builds the ring (io_uring_setup(2)).',
  cType: 'unsigned',
  values: [
    { name: 'IORING_SETUP_IOPOLL', value: 1, doc: 'io_context is polled' },
    { name: 'IORING_SETUP_SQPOLL', value: 2, doc: 'SQ poll thread' },
    { name: 'IORING_SETUP_SQ_AFF', value: 4, doc: 'sq_thread_cpu is valid' },
    { name: 'IORING_SETUP_CQSIZE', value: 8, doc: 'app defines CQ size' },
    { name: 'IORING_SETUP_CLAMP', value: 16, doc: 'clamp SQ/CQ ring sizes' },
    { name: 'IORING_SETUP_ATTACH_WQ', value: 32, doc: 'attach to existing wq' },
    { name: 'IORING_SETUP_R_DISABLED', value: 64, doc: 'start with ring disabled' },
    { name: 'IORING_SETUP_SUBMIT_ALL', value: 128, doc: 'continue submit on error' },
    { name: 'IORING_SETUP_COOP_TASKRUN', value: 256 },
    { name: 'IORING_SETUP_TASKRUN_FLAG', value: 512 },
    { name: 'IORING_SETUP_SQE128', value: 1024, doc: 'SQEs are 128 byte' },
    { name: 'IORING_SETUP_CQE32', value: 2048, doc: 'CQEs are 32 byte' },
    { name: 'IORING_SETUP_SINGLE_ISSUER', value: 4096 },
    { name: 'IORING_SETUP_DEFER_TASKRUN', value: 8192, doc: '* Application provides the memory for the rings' },
    { name: 'IORING_SETUP_NO_MMAP', value: 16384 },
    { name: 'IORING_SETUP_REGISTERED_FD_ONLY', value: 32768, doc: '* Removes indirection through the SQ index array.' },
    { name: 'IORING_SETUP_NO_SQARRAY', value: 65536, doc: 'Use hybrid poll in iopoll process' },
    { name: 'IORING_SETUP_HYBRID_IOPOLL', value: 131072 },
  ],
});
