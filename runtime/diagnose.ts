/**
 * Why the kernel refuses io_uring, in one message naming the cause and the
 * fix: the io_uring_disabled sysctl, or a seccomp filter (containers).
 */
import { readFileSync } from 'node:fs';
import { errnoNumber } from './errno.js';

function sysctl(name: string): string | null {
  try {
    return readFileSync(`/proc/sys/kernel/${name}`, 'utf8').trim();
  } catch {
    return null;
  }
}

/** Whether this process runs under a seccomp filter (mode 2 in /proc/self/status). */
function underSeccomp(): boolean {
  try {
    return /^Seccomp:\s*2$/m.test(readFileSync('/proc/self/status', 'utf8'));
  } catch {
    return false;
  }
}

/** The explanation for -EPERM or -ENOSYS from io_uring_setup, or null for other errnos. */
export function explainRefusal(errno: number): string | null {
  const EPERM = errnoNumber('EPERM');
  const ENOSYS = errnoNumber('ENOSYS');
  if (errno !== EPERM && errno !== ENOSYS) return null;
  const disabled = sysctl('io_uring_disabled');
  if (disabled === '2') {
    return 'io_uring is disabled on this machine (sysctl kernel.io_uring_disabled=2). Fix: as root, `sysctl kernel.io_uring_disabled=0`.';
  }
  if (disabled === '1' && errno === EPERM) {
    const group = sysctl('io_uring_group');
    return `io_uring is restricted to group ${group ?? '(kernel.io_uring_group)'} (sysctl kernel.io_uring_disabled=1). Fix: run as a member of that group, or set kernel.io_uring_disabled=0.`;
  }
  if (errno === ENOSYS && disabled === null && !underSeccomp()) {
    return 'this kernel has no io_uring (built without CONFIG_IO_URING, or older than 5.1). Fix: use a kernel with io_uring.';
  }
  return (
    `the kernel refused io_uring_setup with ${errno === EPERM ? 'EPERM' : 'ENOSYS'} although the sysctl allows it: a seccomp filter blocks it, ` +
    "as Docker's and containerd's default profiles do. Fix: run with a seccomp profile that allows io_uring_setup, io_uring_enter and io_uring_register (e.g. docker run --security-opt seccomp=<profile>)."
  );
}
