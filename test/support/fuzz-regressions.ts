/**
 * The programs the program fuzzer (npm run fuzz:programs, issue 14) shrank its
 * findings to, as regression tests (test/fuzz-programs-regressions.test.ts):
 * each runs with every invariant of tools/program-fuzz/invariants.ts checked
 * after every step, and must run to its end without a violation. `found` says
 * where each came from: the run (base seed, the batch's seed and program
 * number) or, for the issue's own reproductions, the issue.
 */
import type { StepJson } from '../../tools/program-fuzz/program.js';
import type { WorldSpec } from '../../tools/program-fuzz/world.js';

export interface Regression {
  name: string;
  found: string;
  world: WorldSpec;
  steps: StepJson[];
  /** How many times to run it (a finding that depends on timing). */
  repeat?: number;
}

const pipes = (n: number, bufs: WorldSpec['bufs'], rings: WorldSpec['rings'] = [{ entries: 1, mode: 'plain' }]): WorldSpec => ({ rings, bufs, pipes: n, socket: false });
const aligned = (size: number) => ({ aligned: true, size });
const plain = (size: number) => ({ aligned: false, size });

export const REGRESSIONS: Regression[] = [
  {
    name: 'a nop sharing user_data 0 with a waiting read: the nop completing does not release the read\'s buffer',
    found: 'fuzz:programs --seed 1 --invariants memory:collected,memory:freeable --without refused,setup_buf_ring,buf_ring_add: seed 79191, program 97',
    world: { rings: [{ entries: 1, mode: 'defer' }, { entries: 2, mode: 'defer' }, { entries: 1, mode: 'plain' }], bufs: [plain(4096), aligned(4096)], pipes: 3, socket: true },
    steps: [
      { op: 'get_sqe', ring: 0 }, { op: 'prep_read', ring: 0, sqe: 0, chan: 0, buf: 1, wrong: 'none', vec: false }, { op: 'submit', ring: 0, wait: false },
      { op: 'get_sqe', ring: 0 }, { op: 'prep_nop', ring: 0, sqe: 0 }, { op: 'submit', ring: 0, wait: false }, { op: 'get_sqe', ring: 0 },
    ],
  },
  {
    name: 'an async cancel\'s completion (user_data 0, the slot\'s) does not release a waiting read with user_data 0',
    found: 'fuzz:programs --seed 1 --invariants memory:collected,memory:freeable --without refused,setup_buf_ring,buf_ring_add: seed 47515, program 43',
    world: pipes(1, [aligned(256), plain(256)], [{ entries: 1, mode: 'plain' }, { entries: 1, mode: 'plain' }, { entries: 2, mode: 'plain' }]),
    steps: [
      { op: 'get_sqe', ring: 2 }, { op: 'prep_read', ring: 2, sqe: 0, chan: 0, buf: 0, wrong: 'none', vec: false }, { op: 'get_sqe', ring: 2 },
      { op: 'prep_cancel', ring: 2, sqe: 3, u: 2, all: false }, { op: 'submit', ring: 2, wait: false },
    ],
  },
  {
    name: 'issue 9: two reads with user_data 0 on two pipes, the second completes; after a major collection the first one\'s buffers are alive and freeAligned refuses them',
    found: 'issue 9, section 1 (the reproduction)',
    world: pipes(3, [plain(4096), aligned(256), aligned(256)], [{ entries: 8, mode: 'plain' }]),
    steps: [
      { op: 'get_sqe', ring: 0 }, { op: 'prep_read', ring: 0, sqe: 0, chan: 0, buf: 0, wrong: 'none', vec: false },
      { op: 'get_sqe', ring: 0 }, { op: 'prep_read', ring: 0, sqe: 1, chan: 1, buf: 1, wrong: 'none', vec: false },
      { op: 'get_sqe', ring: 0 }, { op: 'prep_read', ring: 0, sqe: 2, chan: 2, buf: 2, wrong: 'none', vec: false },
      { op: 'submit', ring: 0, wait: false }, { op: 'drop_buf', buf: 0 }, { op: 'write_channel', chan: 2 },
      { op: 'wait', ring: 0 }, { op: 'seen', ring: 0, i: 0 }, { op: 'gc' }, { op: 'free_aligned', buf: 1 },
      { op: 'write_channel', chan: 0 }, { op: 'write_channel', chan: 1 },
    ],
  },
  {
    name: 'msg_ring data equal to a waiting read\'s user_data: consuming the message does not release the read',
    found: 'issue 9, section 1 (msg_ring data equal to an in-flight user_data)',
    world: pipes(1, [aligned(256), plain(256)], [{ entries: 4, mode: 'plain' }]),
    steps: [
      { op: 'get_sqe', ring: 0 }, { op: 'prep_read', ring: 0, sqe: 0, chan: 0, buf: 0, wrong: 'none', vec: false }, { op: 'set_data', ring: 0, sqe: 0, u: 1 },
      { op: 'get_sqe', ring: 0 }, { op: 'prep_msg_ring', ring: 0, sqe: 1, target: 0, u: 1, len: 5 }, { op: 'set_data', ring: 0, sqe: 1, u: 2 },
      { op: 'submit', ring: 0, wait: false }, { op: 'peek', ring: 0, batch: 4 }, { op: 'cq_advance', ring: 0, n: 2 },
      { op: 'write_channel', chan: 0 },
    ],
  },
  {
    name: 'on a 1-entry ring, a refused prep after a completed read: submit does not run the old read again',
    found: 'fuzz:programs --seed 11 --invariants memory:stray-write --without reprep,set_data,set_flags,set_buf_group,setup_buf_ring,buf_ring_add: seed 15849, program 46',
    world: pipes(2, [plain(4096), aligned(4096), aligned(256)], [{ entries: 2, mode: 'plain' }, { entries: 1, mode: 'coop' }]),
    steps: [
      { op: 'get_sqe', ring: 1 }, { op: 'prep_read', ring: 1, sqe: 0, chan: 0, buf: 0, wrong: 'none', vec: false }, { op: 'write_channel', chan: 0 },
      { op: 'submit', ring: 1, wait: true }, { op: 'get_sqe', ring: 1 }, { op: 'prep_read', ring: 1, sqe: 0, chan: 0, buf: 0, wrong: 'fd', vec: false },
      { op: 'write_channel', chan: 0 }, { op: 'seen', ring: 1, i: 0 }, { op: 'submit', ring: 1, wait: false },
    ],
  },
  {
    name: 'a refused write prep after a completed read on a 1-entry ring: the old read does not run again',
    found: 'fuzz:programs --seed 11 --invariants memory:stray-write --without reprep,set_data,set_flags,set_buf_group,setup_buf_ring,buf_ring_add: seed 23768, program 159',
    world: pipes(1, [plain(4096), aligned(256), aligned(256)]),
    steps: [
      { op: 'get_sqe', ring: 0 }, { op: 'prep_read', ring: 0, sqe: 0, chan: 0, buf: 0, wrong: 'none', vec: false }, { op: 'submit', ring: 0, wait: false },
      { op: 'get_sqe', ring: 0 }, { op: 'write_channel', chan: 0 }, { op: 'prep_write', ring: 0, sqe: 0, chan: 0, buf: 0, wrong: 'fd' },
      { op: 'peek', ring: 0, batch: 0 }, { op: 'seen', ring: 0, i: 0 }, { op: 'submit', ring: 0, wait: false }, { op: 'write_channel', chan: 0 },
    ],
  },
  {
    name: 'a refused set_data after a valid prep: the SQE completes as a NOP with -ECANCELED and the read never runs',
    found: 'fuzz:programs --seed 1 --invariants memory:stray-write --without reprep,setup_buf_ring,buf_ring_add: seed 118786, program 44',
    world: pipes(1, [plain(256), plain(256)], [{ entries: 1, mode: 'plain' }, { entries: 1, mode: 'plain' }]),
    steps: [
      { op: 'get_sqe', ring: 1 }, { op: 'prep_read_file', ring: 1, sqe: 0, buf: 0, off: 0, fixed: false }, { op: 'set_data', ring: 1, sqe: 0, u: -1 },
      { op: 'submit', ring: 1, wait: false },
    ],
  },
  {
    name: 'a refused set_data on a fresh SQE: it completes as a NOP with -ECANCELED (not a NOP with res 0)',
    found: 'fuzz:programs --seed 7: seed 7, program 5',
    world: pipes(1, [plain(256), plain(4096), aligned(256), aligned(4096)], [{ entries: 8, mode: 'defer' }, { entries: 8, mode: 'defer' }]),
    steps: [{ op: 'get_sqe', ring: 0 }, { op: 'set_data', ring: 0, sqe: 0, u: -1 }, { op: 'submit', ring: 0, wait: false }],
  },
  {
    name: 'memory added to a buffer ring stays held while the buffer ring is registered',
    found: 'fuzz:programs (smoke run, seed 1, --invariants memory): setup_buf_ring then buf_ring_add',
    world: { rings: [{ entries: 1, mode: 'plain' }, { entries: 2, mode: 'defer' }], bufs: [aligned(256), aligned(256), aligned(4096), aligned(256)], pipes: 3, socket: true },
    steps: [{ op: 'setup_buf_ring', ring: 0 }, { op: 'buf_ring_add', ring: 0, buf: 0 }],
  },
  {
    name: 'io_uring_cqe_seen with a stale CQE view consumes the head CQE, and releases nothing of a request with the stale view\'s user_data',
    found: 'fuzz:programs (model check, seed 32, program 286: cqe_seen with the second CQE of a peek_batch); this is its harmful form',
    world: pipes(1, [aligned(256), aligned(256)], [{ entries: 4, mode: 'plain' }]),
    steps: [
      { op: 'get_sqe', ring: 0 }, { op: 'prep_nop', ring: 0, sqe: 0 }, { op: 'submit', ring: 0, wait: false }, { op: 'wait', ring: 0 }, { op: 'seen', ring: 0, i: 0 },
      { op: 'get_sqe', ring: 0 }, { op: 'prep_read', ring: 0, sqe: 0, chan: 0, buf: 0, wrong: 'none', vec: false },
      { op: 'get_sqe', ring: 0 }, { op: 'prep_nop', ring: 0, sqe: 1 }, { op: 'set_data', ring: 0, sqe: 1, u: 1 }, { op: 'submit', ring: 0, wait: false },
      { op: 'seen', ring: 0, i: 0 },
    ],
  },
  {
    name: 'io_uring_queue_exit with a linked read waiting: the kernel does not write into its buffer after the exit',
    found: 'fuzz:programs --seed 100: seed 79290, program 133 (timing: the kernel wrote after the exit in 58-74 of 100 tries)',
    world: pipes(2, [aligned(256), plain(4096), aligned(4096)], [{ entries: 1, mode: 'coop' }]),
    steps: [
      { op: 'get_sqe', ring: 0 }, { op: 'set_flags', ring: 0, sqe: 0, flags: 4 }, { op: 'prep_read', ring: 0, sqe: 0, chan: 1, buf: 0, wrong: 'none', vec: false },
      { op: 'submit', ring: 0, wait: false }, { op: 'queue_exit', ring: 0 }, { op: 'write_channel', chan: 1 },
    ],
    repeat: 20,
  },
  {
    name: 'a Ring write aborted in the turn that started it never runs: a Ring read on the same pipe stays pending (until close)',
    found: 'fuzz:programs --programs 100000 --per-child 1000 --seed 100000: seed 139595, program 17 (a model mistake: the model counted the write\'s chunk)',
    world: { promise: { deferTaskrun: false }, rings: [{ entries: 4, mode: 'defer', api: 'fast' }, { entries: 1, mode: 'coop', api: 'checked' }, { entries: 8, mode: 'coop', api: 'checked' }], bufs: [aligned(4096), aligned(4096)], pipes: 3, socket: false },
    steps: [
      { op: 'ring_op', what: 'read', chan: 1, buf: 0 }, { op: 'ring_op', what: 'write', chan: 1, buf: 0 }, { op: 'ring_abort', k: 3 },
      { op: 'ring_settle' },
    ],
  },
  {
    name: 'a Ring write aborted before it was submitted: a fast-path read on that pipe does not complete',
    found: 'fuzz:programs --programs 100000 --per-child 1000 --seed 100000: seed 171271, program 624 (a model mistake: the model counted the write\'s chunk)',
    world: { promise: { deferTaskrun: false }, rings: [{ entries: 1, mode: 'plain', api: 'fast' }, { entries: 1, mode: 'plain', api: 'fast' }], bufs: [plain(256), plain(256)], pipes: 3, socket: true },
    steps: [
      { op: 'fast_prep', ring: 0, what: 'read', chan: 3, buf: 0, u: 0 }, { op: 'ring_op', what: 'write', chan: 3, buf: 0 },
      { op: 'ring_abort', k: 0 }, { op: 'submit', ring: 0, wait: false }, { op: 'wait', ring: 0 },
    ],
  },
  {
    name: 'a chain broken by a refused SQE: every member after it, a CQE_SKIP_SUCCESS one included, posts -ECANCELED (the breaking request\'s flags decide)',
    found: 'fuzz:programs --programs 100000 --per-child 1000 --seed 100000: seed 123757, program 113 (a model mistake: the model omitted the CQEs after the CQE_SKIP_SUCCESS member)',
    world: { promise: { deferTaskrun: true }, rings: [{ entries: 4, mode: 'plain', api: 'checked' }], bufs: [aligned(256), aligned(4096), plain(4096), aligned(256)], pipes: 1, socket: false },
    steps: [
      { op: 'get_sqe', ring: 0 }, { op: 'get_sqe', ring: 0 }, { op: 'set_flags', ring: 0, sqe: 3, flags: 68 },
      { op: 'get_sqe', ring: 0 }, { op: 'get_sqe', ring: 0 }, { op: 'set_data', ring: 0, sqe: 5, u: -1 },
      { op: 'prep_msg_ring', ring: 0, sqe: 7, target: 0, u: 0, len: 0 }, { op: 'set_flags', ring: 0, sqe: 2, flags: 68 },
      { op: 'prep_nop', ring: 0, sqe: 0 }, { op: 'prep_read_file', ring: 0, sqe: 2, buf: 0, off: 0, fixed: false, table: false },
      { op: 'submit', ring: 0, wait: false }, { op: 'get_sqe', ring: 0 },
    ],
  },
  {
    name: 'an IOSQE_ASYNC read_fixed, then io_uring_unregister_buffers: the io-wq worker may look the buffer up after the unregister (-EFAULT)',
    found: 'fuzz:programs --programs 100000 --per-child 1000 --seed 100000: seed 147514, program 525 (a model mistake: timing; the model checked the table at submit)',
    world: { promise: { deferTaskrun: false }, rings: [{ entries: 1, mode: 'plain', api: 'checked' }, { entries: 2, mode: 'plain', api: 'checked' }], bufs: [plain(256), aligned(4096)], pipes: 1, socket: true },
    steps: [
      { op: 'get_sqe', ring: 1 }, { op: 'get_sqe', ring: 1 }, { op: 'set_flags', ring: 1, sqe: 3, flags: 16 },
      { op: 'register_buffers', ring: 1, buf: 0, two: true },
      { op: 'prep_read_file', ring: 1, sqe: 7, buf: 1, off: 5000, fixed: true, table: false },
      { op: 'prep_read', ring: 1, sqe: 4, chan: 1, buf: 0, wrong: 'none', vec: true }, { op: 'submit', ring: 1, wait: false },
      { op: 'write_channel', chan: 1 }, { op: 'unregister_buffers', ring: 1 }, { op: 'get_sqe', ring: 1 },
      { op: 'prep_cancel', ring: 1, sqe: 7, u: 1, all: false },
    ],
  },
  {
    name: 'a read through the file table left as an open chain (IOSQE_IO_LINK on the last SQE) goes to io-wq, and may run after io_uring_unregister_files',
    found: 'fuzz:programs --programs 100000 --per-child 1000 --seed 100000: seed 250461, program 320 (a model mistake: timing; the model checked the table at submit). There the read was submitted before io_uring_register_files; a checked submit now refuses that (a fixed file past the table), so the table goes away after the submit instead',
    world: { promise: null, rings: [{ entries: 1, mode: 'plain', api: 'checked' }, { entries: 8, mode: 'coop', api: 'fast' }], bufs: [plain(256), plain(4096), aligned(4096)], pipes: 2, socket: false },
    steps: [
      { op: 'register_files', ring: 0 }, { op: 'get_sqe', ring: 0 }, { op: 'set_flags', ring: 0, sqe: 0, flags: 4 },
      { op: 'prep_read_file', ring: 0, sqe: 0, buf: 2, off: 5000, fixed: false, table: true }, { op: 'submit', ring: 0, wait: false },
      { op: 'unregister_files', ring: 0 }, { op: 'write_channel', chan: 1 },
    ],
  },
  {
    name: 'a msg_ring left as an open chain goes to io-wq: exiting its ring first may cancel it, and the message never comes',
    found: 'fuzz:programs --programs 100000 --per-child 1000 --seed 100000: seed 107919, program 454 (a model mistake: timing; the model took the message as certain)',
    world: { promise: null, rings: [{ entries: 8, mode: 'coop', api: 'checked' }, { entries: 2, mode: 'defer', api: 'fast' }, { entries: 1, mode: 'plain', api: 'checked' }], bufs: [aligned(4096), plain(256)], pipes: 2, socket: true },
    steps: [
      { op: 'get_sqe', ring: 0 }, { op: 'write_channel', chan: 0 }, { op: 'prep_msg_ring', ring: 0, sqe: 0, target: 1, u: 0, len: 0 },
      { op: 'set_flags', ring: 0, sqe: 0, flags: 68 }, { op: 'submit', ring: 0, wait: false }, { op: 'wait', ring: 0 },
    ],
  },
  {
    name: 'an IOSQE_ASYNC msg_ring and a cancel of its user_data: the cancel may find it in io-wq before it ran, and the message never comes',
    found: 'fuzz:programs --programs 3000 --per-child 500 --seed 300000 (the rerun after the model fixes): seed 300000, program 426 (a model mistake: the model took the message as certain)',
    world: { promise: null, rings: [{ entries: 8, mode: 'plain', api: 'checked' }, { entries: 4, mode: 'plain', api: 'checked' }, { entries: 2, mode: 'defer', api: 'checked' }], bufs: [plain(4096), aligned(4096)], pipes: 2, socket: true },
    steps: [
      { op: 'get_sqe', ring: 0 }, { op: 'set_flags', ring: 0, sqe: 0, flags: 16 }, { op: 'get_sqe', ring: 0 },
      { op: 'prep_msg_ring', ring: 0, sqe: 0, target: 0, u: 0, len: 0 }, { op: 'prep_cancel', ring: 0, sqe: 7, u: 0, all: false },
      { op: 'submit', ring: 0, wait: false },
    ],
  },
  {
    name: 'two requests with user_data 2 both consumed while two with user_data 0 cannot be told apart: the user_data 2 ones are done (the package releases their buffer, rightly)',
    found: 'fuzz:programs --programs 100000 --per-child 1000 --seed 100000: seed 448436, program 709 (a model mistake: an ambiguity of one user_data kept every completion unassigned)',
    world: { promise: null, rings: [{ entries: 2, mode: 'defer', api: 'checked' }], bufs: [aligned(256), plain(4096), aligned(4096), plain(4096)], pipes: 1, socket: true },
    steps: [
      { op: 'get_sqe', ring: 0 }, { op: 'get_sqe', ring: 0 }, { op: 'set_data', ring: 0, sqe: 1, u: -1 },
      { op: 'set_data', ring: 0, sqe: 0, u: 2 }, { op: 'prep_read', ring: 0, sqe: 0, chan: 0, buf: 0, wrong: 'none', vec: false },
      { op: 'submit', ring: 0, wait: false }, { op: 'get_sqe', ring: 0 },
      { op: 'prep_write', ring: 0, sqe: 0, chan: 0, buf: 0, wrong: 'none' }, { op: 'submit', ring: 0, wait: false },
      { op: 'get_sqe', ring: 0 }, { op: 'prep_read', ring: 0, sqe: 0, chan: 0, buf: 1, wrong: 'badfd', vec: false },
      { op: 'submit', ring: 0, wait: true }, { op: 'cq_advance', ring: 0, n: 2 }, { op: 'seen', ring: 0, i: 0 },
    ],
  },
  {
    name: 'io_uring_cq_advance past the ready count while completions are being posted: refused, or valid on a second look and consumes exactly what was posted',
    found: 'fuzz:programs --programs 100000 --per-child 2000 --seed 920000: seed 920000, program 173 (a package bug, fixed in 69644ec: the guard refused, zod then accepted, and a plain Error was thrown; timing)',
    world: { promise: { deferTaskrun: false }, rings: [{ entries: 2, mode: 'plain', api: 'fast' }, { entries: 4, mode: 'defer', api: 'checked' }, { entries: 4, mode: 'coop', api: 'fast' }], bufs: [plain(4096), aligned(4096), plain(256)], pipes: 3, socket: false },
    steps: [
      { op: 'fast_reap', ring: 2, peek: false, max: 1 }, { op: 'fast_prep', ring: 0, what: 'write', chan: 1, buf: 0, u: 2 },
      { op: 'fast_submit', ring: 0 }, { op: 'free_aligned', buf: 1 }, { op: 'drop_buf', buf: 2 }, { op: 'ring_settle' },
      { op: 'fast_submit', ring: 0 }, { op: 'get_sqe', ring: 0 }, { op: 'set_data', ring: 0, sqe: 2, u: 2 },
      { op: 'set_flags', ring: 0, sqe: 5, flags: 4 }, { op: 'prep_msg_ring', ring: 0, sqe: 2, target: 0, u: 0, len: 5 }, { op: 'ring_settle' },
      { op: 'fast_submit', ring: 0 }, { op: 'submit', ring: 1, wait: true }, { op: 'close_channel', chan: 0 }, { op: 'cq_advance', ring: 0, n: 2 },
      { op: 'wait', ring: 1 }, { op: 'fast_prep', ring: 0, what: 'read', chan: 2, buf: 0, u: 0 }, { op: 'submit', ring: 1, wait: true },
      { op: 'fast_reap', ring: 2, peek: false, max: 1 }, { op: 'ring_op', what: 'write', chan: 2, buf: 0 }, { op: 'submit', ring: 0, wait: true },
      { op: 'register_files', ring: 0 }, { op: 'submit', ring: 2, wait: true }, { op: 'write_channel', chan: 1 },
      { op: 'ring_op', what: 'nop', chan: 1, buf: 0 }, { op: 'wait', ring: 1 }, { op: 'get_sqe', ring: 1 }, { op: 'ring_close' },
      { op: 'write_channel', chan: 2 }, { op: 'write_channel', chan: 1 }, { op: 'get_sqe', ring: 1 }, { op: 'submit', ring: 0, wait: true },
      { op: 'fast_prep', ring: 0, what: 'read', chan: 1, buf: 0, u: 1 }, { op: 'fast_submit', ring: 2 }, { op: 'drop_buf', buf: 1 },
      { op: 'fast_submit', ring: 0 }, { op: 'peek', ring: 1, batch: 0 }, { op: 'peek', ring: 0, batch: 0 },
      { op: 'fast_reap', ring: 2, peek: true, max: 8 }, { op: 'peek', ring: 0, batch: 0 }, { op: 'fast_reap', ring: 2, peek: true, max: 8 },
      { op: 'seen', ring: 0, i: 2 }, { op: 'queue_exit', ring: 1 }, { op: 'submit', ring: 2, wait: true }, { op: 'unregister_files', ring: 0 },
      { op: 'seen', ring: 0, i: 1 },
    ],
  },
  {
    name: 'io_uring_cq_advance(ring, 2) with one CQE ready on a plain ring: a completion posted before the package looks makes it valid (the model accepts either outcome)',
    found: 'fuzz:programs --programs 100000 --per-child 2000 --seed 920000: seed 1213003, program 213 (a model mistake: timing; the model expected the refusal it saw when it counted)',
    world: { promise: { deferTaskrun: false }, rings: [{ entries: 4, mode: 'coop', api: 'checked' }, { entries: 2, mode: 'plain', api: 'fast' }], bufs: [plain(256), plain(4096), plain(256)], pipes: 2, socket: true },
    steps: [
      { op: 'get_sqe', ring: 1 }, { op: 'fast_reap', ring: 1, peek: true, max: 2 }, { op: 'get_sqe', ring: 1 }, { op: 'ring_settle' },
      { op: 'submit', ring: 0, wait: false }, { op: 'wait', ring: 1 }, { op: 'prep_msg_ring', ring: 1, sqe: 1, target: 1, u: 1, len: 0 },
      { op: 'set_flags', ring: 1, sqe: 3, flags: 4 }, { op: 'wait', ring: 1 }, { op: 'drop_buf', buf: 0 }, { op: 'submit', ring: 0, wait: false },
      { op: 'set_data', ring: 1, sqe: 2, u: -1 }, { op: 'fast_submit', ring: 1 }, { op: 'submit', ring: 1, wait: true }, { op: 'get_sqe', ring: 0 },
      { op: 'fast_submit', ring: 1 }, { op: 'wait', ring: 1 }, { op: 'prep_nop', ring: 0, sqe: 3 },
      { op: 'fast_prep', ring: 1, what: 'read', chan: 2, buf: 1, u: 1 }, { op: 'cq_advance', ring: 1, n: 2 }, { op: 'get_sqe', ring: 1 },
      { op: 'write_channel', chan: 0 }, { op: 'get_sqe', ring: 1 }, { op: 'peek', ring: 1, batch: 2 }, { op: 'submit', ring: 0, wait: true },
      { op: 'prep_poll', ring: 1, sqe: 7, chan: 1, multi: false }, { op: 'seen', ring: 0, i: 1 }, { op: 'get_sqe', ring: 1 }, { op: 'ring_settle' },
      { op: 'seen', ring: 0, i: 1 }, { op: 'fast_reap', ring: 1, peek: false, max: 1 }, { op: 'ring_op', what: 'write', chan: 0, buf: 2 },
      { op: 'cq_advance', ring: 1, n: 1 }, { op: 'fast_submit', ring: 1 }, { op: 'setup_buf_ring', ring: 1 }, { op: 'submit', ring: 0, wait: true },
    ],
  },
  {
    name: 'a multishot poll linked to a poll, on a 4-entry CQ: the full CQ ends the multishot (a last CQE without F_MORE), and the linked poll then runs and completes',
    found: 'fuzz:programs --programs 100000 --per-child 2000 --seed 920000: seed 951676, program 915 (a model mistake: the model never started what was chained after a multishot request)',
    world: { promise: { deferTaskrun: false }, rings: [{ entries: 2, mode: 'plain', api: 'checked' }], bufs: [plain(256), plain(256), plain(256)], pipes: 1, socket: false },
    steps: [
      { op: 'get_sqe', ring: 0 }, { op: 'set_flags', ring: 0, sqe: 0, flags: 4 }, { op: 'get_sqe', ring: 0 }, { op: 'write_channel', chan: 0 },
      { op: 'prep_poll', ring: 0, sqe: 0, chan: 0, multi: true }, { op: 'prep_poll', ring: 0, sqe: 3, chan: 0, multi: false },
      { op: 'submit', ring: 0, wait: false }, { op: 'get_sqe', ring: 0 }, { op: 'write_channel', chan: 0 }, { op: 'get_sqe', ring: 0 },
      { op: 'prep_read', ring: 0, sqe: 3, chan: 0, buf: 0, wrong: 'len', vec: false }, { op: 'set_data', ring: 0, sqe: 0, u: -1 },
      { op: 'submit', ring: 0, wait: false }, { op: 'write_channel', chan: 0 }, { op: 'submit', ring: 0, wait: false },
    ],
  },
  {
    name: 'a poll linked to a cancel, and a cancel of the poll: the poll\'s -ECANCELED fails the chain, and the linked cancel completes with -ECANCELED',
    found: 'fuzz:programs --programs 100000 --per-child 2000 --seed 920000: seed 983352, program 735 (a model mistake: a request the model only knew a cancel might end kept what was chained after it waiting)',
    world: { promise: { deferTaskrun: false }, rings: [{ entries: 4, mode: 'plain', api: 'checked' }], bufs: [plain(256), plain(4096)], pipes: 2, socket: false },
    steps: [
      { op: 'get_sqe', ring: 0 }, { op: 'set_flags', ring: 0, sqe: 0, flags: 4 }, { op: 'get_sqe', ring: 0 },
      { op: 'prep_cancel', ring: 0, sqe: 3, u: 0, all: false }, { op: 'set_data', ring: 0, sqe: 0, u: 1 },
      { op: 'prep_poll', ring: 0, sqe: 0, chan: 0, multi: false }, { op: 'get_sqe', ring: 0 }, { op: 'get_sqe', ring: 0 },
      { op: 'prep_msg_ring', ring: 0, sqe: 3, target: 0, u: 0, len: 0 }, { op: 'prep_cancel', ring: 0, sqe: 6, u: 1, all: false },
      { op: 'submit', ring: 0, wait: false }, { op: 'get_sqe', ring: 0 },
    ],
  },
  {
    name: 'a CQE_SKIP_SUCCESS msg_ring left as an open chain goes to io-wq; if its target ring exits first, it fails with -EBADF and posts its CQE',
    found: 'fuzz:programs --programs 100000 --per-child 2000 --seed 920000: seed 1086299, program 94 (a model mistake: timing; the model looked the target ring up at submit)',
    world: { promise: null, rings: [{ entries: 1, mode: 'plain', api: 'checked' }, { entries: 4, mode: 'plain', api: 'fast' }, { entries: 2, mode: 'plain', api: 'fast' }], bufs: [plain(256), aligned(4096)], pipes: 2, socket: false },
    steps: [
      { op: 'get_sqe', ring: 0 }, { op: 'register_buffers', ring: 1, buf: 0, two: false }, { op: 'submit', ring: 2, wait: true },
      { op: 'prep_msg_ring', ring: 0, sqe: 7, target: 2, u: 1, len: 5 }, { op: 'get_sqe', ring: 2 }, { op: 'set_data', ring: 2, sqe: 7, u: 2 },
      { op: 'fast_prep', ring: 1, what: 'write', chan: 1, buf: 0, u: 0 }, { op: 'set_flags', ring: 0, sqe: 2, flags: 68 },
      { op: 'submit', ring: 0, wait: true }, { op: 'prep_read', ring: 2, sqe: 4, chan: 0, buf: 1, wrong: 'none', vec: true },
      { op: 'set_data', ring: 2, sqe: 2, u: 0 }, { op: 'queue_exit', ring: 2 }, { op: 'fast_submit', ring: 1 },
      { op: 'submit', ring: 0, wait: false }, { op: 'get_sqe', ring: 0 },
    ],
    repeat: 3,
  },
  {
    name: 'a CQE_SKIP_SUCCESS cancel-all finding nothing (res 0, no CQE), then a refused SQE (a NOP failing with -ECANCELED) in its chain: the NOP and the write after it post -ECANCELED',
    found: 'fuzz:programs --programs 100000 --per-child 2000 --seed 920000: seed 1220922, program 895 (a model mistake: a chain broken only if the cancel failed was taken as quiet in every case)',
    world: { promise: null, rings: [{ entries: 8, mode: 'defer', api: 'checked' }, { entries: 1, mode: 'plain', api: 'checked' }], bufs: [plain(256), plain(256), plain(256), plain(256)], pipes: 2, socket: true },
    steps: [
      { op: 'get_sqe', ring: 0 }, { op: 'get_sqe', ring: 0 }, { op: 'get_sqe', ring: 0 }, { op: 'set_flags', ring: 0, sqe: 0, flags: 68 },
      { op: 'prep_write', ring: 0, sqe: 5, chan: 0, buf: 0, wrong: 'none' }, { op: 'set_flags', ring: 0, sqe: 1, flags: 68 },
      { op: 'set_buf_group', ring: 0, sqe: 1, wrong: true }, { op: 'prep_cancel', ring: 0, sqe: 0, u: 0, all: true },
      { op: 'submit', ring: 0, wait: false },
    ],
  },
  {
    name: 'a fast-path write to a pipe whose write end was closed gives -EBADF (its number names a read-only file from then on), after a linked cancel-all that found nothing',
    found: 'fuzz:programs --programs 100000 --per-child 2000 --seed 5000000: seed 5071271, program 1341 (a model mistake: the fast write ignored a closed write end, which the checked write already knew)',
    world: { promise: null, rings: [{ entries: 4, mode: 'plain', api: 'checked' }, { entries: 2, mode: 'defer', api: 'checked' }, { entries: 8, mode: 'defer', api: 'fast' }], bufs: [aligned(256), plain(4096), plain(256), aligned(256)], pipes: 2, socket: false },
    steps: [
      { op: 'close_channel', chan: 1 }, { op: 'get_sqe', ring: 2 }, { op: 'set_flags', ring: 2, sqe: 0, flags: 4 },
      { op: 'fast_prep', ring: 2, what: 'write', chan: 1, buf: 0, u: 0 }, { op: 'prep_cancel', ring: 2, sqe: 0, u: 0, all: true },
      { op: 'submit', ring: 2, wait: false }, { op: 'fast_reap', ring: 2, peek: false, max: 1 },
    ],
  },
  {
    name: 'a read_fixed linked after a NOP on a DEFER_TASKRUN ring, its buffers unregistered before the task work issues it: it fails with -EFAULT (the table is looked up at issue)',
    found: 'fuzz:programs --programs 100000 --per-child 2000 --seed 5000000: seed 5095028, program 358 (a model mistake: a read_fixed not yet issued when its buffers were unregistered was expected to succeed)',
    world: { promise: { deferTaskrun: false }, rings: [{ entries: 2, mode: 'defer', api: 'fast' }], bufs: [plain(4096), plain(256)], pipes: 1, socket: false },
    steps: [
      { op: 'register_buffers', ring: 0, buf: 0, two: false }, { op: 'get_sqe', ring: 0 }, { op: 'prep_nop', ring: 0, sqe: 0 }, { op: 'get_sqe', ring: 0 },
      { op: 'prep_read_file', ring: 0, sqe: 1, buf: 0, off: 0, fixed: true, table: false }, { op: 'set_flags', ring: 0, sqe: 0, flags: 4 },
      { op: 'submit', ring: 0, wait: false }, { op: 'unregister_buffers', ring: 0 }, { op: 'get_sqe', ring: 0 },
    ],
  },
  {
    name: 'a cancel of a pipe read that an io-wq worker already runs: the worker is signalled and the read completes with -EINTR, not -ECANCELED',
    found: 'fuzz:programs --programs 100000 --per-child 2000 --seed 6000000: seed 6174218, program 29 (a model mistake: timing; only -ECANCELED was allowed for a cancelled read)',
    world: { promise: null, rings: [{ entries: 1, mode: 'coop', api: 'fast' }], bufs: [aligned(256), plain(4096), aligned(256), aligned(256)], pipes: 2, socket: false },
    steps: [
      { op: 'get_sqe', ring: 0 }, { op: 'set_flags', ring: 0, sqe: 0, flags: 68 }, { op: 'prep_read', ring: 0, sqe: 0, chan: 0, buf: 0, wrong: 'none', vec: false },
      { op: 'submit', ring: 0, wait: false }, { op: 'get_sqe', ring: 0 }, { op: 'prep_cancel', ring: 0, sqe: 0, u: 0, all: false },
      { op: 'submit', ring: 0, wait: false }, { op: 'get_sqe', ring: 0 },
    ],
    repeat: 3,
  },
  {
    name: 'a cancel-all linked before a read from an empty pipe finds nothing and succeeds with 0: the chain goes on and the read waits',
    found: 'fuzz:programs --programs 100000 --per-child 2000 --seed 7000000: seed 7087109, program 206 (a model mistake: the read was expected to complete, as if the cancel had failed and broken the chain)',
    world: { promise: null, rings: [{ entries: 8, mode: 'plain', api: 'checked' }], bufs: [aligned(4096), plain(4096), plain(4096), plain(256)], pipes: 2, socket: true },
    steps: [
      { op: 'get_sqe', ring: 0 }, { op: 'set_flags', ring: 0, sqe: 0, flags: 4 }, { op: 'prep_cancel', ring: 0, sqe: 0, u: 0, all: true },
      { op: 'get_sqe', ring: 0 }, { op: 'prep_read', ring: 0, sqe: 7, chan: 0, buf: 0, wrong: 'none', vec: false },
      { op: 'submit', ring: 0, wait: false },
    ],
  },
  {
    name: 'a msg_ring linked after a pipe write on a DEFER_TASKRUN ring, the ring exited before it was entered to wait: the task work that would issue the message never runs, and no message arrives',
    found: 'fuzz:programs --programs 100000 --per-child 2000 --seed 7000000: seed 7142542, program 137 (a model mistake: the exit was taken to find the chain member already issued)',
    world: { promise: null, rings: [{ entries: 8, mode: 'defer', api: 'checked' }, { entries: 1, mode: 'plain', api: 'checked' }], bufs: [plain(256), plain(256), plain(256)], pipes: 1, socket: true },
    steps: [
      { op: 'get_sqe', ring: 0 }, { op: 'get_sqe', ring: 0 }, { op: 'set_flags', ring: 0, sqe: 0, flags: 4 },
      { op: 'prep_write', ring: 0, sqe: 0, chan: 0, buf: 0, wrong: 'none' }, { op: 'prep_msg_ring', ring: 0, sqe: 7, target: 1, u: 0, len: 0 },
      { op: 'submit', ring: 0, wait: false }, { op: 'queue_exit', ring: 0 },
    ],
  },
  {
    name: 'a read given the wrong end of a pipe (a write-only descriptor) fails with -EBADF, even when issued in io-wq after the pipe\'s write end was closed and its number reused',
    found: 'fuzz:programs --programs 100000 --per-child 2000 --seed 7000000: seed 7213813, program 959, not shown again when rerun (a test mistake: the read was given the closed write end\'s number, which the process reopened meanwhile; it read 16 bytes)',
    world: { promise: null, rings: [{ entries: 2, mode: 'plain', api: 'fast' }], bufs: [plain(4096), aligned(256), plain(256)], pipes: 1, socket: false },
    steps: [
      { op: 'get_sqe', ring: 0 }, { op: 'set_flags', ring: 0, sqe: 0, flags: 64 }, { op: 'get_sqe', ring: 0 }, { op: 'fast_prep', ring: 0, what: 'read', chan: 0, buf: 0, u: 0 },
      { op: 'prep_read_file', ring: 0, sqe: 2, buf: 0, off: 0, fixed: false, table: false }, { op: 'peek', ring: 0, batch: 2 }, { op: 'set_flags', ring: 0, sqe: 3, flags: 4 }, { op: 'close_channel', chan: 0 },
      { op: 'get_sqe', ring: 0 }, { op: 'prep_read', ring: 0, sqe: 6, chan: 0, buf: 0, wrong: 'fd', vec: true }, { op: 'get_sqe', ring: 0 }, { op: 'prep_read', ring: 0, sqe: 6, chan: 0, buf: 0, wrong: 'none', vec: false },
      { op: 'prep_read', ring: 0, sqe: 5, chan: 0, buf: 1, wrong: 'badfd', vec: false }, { op: 'get_sqe', ring: 0 }, { op: 'drop_buf', buf: 1 }, { op: 'fast_submit', ring: 0 },
      { op: 'fast_reap', ring: 0, peek: true, max: 1 }, { op: 'submit', ring: 0, wait: false }, { op: 'wait', ring: 0 }, { op: 'submit', ring: 0, wait: true },
      { op: 'fast_reap', ring: 0, peek: true, max: 2 }, { op: 'seen', ring: 0, i: 1 }, { op: 'submit', ring: 0, wait: true }, { op: 'submit', ring: 0, wait: false },
      { op: 'get_sqe', ring: 0 }, { op: 'get_sqe', ring: 0 }, { op: 'set_buf_group', ring: 0, sqe: 1, wrong: false }, { op: 'set_data', ring: 0, sqe: 6, u: -1 },
      { op: 'queue_exit', ring: 0 },
    ],
    repeat: 3,
  },
  {
    name: 'seven requests and a msg_ring to their own ring, all with user_data 0 (too many ways to pair their eight completions to list): once eight came, all are done, and the read\'s buffer may be freed',
    found: 'fuzz:programs --programs 100000 --per-child 2000 --seed 8000000: seed 8245489, program 230 (a model mistake: it gave up pairing completions after 256 ways, kept the read in flight, and took freeAligned\'s success for an early release)',
    world: { promise: null, rings: [{ entries: 8, mode: 'defer', api: 'fast' }], bufs: [aligned(256), aligned(256)], pipes: 3, socket: false },
    steps: [
      { op: 'fast_prep', ring: 0, what: 'nop', chan: 0, buf: 0, u: 0 }, { op: 'fast_prep', ring: 0, what: 'read', chan: 0, buf: 0, u: 0 }, { op: 'get_sqe', ring: 0 },
      { op: 'fast_prep', ring: 0, what: 'nop', chan: 0, buf: 0, u: 0 }, { op: 'prep_msg_ring', ring: 0, sqe: 2, target: 0, u: 0, len: 0 }, { op: 'fast_prep', ring: 0, what: 'write', chan: 0, buf: 0, u: 0 },
      { op: 'submit', ring: 0, wait: false }, { op: 'get_sqe', ring: 0 }, { op: 'prep_read', ring: 0, sqe: 0, chan: 2, buf: 0, wrong: 'none', vec: false },
      { op: 'fast_prep', ring: 0, what: 'write', chan: 2, buf: 0, u: 0 }, { op: 'submit', ring: 0, wait: false }, { op: 'write_channel', chan: 0 },
    ],
  },
];
