/** errno names and numbers, from Node's own table so they match this platform. */
import { constants } from 'node:os';

const byName: Readonly<Record<string, number>> = constants.errno;
const byNumber = new Map<number, string>();
for (const [name, value] of Object.entries(byName)) {
  // EWOULDBLOCK and EDEADLOCK alias EAGAIN and EDEADLK on Linux; keep the usual name.
  if (!byNumber.has(value)) byNumber.set(value, name);
}

/** The number of an errno name, e.g. errnoNumber('EINVAL') === 22. */
export function errnoNumber(name: string): number {
  const n = byName[name];
  if (n === undefined) throw new RangeError(`unknown errno name ${name}`);
  return n;
}

/** The name of an errno number, e.g. errnoName(22) === 'EINVAL'; 'E?<n>' when unknown. */
export function errnoName(n: number): string {
  return byNumber.get(n) ?? `E?${n}`;
}
