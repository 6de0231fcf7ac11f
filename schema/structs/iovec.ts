import { defineStruct } from '../language.js';

export default defineStruct({
  name: 'iovec',
  className: 'Iovec',
  header: 'sys/uio.h',
  summary: 'One buffer of a vectored read or write: base address and length (readv(2)). Iovec.array(n) makes an array of n.',
  fields: [
    { name: 'iov_base', type: 'void *', doc: 'Set it to memory; the Iovec keeps that memory reachable.' },
    { name: 'iov_len', type: 'size_t' },
  ],
});
