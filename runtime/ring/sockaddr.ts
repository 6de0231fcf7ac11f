/** Socket addresses as C's struct sockaddr_in / sockaddr_in6 bytes, from Node-style { host, port } objects. */
import { isIPv4, isIPv6 } from 'node:net';
import { AF_INET, AF_INET6 } from '../../generated/constants.js';
import { sockaddr_in, sockaddr_in6, in_addr, in6_addr } from '../../generated/layout.js';
import { describeValue } from '../describe.js';
import { refuse, U16_MAX } from './validate.js';

const IN = sockaddr_in.offset;
const IN6 = sockaddr_in6.offset;
/** An IPv6 address is eight 16-bit groups. */
const IPV6_GROUPS = in6_addr.size / Uint16Array.BYTES_PER_ELEMENT;

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
  const need = IPV6_GROUPS - v4.length;
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
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let i = 0; i < IPV6_GROUPS; i++) dv.setUint16(at + i * Uint16Array.BYTES_PER_ELEMENT, groups[i]!, false);
}

/** The bytes of a sockaddr_in (16) or sockaddr_in6 (28) for `address`. */
export function encodeSockaddr(fn: string, address: SocketAddress): Buffer {
  if (typeof address !== 'object' || address === null) refuse(fn, 'address', 'type', describeValue(address), 'address must be an object { host, port }');
  const host = address.host ?? '127.0.0.1';
  const port = address.port;
  if (!Number.isInteger(port) || port < 0 || port > U16_MAX) refuse(fn, 'address.port', 'range', describeValue(port), `port must be an integer from 0 to ${U16_MAX}`);
  // sa_family in host byte order, the port and address in network byte order.
  if (isIPv4(host)) {
    const b = Buffer.alloc(sockaddr_in.size);
    b.writeUInt16LE(AF_INET, IN.sin_family);
    b.writeUInt16BE(port, IN.sin_port);
    host.split('.').forEach((x, i) => (b[IN.sin_addr + i] = Number(x)));
    return b;
  }
  if (isIPv6(host)) {
    const b = Buffer.alloc(sockaddr_in6.size);
    b.writeUInt16LE(AF_INET6, IN6.sin6_family);
    b.writeUInt16BE(port, IN6.sin6_port);
    ipv6Bytes(host, b, IN6.sin6_addr);
    return b;
  }
  return refuse(fn, 'address.host', 'type', JSON.stringify(host), 'host must be an IPv4 or IPv6 address literal (resolve names with dns.lookup first)');
}

/** { family, host, port } of a sockaddr_in or sockaddr_in6. */
export function decodeSockaddr(b: Uint8Array): { family: 'IPv4' | 'IPv6'; address: string; port: number } | null {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const family = dv.getUint16(IN.sin_family, true);
  if (family === AF_INET) {
    const port = dv.getUint16(IN.sin_port, false);
    return { family: 'IPv4', address: Array.from(b.subarray(IN.sin_addr, IN.sin_addr + in_addr.size)).join('.'), port };
  }
  if (family === AF_INET6) {
    const port = dv.getUint16(IN6.sin6_port, false);
    const groups: string[] = [];
    for (let i = 0; i < IPV6_GROUPS; i++) groups.push(dv.getUint16(IN6.sin6_addr + i * Uint16Array.BYTES_PER_ELEMENT, false).toString(16));
    return { family: 'IPv6', address: groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::'), port };
  }
  return null;
}
