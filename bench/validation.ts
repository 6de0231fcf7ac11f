/**
 * Part c: what the checks cost. The checked wrappers of liburing's inline helpers run the same
 * JavaScript as their unchecked counterparts (the SQE encoding, or the inline_ implementation), so
 * the validation cost of a call is its checked time minus that counterpart's time. The unchecked
 * twin through liburing-ffi is shown for reference: what one FFI call costs.
 */
import { IoUring, IoUringSqe, io_uring_queue_init, io_uring_queue_exit, io_uring_prep_nop, io_uring_prep_read, io_uring_sqe_set_data64, io_uring_cq_ready } from '../index.js';
import { unchecked_io_uring_prep_nop, unchecked_io_uring_prep_read, unchecked_io_uring_sqe_set_data64, unchecked_io_uring_cq_ready } from '../generated/unsafe.js';
import { encode_io_uring_prep_nop } from '../generated/functions/io_uring_prep_nop.js';
import { encode_io_uring_prep_read } from '../generated/functions/io_uring_prep_read.js';
import { encode_io_uring_sqe_set_data64 } from '../generated/functions/io_uring_sqe_set_data64.js';
import { inline_io_uring_cq_ready } from '../generated/functions/io_uring_cq_ready.js';
import { structView } from '../runtime/struct.js';
import { log, median, quick, ROUNDS, rows, spread, target } from './common.js';

function perCall(fn: () => void, n: number): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - t0) / n;
}

export function partC(): void {
  log('c. validation cost...');
  const ring = new IoUring();
  io_uring_queue_init(8, ring, 0);
  // An SQE struct of our own, not one of the ring's: the checked preps then do their checks and the
  // encoding, without the completion bookkeeping (which only applies to SQEs a submit will send).
  const sqe = new IoUringSqe();
  const buf = new Uint8Array(4096);
  const n = quick ? 200_000 : 2_000_000;
  const cases: { name: string; checked: () => void; js: () => void; ffi: () => void }[] = [
    { name: 'io_uring_prep_nop(sqe)', checked: () => io_uring_prep_nop(sqe), js: () => encode_io_uring_prep_nop(structView(sqe), 0), ffi: () => unchecked_io_uring_prep_nop(sqe) },
    {
      name: 'io_uring_sqe_set_data64(sqe, 42n)',
      checked: () => io_uring_sqe_set_data64(sqe, 42n),
      js: () => encode_io_uring_sqe_set_data64(structView(sqe), 0, 42n),
      ffi: () => unchecked_io_uring_sqe_set_data64(sqe, 42n),
    },
    { name: 'io_uring_cq_ready(ring)', checked: () => void io_uring_cq_ready(ring), js: () => void inline_io_uring_cq_ready(ring), ffi: () => void unchecked_io_uring_cq_ready(ring) },
    {
      name: 'io_uring_prep_read(sqe, fd, buf, 4096, 0)',
      checked: () => io_uring_prep_read(sqe, 0, buf, 4096, 0),
      js: () => encode_io_uring_prep_read(structView(sqe), 0, 0, buf, 4096, 0),
      ffi: () => unchecked_io_uring_prep_read(sqe, 0, buf, 4096, 0),
    },
  ];
  let worst: number[] = [];
  let worstName = '';
  for (const c of cases) {
    // Warm-up: the JIT, and the check compiled on its first call.
    for (const f of [c.checked, c.js, c.ffi]) perCall(f, 20_000);
    const costs: number[] = [];
    const checked: number[] = [];
    const ffi: number[] = [];
    for (let i = 0; i < Math.max(3, ROUNDS); i++) {
      const js = perCall(c.js, n);
      checked.push(perCall(c.checked, n));
      costs.push(checked.at(-1)! - js);
      ffi.push(perCall(c.ffi, n / 4));
    }
    const cost = median(costs);
    if (cost > (median(worst) || -Infinity)) {
      worst = costs;
      worstName = c.name;
    }
    rows.push({
      part: 'c',
      what: c.name,
      value: `${median(checked).toFixed(0)} ns checked; unchecked through liburing-ffi ${median(ffi).toFixed(0)} ns`,
      ratio: `validation ${cost.toFixed(0)} ns/call (rounds ${spread(costs, 0)})`,
    });
  }
  io_uring_queue_exit(ring);
  target({ text: `c: validation cost of the worst valid call (${worstName}), ns`, goal: 50, kind: 'max', unit: ' ns', rounds: worst });
}
