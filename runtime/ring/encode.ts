/** Helpers for the SQE encodings of the Ring. */
import { KernelTimespec } from '../../generated/structs.js';

/** A __kernel_timespec of `ms` milliseconds. */
export function timespec(ms: number): KernelTimespec {
  const ts = new KernelTimespec();
  const sec = Math.floor(ms / 1000);
  ts.tv_sec = sec;
  ts.tv_nsec = Math.min(999_999_999, Math.round((ms - sec * 1000) * 1e6));
  return ts;
}
