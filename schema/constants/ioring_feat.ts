import { defineConstants } from '../language.js';

export default defineConstants({
  group: 'IoringFeat',
  header: 'liburing/io_uring.h',
  summary: 'io_uring_params.features: what the kernel reports it supports (io_uring_setup(2)).',
  cType: 'unsigned',
  values: [
    { name: 'IORING_FEAT_SINGLE_MMAP', value: 1 },
    { name: 'IORING_FEAT_NODROP', value: 2 },
    { name: 'IORING_FEAT_SUBMIT_STABLE', value: 4 },
    { name: 'IORING_FEAT_RW_CUR_POS', value: 8 },
    { name: 'IORING_FEAT_CUR_PERSONALITY', value: 16 },
    { name: 'IORING_FEAT_FAST_POLL', value: 32 },
    { name: 'IORING_FEAT_POLL_32BITS', value: 64 },
    { name: 'IORING_FEAT_SQPOLL_NONFIXED', value: 128 },
    { name: 'IORING_FEAT_EXT_ARG', value: 256 },
    { name: 'IORING_FEAT_NATIVE_WORKERS', value: 512 },
    { name: 'IORING_FEAT_RSRC_TAGS', value: 1024 },
    { name: 'IORING_FEAT_CQE_SKIP', value: 2048 },
    { name: 'IORING_FEAT_LINKED_FILE', value: 4096 },
    { name: 'IORING_FEAT_REG_REG_RING', value: 8192 },
    { name: 'IORING_FEAT_RECVSEND_BUNDLE', value: 16384 },
    { name: 'IORING_FEAT_MIN_TIMEOUT', value: 32768, doc: '* io_uring_register(2) opcodes and arguments' },
  ],
});
