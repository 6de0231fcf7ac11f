import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringFeat',
  header: 'liburing/io_uring.h',
  summary: 'io_uring_params.features: what the kernel reports it supports (io_uring_setup(2)).',
  since: '0.2',
  cType: 'unsigned',
  values: [
    { name: 'IORING_FEAT_SINGLE_MMAP', value: 1, kernel: '5.4' },
    { name: 'IORING_FEAT_NODROP', value: 2, since: '0.3', kernel: '5.5' },
    { name: 'IORING_FEAT_SUBMIT_STABLE', value: 4, since: '0.3', kernel: '5.5' },
    { name: 'IORING_FEAT_RW_CUR_POS', value: 8, since: '0.4', kernel: '5.6' },
    { name: 'IORING_FEAT_CUR_PERSONALITY', value: 16, since: '0.4', kernel: '5.6' },
    { name: 'IORING_FEAT_FAST_POLL', value: 32, since: '0.6', kernel: '5.7' },
    { name: 'IORING_FEAT_POLL_32BITS', value: 64, since: '0.7', kernel: '5.9' },
    { name: 'IORING_FEAT_SQPOLL_NONFIXED', value: 128, since: '2.0', kernel: '5.11' },
    { name: 'IORING_FEAT_EXT_ARG', value: 256, since: '2.0', kernel: '5.11' },
    { name: 'IORING_FEAT_NATIVE_WORKERS', value: 512, since: '2.0', kernel: '5.12' },
    { name: 'IORING_FEAT_RSRC_TAGS', value: 1024, since: '2.1', kernel: '5.13' },
    { name: 'IORING_FEAT_CQE_SKIP', value: 2048, since: '2.2', kernel: '5.17' },
    { name: 'IORING_FEAT_LINKED_FILE', value: 4096, since: '2.2', kernel: '5.17' },
    { name: 'IORING_FEAT_REG_REG_RING', value: 8192, since: '2.4', kernel: '6.3' },
    { name: 'IORING_FEAT_RECVSEND_BUNDLE', value: 16384, since: '2.7', kernel: '6.10' },
    { name: 'IORING_FEAT_MIN_TIMEOUT', value: 32768, doc: 'The kernel supports min_wait_usec in io_uring_getevents_arg.', since: '2.8', kernel: '6.12' },
    { name: 'IORING_FEAT_RW_ATTR', value: 65536, doc: 'Reads and writes take attributes (sqe.attr_ptr, sqe.attr_type_mask).', since: '2.10', kernel: '6.14' },
    { name: 'IORING_FEAT_NO_IOWAIT', value: 131072, doc: 'The kernel supports IORING_ENTER_NO_IOWAIT.', since: '2.10', kernel: '6.15' },
  ],
});
