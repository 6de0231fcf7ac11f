// The loops bench/instructions.ts counts under valgrind: part a's NOP loops on the package as it
// ships. Plain JavaScript, run by plain node: valgrind makes a process about 50 times slower, so
// no TypeScript loader runs under it.
//
//   node bench/instructions-probe.mjs MODE BATCHES
//
// It imports the package that bench/instructions.ts built into bench/build/dist, statically, as an
// application does. MODE: checked, fast or ring (part a's variants), or read (the checked API's
// get_sqe + prep_read of 4 KiB from /dev/zero + set_data64, submit per 32, reap). The loop runs
// 20,000 batches first, so that V8 has compiled it, then BATCHES more; bench/instructions.ts
// subtracts two runs of different lengths.
import { openSync } from 'node:fs';
import * as lib from './build/dist/index.js';
import { FastRing } from './build/dist/runtime/fast/index.js';
import { encode_io_uring_prep_nop } from './build/dist/generated/functions/io_uring_prep_nop.js';

const [mode, batches] = [process.argv[2], Number(process.argv[3])];

const ring = new lib.IoUring();
lib.io_uring_queue_init(64, ring, 0);

function checked(k) {
  const cqes = new lib.PointerArray(64);
  for (; k > 0; k--) {
    for (let i = 0; i < 32; i++) {
      const sqe = lib.io_uring_get_sqe(ring);
      lib.io_uring_prep_nop(sqe);
      lib.io_uring_sqe_set_data64(sqe, BigInt(i));
    }
    lib.io_uring_submit(ring);
    lib.io_uring_cq_advance(ring, lib.io_uring_peek_batch_cqe(ring, cqes, 64));
  }
}

const fastRing = new FastRing(ring, { interop: false });
let sum = 0;
function fast(k) {
  const f = fastRing;
  const sqes = f.sqes;
  for (; k > 0; k--) {
    for (let i = 0; i < 32; i++) {
      const at = f.getSqe();
      encode_io_uring_prep_nop(sqes, at);
      f.setUserData(at, i);
    }
    f.submit();
    const n = f.cqReady();
    for (let h = f.cqHead(), j = 0; j < n; j++, h++) {
      const at = f.cqeOffset(h);
      sum += f.res(at) + f.userData(at);
    }
    f.advance(n);
  }
}

let theRing = null;
async function ringNops(k) {
  theRing ??= await lib.Ring.create({ entries: 64 });
  const batch = new Array(32);
  for (; k > 0; k--) {
    for (let i = 0; i < 32; i++) batch[i] = theRing.nop();
    await Promise.all(batch);
  }
}

const buffer = lib.allocAligned(4096, 4096);
const zero = openSync('/dev/zero', 'r');
function reads(k) {
  const cqes = new lib.PointerArray(64);
  for (; k > 0; k--) {
    for (let i = 0; i < 32; i++) {
      const sqe = lib.io_uring_get_sqe(ring);
      lib.io_uring_prep_read(sqe, zero, buffer, 4096, 0);
      lib.io_uring_sqe_set_data64(sqe, BigInt(i));
    }
    lib.io_uring_submit(ring);
    lib.io_uring_cq_advance(ring, lib.io_uring_peek_batch_cqe(ring, cqes, 64));
  }
}

const run = { checked, fast, ring: ringNops, read: reads }[mode];
if (!run) throw new Error(`instructions-probe: unknown mode ${mode}`);
await run(20000);
await run(batches);
process.exit(0);
