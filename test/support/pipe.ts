/** Pipes for the Ring tests: node:fs has no pipe(), so pipe2(2) through koffi. */
import koffi from 'koffi';
import { O_CLOEXEC, O_NONBLOCK } from '../../generated/constants.js';

const libc = koffi.load('libc.so.6');
const pipe2 = libc.func('int pipe2(_Out_ int *fds, int flags)');

/** A pipe [read end, write end], close-on-exec; `nonblocking` for one a test reads with readSync to see it is empty. */
export function makePipe(nonblocking = false): [number, number] {
  const fds = [0, 0];
  if (pipe2(fds, O_CLOEXEC | (nonblocking ? O_NONBLOCK : 0)) !== 0) throw new Error('pipe2 failed');
  return [fds[0]!, fds[1]!];
}
