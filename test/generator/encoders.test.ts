// The fast SQE encoders (generator/emit-encoders.ts): the statements printed for an `sqe`
// encoding, run on a DataView to check the bytes each stores, as C's assignments would.
import { beforeAll, describe, expect, test } from 'vitest';
import * as rt from '../../runtime/index.js';
import { encoderBody, encoderParams } from '../../generator/emit-encoders.js';
import type { Schema } from '../../generator/load.js';
import type { Model, ModelFunction } from '../../generator/model.js';
import type { SqeEncoding } from '../../schema/language.js';
import { fixture, fn, modelWith } from './fixture.js';

let schema: Schema;
let model: Model;
beforeAll(async () => {
  ({ schema, model } = await fixture());
});

/** The fixture's io_uring_prep_readv2 with another encoding. */
function readv2With(sqe: SqeEncoding): { f: ModelFunction; m: Model } {
  const m = modelWith(schema, 'io_uring_prep_readv2', (e) => ({ ...e, sqe }));
  return { f: fn(m, 'io_uring_prep_readv2'), m };
}

const GARBAGE = 0xa5;
/** Run an encoder body on a 64-byte SQE full of 0xa5, with readv2's arguments (fd, iovecs, nr_vecs, offset, flags); returns the bytes. */
function encode(f: ModelFunction, m: Model, args: { fd?: number; iovecs?: { address: bigint }; nr_vecs?: number; offset?: number | bigint; flags?: number }, before?: (dv: DataView) => void): DataView {
  const dv = new DataView(new ArrayBuffer(64 + 8), 8, 64);
  new Uint8Array(dv.buffer).fill(GARBAGE);
  before?.(dv);
  const names = encoderParams(f).map((p) => p.p.name);
  const all = { fd: 3, iovecs: { address: 0x7000n }, nr_vecs: 1, offset: 0, flags: 0, ...args } as Record<string, unknown>;
  new Function('sqes', 'at', ...names, 'rt', encoderBody(f, m).join('\n'))(dv, 0, ...names.map((n) => all[n]), rt);
  return dv;
}

describe('the fixture encoding (io_uring_prep_rw, then rw_flags)', () => {
  test('prints each field\'s stores, in liburing\'s order, commented with the field and any constant; a 64-bit number as two 32-bit words', () => {
    expect(encoderBody(fn(model, 'io_uring_prep_readv2'), model)).toEqual([
      'const iovecs_a = iovecs.address;',
      'sqes.setUint8(at + 0, 1); // opcode = IORING_OP_READV (1)',
      'sqes.setInt32(at + 4, fd, true); // fd',
      [
        "if (typeof offset === 'number') {",
        '  sqes.setUint32(at + 8, offset >>> 0, true); // off',
        '  sqes.setUint32(at + 12, Math.floor(offset / 4294967296) >>> 0, true);',
        '} else rt.setBigU64(sqes, at + 8, offset);',
      ].join('\n'),
      'rt.setBigU64(sqes, at + 16, iovecs_a); // addr',
      'sqes.setUint32(at + 24, nr_vecs, true); // len',
      'sqes.setInt32(at + 28, flags, true); // rw_flags',
    ]);
  });

  test('stores the bytes C stores, and leaves the other fields as they were', () => {
    const f = fn(model, 'io_uring_prep_readv2');
    const dv = encode(f, model, { fd: 5, iovecs: { address: 0x1234_5678_9abcn }, nr_vecs: 2, offset: 2n ** 64n - 1n, flags: -1 });
    expect(dv.getUint8(0)).toBe(1);
    expect(dv.getUint8(1)).toBe(GARBAGE); // flags: not the helper's business
    expect(dv.getInt32(4, true)).toBe(5);
    expect(dv.getBigUint64(8, true)).toBe(2n ** 64n - 1n);
    expect(dv.getBigUint64(16, true)).toBe(0x1234_5678_9abcn);
    expect(dv.getUint32(24, true)).toBe(2);
    expect(dv.getInt32(28, true)).toBe(-1);
    expect([...new Uint8Array(dv.buffer, dv.byteOffset + 32, 32)].every((b) => b === GARBAGE)).toBe(true);
    // A 64-bit argument given as a number is stored as the same value.
    expect(encode(f, model, { offset: 2 ** 40 + 3 }).getBigUint64(8, true)).toBe(2n ** 40n + 3n);
  });
});

describe('expressions', () => {
  test('a 64-bit expression is computed in bigint and truncated to the field, as C does', () => {
    const { f, m } = readv2With({ set: [['addr3', 'offset + nr_vecs'], ['len', 'offset']] });
    expect(encoderBody(f, m)).toEqual([
      'const iovecs_a = iovecs.address;',
      'rt.setBigU64(sqes, at + 48, BigInt(offset) + BigInt(nr_vecs)); // addr3',
      'sqes.setUint32(at + 24, Number(BigInt.asUintN(32, BigInt(offset))), true); // len',
    ]);
    const dv = encode(f, m, { offset: 2n ** 64n - 1n, nr_vecs: 2 });
    expect(dv.getBigUint64(48, true)).toBe(1n); // wrapped
    expect(dv.getUint32(24, true)).toBe(0xffffffff);
    expect(encode(f, m, { offset: 2n ** 32n + 5n }).getUint32(24, true)).toBe(5);
  });

  test('an address in a 32-bit field keeps its low bits; a negative int in an unsigned field wraps', () => {
    const { f, m } = readv2With({ set: [['len', 'iovecs'], ['file_index', 'fd']] });
    expect(encoderBody(f, m).slice(1)).toEqual([
      'sqes.setUint32(at + 24, Number(BigInt.asUintN(32, iovecs_a)), true); // len',
      'sqes.setUint32(at + 44, fd, true); // file_index',
    ]);
    const dv = encode(f, m, { iovecs: { address: 0x1_0000_0010n }, fd: -1 });
    expect(dv.getUint32(24, true)).toBe(0x10);
    expect(dv.getUint32(44, true)).toBe(0xffffffff);
  });

  test('sqe.<field> reads the value the SQE holds (liburing\'s sqe->ioprio |= FLAG), also inside bigint arithmetic', () => {
    const { f, m } = readv2With({ set: [['ioprio', 'sqe.ioprio | 0x2'], ['addr3', 'sqe.len + offset']] });
    expect(encoderBody(f, m).slice(1)).toEqual([
      'sqes.setUint16(at + 2, sqes.getUint16(at + 2, true) | 0x2, true); // ioprio',
      'rt.setBigU64(sqes, at + 48, BigInt(sqes.getUint32(at + 24, true)) + BigInt(offset)); // addr3',
    ]);
    const dv = encode(f, m, { offset: 10n }, (sqe) => {
      sqe.setUint16(2, 0x1, true);
      sqe.setUint32(24, 7, true);
    });
    expect(dv.getUint16(2, true)).toBe(0x3);
    expect(dv.getBigUint64(48, true)).toBe(17n);
  });

  test('a 64-bit field read in an expression for a narrower field is computed in bigint too', () => {
    const { f, m } = readv2With({ set: [['len', 'sqe.off | 1']] });
    expect(encoderBody(f, m)[1]).toBe('sqes.setUint32(at + 24, Number(BigInt.asUintN(32, sqes.getBigUint64(at + 8, true) | 1n)), true); // len');
    const dv = encode(f, m, {}, (sqe) => sqe.setBigUint64(8, 2n ** 33n + 4n, true));
    expect(dv.getUint32(24, true)).toBe(5);
  });

  test('a constant is written as its value; a line setting a field to one constant names it', () => {
    const { f, m } = readv2With({ set: [['rw_flags', 'RWF_NOWAIT'], ['msg_flags', 'flags | RWF_SYNC'], ['buf_index', '0']] });
    expect(encoderBody(f, m).slice(1)).toEqual([
      'sqes.setInt32(at + 28, 8, true); // rw_flags = RWF_NOWAIT (8)',
      'sqes.setUint32(at + 28, flags | 4, true); // msg_flags',
      'sqes.setUint16(at + 40, 0, true); // buf_index',
    ]);
    expect(encode(f, m, { flags: 0x10 }).getUint32(28, true)).toBe(0x14);
  });
});

describe('mistakes in an encoding are errors naming the entry and the field', () => {
  test('a name that is neither an argument nor a constant', () => {
    const { f, m } = readv2With({ set: [['len', 'nbytes + 1']] });
    expect(() => encoderBody(f, m)).toThrow('schema/functions/prep/io_uring_prep_readv2.ts: entry io_uring_prep_readv2: field sqe: "nbytes" in "nbytes + 1" is neither an argument nor a constant');
  });

  test('a field io_uring_sqe does not have, or that is not a single integer', () => {
    const { f, m } = readv2With({ set: [['rw_flagz', 'flags']] });
    expect(() => encoderBody(f, m)).toThrow('schema/functions/prep/io_uring_prep_readv2.ts: entry io_uring_prep_readv2: field sqe: io_uring_sqe has no integer field rw_flagz');
    const pad = readv2With({ set: [['__pad2', '0']] });
    expect(encoderBody(pad.f, pad.m)[1]).toBe('sqes.setUint32(at + 56, 0, true); // __pad2\nsqes.setUint32(at + 60, 0, true);'); // an array of one is a field
  });

  test('sqe.<field> naming no integer field', () => {
    const { f, m } = readv2With({ set: [['ioprio', 'sqe.priority | 1']] });
    expect(() => encoderBody(f, m)).toThrow('schema/functions/prep/io_uring_prep_readv2.ts: entry io_uring_prep_readv2: field sqe: sqe.priority: io_uring_sqe has no integer field priority');
  });
});
