/**
 * Self-describing blocks for the reliability tests: each block carries its
 * identity and a checksum, so a reader can tell a block that arrived intact
 * from a torn, misplaced, stale or corrupted one without any other record.
 *
 * Layout (little-endian): magic u32, seq u32, length u32, slot u32,
 * crc32 of the payload u32, then the payload: `length - 20` pseudo-random
 * bytes drawn from `seq` (so a block can also be regenerated from its seq).
 */

export const BLOCK_MAGIC = 0x4c524e47; // "GNRL"
export const HEADER = 20;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE 802.3) of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A small, fast, seedable PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Fill `out` with the payload bytes of block `seq`. */
export function fillPayload(out: Uint8Array, seq: number): void {
  const next = prng(seq ^ 0x9e3779b9);
  let i = 0;
  const words = out.length >>> 2;
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let w = 0; w < words; w++, i += 4) dv.setUint32(i, next(), true);
  for (; i < out.length; i++) out[i] = next() & 0xff;
}

export interface BlockInfo {
  seq: number;
  length: number;
  slot: number;
  crc: number;
}

/** Write block `seq` of `length` bytes (at least HEADER) for `slot` into `out` (a fresh buffer of that length). */
export function makeBlock(out: Uint8Array, seq: number, slot: number): BlockInfo {
  const length = out.length;
  if (length < HEADER) throw new RangeError(`a block needs at least ${HEADER} bytes`);
  const payload = out.subarray(HEADER);
  fillPayload(payload, seq);
  const crc = crc32(payload);
  const dv = new DataView(out.buffer, out.byteOffset, HEADER);
  dv.setUint32(0, BLOCK_MAGIC, true);
  dv.setUint32(4, seq, true);
  dv.setUint32(8, length, true);
  dv.setUint32(12, slot, true);
  dv.setUint32(16, crc, true);
  return { seq, length, slot, crc };
}

/** Read a block's header and check it against its payload; null with a reason when it is not an intact block. */
export function checkBlock(bytes: Uint8Array, regenerate = false): { ok: true; info: BlockInfo } | { ok: false; reason: string } {
  if (bytes.length < HEADER) return { ok: false, reason: `only ${bytes.length} bytes` };
  const dv = new DataView(bytes.buffer, bytes.byteOffset, HEADER);
  if (dv.getUint32(0, true) !== BLOCK_MAGIC) return { ok: false, reason: `bad magic 0x${dv.getUint32(0, true).toString(16)}` };
  const info: BlockInfo = { seq: dv.getUint32(4, true), length: dv.getUint32(8, true), slot: dv.getUint32(12, true), crc: dv.getUint32(16, true) };
  if (info.length !== bytes.length) return { ok: false, reason: `length field ${info.length}, ${bytes.length} bytes read` };
  const payload = bytes.subarray(HEADER);
  if (crc32(payload) !== info.crc) return { ok: false, reason: `checksum mismatch in block seq ${info.seq}` };
  if (regenerate) {
    const expected = new Uint8Array(payload.length);
    fillPayload(expected, info.seq);
    if (!Buffer.from(expected).equals(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength))) {
      return { ok: false, reason: `payload of seq ${info.seq} differs from its regeneration` };
    }
  }
  return { ok: true, info };
}
