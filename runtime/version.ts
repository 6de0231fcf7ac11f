/**
 * Version numbers as liburing and Linux spell them: "major.minor", possibly
 * followed by more (a patch level, "-45-generic"). The one comparison every
 * version check of the package goes through.
 */

/** [major, minor] of "2.9", "2.15", "6.8.0-45-generic"; null when the text does not start with major.minor. */
export function parseVersion(v: string): [number, number] | null {
  const m = /^(\d+)\.(\d+)/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2])] : null;
}

function parsed(v: string): [number, number] {
  const p = parseVersion(v);
  if (!p) throw new TypeError(`not a version of the form major.minor: ${JSON.stringify(v)}`);
  return p;
}

/** Negative when a is older than b, 0 when they are the same major.minor, positive when a is newer. */
export function compareVersions(a: string, b: string): number {
  const [a1, a2] = parsed(a);
  const [b1, b2] = parsed(b);
  return a1 !== b1 ? a1 - b1 : a2 - b2;
}

/** Whether version v is `min` or newer. */
export function versionAtLeast(v: string, min: string): boolean {
  return compareVersions(v, min) >= 0;
}
