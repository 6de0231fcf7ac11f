/** Socket addresses as C's struct sockaddr_in / sockaddr_in6 bytes, from Node-style { host, port } objects. */
import { isIPv4, isIPv6 } from 'node:net';
import { refuse } from './validate.js';

export const AF_INET = 2;
export const AF_INET6 = 10;

/** A TCP/UDP address: an IPv4 or IPv6 literal (default 127.0.0.1) and a port. */
export interface SocketAddress {
  host?: string;
  port: number;
}

function ipv6Bytes(host: string, out: Uint8Array, at: number): void {
  // `host` passed net.isIPv6, so it is well formed.
  let h = host.split('%')[0]!;
  let v4: number[] = [];
  const m = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  if (m) {
    const p = m[2]!.split('.').map(Number);
    v4 = [(p[0]! << 8) | p[1]!, (p[2]! << 8) | p[3]!];
    h = m[1]!.endsWith('::') ? m[1]! : m[1]!.slice(0, -1);
  }
  const need = 8 - v4.length;
  const parse = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const dbl = h.indexOf('::');
  let groups: number[];
  if (dbl >= 0) {
    const l = parse(h.slice(0, dbl));
    const r = parse(h.slice(dbl + 2));
    groups = [...l, ...new Array<number>(need - l.length - r.length).fill(0), ...r];
  } else {
    groups = parse(h);
  }
  groups.push(...v4);
  for (let i = 0; i < 8; i++) {
    out[at + 2 * i] = (groups[i]! >> 8) & 0xff;
    out[at + 2 * i + 1] = groups[i]! & 0xff;
  }
}

/** The bytes of a sockaddr_in (16) or sockaddr_in6 (28) for `address`. */
export function encodeSockaddr(fn: string, address: SocketAddress): Buffer {
  if (typeof address !== 'object' || address === null) refuse(fn, 'address', 'type', String(address), 'address must be an object { host, port }');
  const host = address.host ?? '127.0.0.1';
  const port = address.port;
  if (!Number.isInteger(port) || port < 0 || port > 65535) refuse(fn, 'address.port', 'range', String(port), 'port must be an integer from 0 to 65535');
  if (isIPv4(host)) {
    const b = Buffer.alloc(16);
    b.writeUInt16LE(AF_INET, 0);
    b.writeUInt16BE(port, 2);
    host.split('.').forEach((x, i) => (b[4 + i] = Number(x)));
    return b;
  }
  if (isIPv6(host)) {
    const b = Buffer.alloc(28);
    b.writeUInt16LE(AF_INET6, 0);
    b.writeUInt16BE(port, 2);
    ipv6Bytes(host, b, 8);
    return b;
  }
  return refuse(fn, 'address.host', 'type', JSON.stringify(host), 'host must be an IPv4 or IPv6 address literal (resolve names with dns.lookup first)');
}

/** { family, host, port } of a sockaddr_in or sockaddr_in6. */
export function decodeSockaddr(b: Uint8Array): { family: 'IPv4' | 'IPv6'; address: string; port: number } | null {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const family = dv.getUint16(0, true);
  const port = dv.getUint16(2, false);
  if (family === AF_INET) return { family: 'IPv4', address: Array.from(b.subarray(4, 8)).join('.'), port };
  if (family === AF_INET6) {
    const groups: string[] = [];
    for (let i = 0; i < 8; i++) groups.push(dv.getUint16(8 + 2 * i, false).toString(16));
    return { family: 'IPv6', address: groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::'), port };
  }
  return null;
}
