/** liburing and Linux versions ("2.9", "6.18"): the one comparison every module uses. */

/** Negative, zero or positive as `a` is older than, the same as, or newer than `b` ("major.minor[.patch]"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/** Whether `version` is `atLeast` or newer. */
export function versionAtLeast(version: string, atLeast: string): boolean {
  return compareVersions(version, atLeast) >= 0;
}
