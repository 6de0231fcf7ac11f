/** How an install is described to people: in `provision`'s last line and `doctor`'s liburing check. */
import type { LiburingInstall } from './record.js';

/** ', downloads verified by ...' for a Debian provisioning; '' for LIBURING_FFI_PATH or the system's library. */
export function describeVerification(install: LiburingInstall): string {
  if (!install.origin.startsWith('debian:')) return '';
  switch (install.verified) {
    case 'apt-signature':
      return ", downloads verified by apt's signature check against Debian's keyring";
    case 'pinned-sha256':
      return ', downloads verified by the sha256 sums pinned in liburing-ts (no Debian keyring here)';
    default:
      return ', downloads verified by a method not recorded';
  }
}
