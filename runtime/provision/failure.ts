/**
 * Why provisioning failed, told apart so that the message names the real
 * cause (no network, package not found, a failed signature or checksum, ...)
 * and the one fix for it, instead of the last line apt printed.
 */

/**
 * Why no liburing could be found or provisioned (LiburingNotFoundError's
 * `reason`): `absent` (nothing there, and this call may not fetch), `network`,
 * `timeout`, `not-found` (suite, package or pinned file missing on the mirror),
 * `verification` (a signature or checksum did not match), `unsupported-system`,
 * `not-writable`, `disabled` (LIBURING_TS_AUTO_PROVISION=0) or `failed`.
 */
export type ProvisionReason =
  /** Nothing is provisioned or installed, and this call may not fetch (doctor, findInstalled). */
  | 'absent'
  /** The mirror cannot be reached: no network, no DNS, a refused or unroutable connection. */
  | 'network'
  /** The mirror did not answer within the time allowed. */
  | 'timeout'
  /** The suite, the package or the pinned file is not on the mirror. */
  | 'not-found'
  /** A signature or checksum did not match: the download is not what Debian published. */
  | 'verification'
  /** Nothing here can fetch or verify Debian's packages (not Debian or Ubuntu, no apt, an architecture without pins). */
  | 'unsupported-system'
  /** No folder to provision into can be written. */
  | 'not-writable'
  /** Fetching at first use is turned off (LIBURING_TS_AUTO_PROVISION=0). */
  | 'disabled'
  /** Something else went wrong (a package that does not unpack or load). */
  | 'failed';

/** Provisioning failed; `reason` says why, and the message names the fix. */
export class ProvisionError extends Error {
  override name = 'ProvisionError';
  constructor(
    readonly reason: ProvisionReason,
    message: string,
  ) {
    super(message);
  }
}

/** The sentence every network failure ends with. */
export const OFFLINE_FIX =
  'Provision where the network is reachable (npm install, or `npx liburing-ts provision`), set LIBURING_TS_MIRROR to a Debian mirror you can reach, ' +
  'or install liburing 2.9+ and set LIBURING_FFI_PATH to its liburing-ffi.so.2';

/** What apt printed, read for the cause of a failure; null when nothing in it is recognized. */
export function classifyAptOutput(text: string, mirror: string, suite: string): ProvisionError | null {
  const line = (re: RegExp) => text.split('\n').find((l) => re.test(l))?.trim() ?? '';
  if (/Temporary failure resolving|Could not resolve/i.test(text)) {
    return new ProvisionError('network', `cannot reach the Debian mirror ${mirror}: its name does not resolve (no network or no DNS: "${line(/resolv/i)}"). ${OFFLINE_FIX}.`);
  }
  if (/Connection timed out|timed out|Timeout/i.test(text)) {
    return new ProvisionError('timeout', `the Debian mirror ${mirror} did not answer in time: "${line(/timed out|timeout/i)}". ${OFFLINE_FIX}.`);
  }
  if (/Could not connect|Connection failed|Network is unreachable|No route to host|Connection refused/i.test(text)) {
    return new ProvisionError('network', `cannot reach the Debian mirror ${mirror}: "${line(/connect|unreachable|route|refused/i)}". ${OFFLINE_FIX}.`);
  }
  if (/NO_PUBKEY|couldn't be verified|is not signed|BADSIG|EXPKEYSIG|invalid signature|KEYEXPIRED/i.test(text)) {
    return new ProvisionError(
      'verification',
      `apt could not verify the signature of Debian ${suite}'s package index from ${mirror}: "${line(/NO_PUBKEY|verified|signed|SIG|signature/i)}". ` +
        'The index is not what Debian signed, or the keyring is too old for this suite: update debian-archive-keyring (apt-get install debian-archive-keyring), ' +
        'or set LIBURING_TS_MIRROR to another Debian mirror.',
    );
  }
  if (/Hash Sum mismatch|unexpected size|Size mismatch|Hashes of expected file/i.test(text)) {
    return new ProvisionError(
      'verification',
      `a file from ${mirror} does not match the checksum in Debian ${suite}'s signed index: "${line(/mismatch|unexpected size/i)}". ` +
        'The download was corrupted or tampered with; nothing was installed. Try again, or set LIBURING_TS_MIRROR to another Debian mirror.',
    );
  }
  if (/does not have a Release file|404\s+Not Found/i.test(text)) {
    return new ProvisionError('not-found', `Debian suite '${suite}' is not on ${mirror} ("${line(/Release file|404/i)}"). Set LIBURING_SUITE to a Debian suite that exists (trixie, sid), or LIBURING_TS_MIRROR to a full Debian mirror.`);
  }
  if (/Unable to locate package|No packages found|has no installation candidate|Can't select|Version '.*' for '.*' was not found/i.test(text)) {
    return new ProvisionError('not-found', `Debian ${suite} on ${mirror} has no such package: "${line(/locate|found|candidate|select/i)}". Set LIBURING_SUITE to a suite that has liburing 2.9 or newer (trixie, sid).`);
  }
  return null;
}

/** A failure of the downloader (Node's error code or an HTTP status), as a ProvisionError. */
export function classifyDownload(failure: { code?: string; status?: number; url: string; message: string }, mirror: string): ProvisionError {
  const { code, status, url } = failure;
  if (status === 404 || status === 410) {
    return new ProvisionError('not-found', `${url} is not on the mirror (HTTP ${status}): the version whose checksum this liburing-ts pins is gone from ${mirror}.`);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL') {
    return new ProvisionError('network', `cannot reach the Debian mirror ${mirror}: its name does not resolve (no network or no DNS: ${code}). ${OFFLINE_FIX}.`);
  }
  if (code === 'ETIMEDOUT' || code === 'TIMEOUT') {
    return new ProvisionError('timeout', `the Debian mirror ${mirror} did not answer in time (${failure.message}). ${OFFLINE_FIX}.`);
  }
  if (code && /^E(CONNREFUSED|CONNRESET|HOSTUNREACH|NETUNREACH|NETDOWN|PIPE|ADDRNOTAVAIL)$/.test(code)) {
    return new ProvisionError('network', `cannot reach the Debian mirror ${mirror}: ${code} (${failure.message}). ${OFFLINE_FIX}.`);
  }
  return new ProvisionError('network', `downloading ${url} failed: ${status ? `HTTP ${status}` : (code ?? '')} ${failure.message}`.trim() + `. ${OFFLINE_FIX}.`);
}
