/**
 * Part a: NOPs in batches of 32, C liburing against the checked C-name API, the fast path and the
 * Ring's Promises. Every round runs C and each JavaScript variant back to back, so each per-round
 * ratio compares runs that saw the same machine load.
 */
import {
  IoUring, IoUringCqe, PointerArray, Ring, io_uring_queue_init, io_uring_queue_exit, io_uring_get_sqe, io_uring_prep_nop,
  io_uring_submit, io_uring_peek_batch_cqe, io_uring_cq_advance, io_uring_sqe_set_data64,
} from '../index.js';
import { FastRing } from '../runtime/fast/index.js';
import { encode_io_uring_prep_nop } from '../generated/functions/io_uring_prep_nop.js';
import { inlineCeiling, promiseFloor } from './bounds.js';
import { log, measure, median, now, quick, rateWithCpu, rows, runC, spread, target, x, type CPrograms, type Run } from './common.js';

/** The checked wrappers, as C code ported call for call: get_sqe + prep_nop + set_data64, submit per 32. */
function nopChecked(seconds: number): number {
  const ring = new IoUring();
  io_uring_queue_init(64, ring, 0);
  const cqes = new PointerArray<IoUringCqe>(64);
  let done = 0;
  const t0 = now();
  let t = t0;
  while (t - t0 < seconds) {
    for (let k = 0; k < 200; k++) {
      for (let i = 0; i < 32; i++) {
        const sqe = io_uring_get_sqe(ring)!;
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_data64(sqe, BigInt(i));
      }
      io_uring_submit(ring);
      const n = io_uring_peek_batch_cqe(ring, cqes, 64);
      io_uring_cq_advance(ring, n);
      done += n;
    }
    t = now();
  }
  io_uring_queue_exit(ring);
  return done / (t - t0);
}

function nopFast(seconds: number): number {
  const ring = new IoUring();
  io_uring_queue_init(64, ring, 0);
  const f = new FastRing(ring, { interop: false });
  const sqes = f.sqes;
  let done = 0;
  let sum = 0;
  const t0 = now();
  let t = t0;
  while (t - t0 < seconds) {
    for (let k = 0; k < 1000; k++) {
      for (let i = 0; i < 32; i++) {
        const at = f.getSqe();
        encode_io_uring_prep_nop(sqes, at);
        f.setUserData(at, i);
      }
      f.submit();
      // io_uring_for_each_cqe + io_uring_cq_advance, reading each CQE as the C program does.
      const n = f.cqReady();
      for (let h = f.cqHead(), j = 0; j < n; j++, h++) {
        const at = f.cqeOffset(h);
        sum += f.res(at) + f.userData(at);
      }
      f.advance(n);
      done += n;
    }
    t = now();
  }
  io_uring_queue_exit(ring);
  if (sum !== (done / 32) * 496) throw new Error('fast path: unexpected CQE contents');
  return done / (t - t0);
}

async function nopRing(seconds: number): Promise<number> {
  const ring = await Ring.create({ entries: 64 });
  let done = 0;
  const t0 = now();
  let t = t0;
  const batch: Promise<void>[] = new Array(32);
  while (t - t0 < seconds) {
    for (let k = 0; k < 100; k++) {
      for (let i = 0; i < 32; i++) batch[i] = ring.nop();
      await Promise.all(batch);
      done += 32;
    }
    t = now();
  }
  await ring.close();
  return done / (t - t0);
}

export const NOP_ROUNDS = quick ? 3 : 12;
export const NOP_SECONDS = quick ? 0.2 : 0.25;

export async function partA(c: CPrograms | null): Promise<void> {
  log('a. NOPs in batches of 32...');
  const r: Record<string, Run[]> = { c: [], checked: [], fast: [], ring: [], ceiling: [], floor: [] };
  // Warm up each variant (the JIT, the lazily compiled checks) before measuring.
  if (c) runC(c.nop, ['0.2']);
  nopChecked(0.3);
  nopFast(0.3);
  await nopRing(0.3);
  inlineCeiling(0.3);
  await promiseFloor(0.3);
  for (let i = 0; i < NOP_ROUNDS; i++) {
    if (c) r.c!.push(runC(c.nop, [String(NOP_SECONDS)]));
    r.fast!.push(await measure(() => nopFast(NOP_SECONDS)));
    r.checked!.push(await measure(() => nopChecked(NOP_SECONDS)));
    r.ring!.push(await measure(() => nopRing(NOP_SECONDS)));
    r.ceiling!.push(await measure(() => inlineCeiling(NOP_SECONDS)));
    r.floor!.push(await measure(() => promiseFloor(NOP_SECONDS)));
  }
  // Ratios: each round's variant / that round's C.
  const perRound = (key: string) => (c ? r[key]!.map((v, i) => v.rate / r.c![i]!.rate) : []);
  const add = (what: string, key: string) => {
    const ratios = perRound(key);
    rows.push({ part: 'a', what, value: rateWithCpu(r[key]!), ratio: c ? `${x(median(ratios))} of C (rounds ${spread(ratios)})` : '(no C)' });
  };
  if (c) rows.push({ part: 'a', what: 'C, liburing (get_sqe + prep_nop + set_data64, submit per 32)', value: rateWithCpu(r.c!), ratio: '1.00x of C' });
  add('checked C-name API (get_sqe + prep_nop + set_data64, submit per 32)', 'checked');
  add('fast path (JS SQEs/CQEs, 1 FFI call per batch)', 'fast');
  add('Ring Promises (Promise.all of 32 ring.nop())', 'ring');
  // What any JavaScript could reach in these loops (bench/bounds.ts): the fast path inlined by hand,
  // and the Ring loop's Promises alone, with no io_uring. A Ring spends the kernel's time too, so
  // 1 / (the floor's time per NOP + C's kernel time per NOP) is about the most a Ring can reach.
  add('bound: the fast-path loop inlined by hand (Int32Array views, 1 FFI call per batch, no checks)', 'ceiling');
  if (c) {
    const bound = r.floor!.map((f, i) => 1 / r.c![i]!.rate / (1 / f.rate + r.c![i]!.kernelNs / 1e9));
    rows.push({
      part: 'a',
      what: "bound: the Ring loop around Promises that do nothing (settled in a microtask, no io_uring); plus C's kernel time per NOP",
      value: rateWithCpu(r.floor!),
      ratio: `about ${x(median(bound))} of C (rounds ${spread(bound)})`,
    });
  }
  const t = (text: string, key: string, goal: number) => target({ text, goal, kind: 'min', unit: 'x', rounds: perRound(key) });
  t('a: checked API NOPs vs C', 'checked', 0.3);
  t('a: fast path NOPs vs C', 'fast', 0.9);
  t('a: Ring Promises NOPs vs C', 'ring', 0.4);
}
