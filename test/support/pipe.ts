/** Pipes for the Ring tests: node:fs has no pipe(), so liburing-ts/libc's pipe2. */
import { O_CLOEXEC, O_NONBLOCK } from '../../generated/constants.js';
import { pipe2 } from '../../generated/libc.js';

/** A pipe [read end, write end], close-on-exec; `nonblocking` for one a test reads with readSync to see it is empty. */
export function makePipe(nonblocking = false): [number, number] {
  const fds = new Int32Array(2);
  pipe2(fds, O_CLOEXEC | (nonblocking ? O_NONBLOCK : 0));
  return [fds[0]!, fds[1]!];
}
