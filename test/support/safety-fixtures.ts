/** Rings and pipes for the safety tests, exited and closed after each test. */
import { afterEach } from 'vitest';
import { io_uring_queue_exit, type IoUring } from '../../index.js';
import { newRing } from '../../runtime/testing.js';
import { closePipes, pipes, type Pipe } from './safety.js';

/**
 * Rings and pipes for a test file, exited and closed after each test (a ring the test exited
 * itself is skipped). Call at the top level of the file.
 */
export function useFixtures(): { ring: (entries?: number) => IoUring; pipe: () => Pipe } {
  let rings: IoUring[] = [];
  let open: Pipe[] = [];
  afterEach(() => {
    for (const r of rings) {
      try {
        io_uring_queue_exit(r);
      } catch {
        // exited by the test
      }
    }
    closePipes(open);
    rings = [];
    open = [];
  });
  return {
    ring(entries = 8) {
      const r = newRing(entries);
      rings.push(r);
      return r;
    },
    pipe() {
      const [p] = pipes(1);
      open.push(p!);
      return p!;
    },
  };
}
