/**
 * A refused call leaves nothing to run. When a checked function that takes
 * an SQE is refused (PreconditionError, or a wrong number of arguments), and
 * that SQE is handed out and not yet flushed, the SQE becomes IORING_OP_NOP
 * with IORING_NOP_INJECT_RESULT and len = -ECANCELED: its user_data and its
 * IOSQE_IO_LINK / IOSQE_IO_HARDLINK flags stay, every other field and flag is
 * cleared. Submitted, it runs no I/O, uses no memory and completes with res
 * -ECANCELED, which fails it and so breaks a linked chain there (the members
 * after it complete with -ECANCELED). The memory held for the slot is let go:
 * nothing in the SQE points to it any more.
 *
 * Kernels before Linux 6.10 (which added IORING_NOP_INJECT_RESULT; liburing
 * 2.7's io_uring.h syncs it "with 6.10 kernel") ignore the NOP's flags: such a
 * NOP completes with res 0 and does not break the chain.
 *
 * A later prep of the same SQE overwrites it as usual; the op-flags word,
 * which io_uring_prep_rw leaves alone, is cleared first (prepStarts), so the
 * prep starts from what io_uring_get_sqe gives.
 */
import { IORING_NOP_INJECT_RESULT, IORING_OP_NOP, IOSQE_IO_HARDLINK, IOSQE_IO_LINK } from '../../generated/constants.js';
import { errnoNumber } from '../errno.js';
import { SQE } from '../ring-abi.js';
import { Struct } from '../struct.js';
import { release } from './held.js';
import { catchUp, unflushedIndex } from './submissions.js';
import { anyNeutralized, clearNeutralized, locateSqe, markNeutralized, type RingState } from './state.js';

const CANCELED = -errnoNumber('ECANCELED');

/** A checked call with these arguments was refused: neutralize every unflushed SQE among them. */
export function refusedCall(args: readonly unknown[]): void {
  for (const a of args) {
    if (!(a instanceof Struct)) continue;
    const where = locateSqe(a);
    if (!where) continue;
    catchUp(where.state);
    if (unflushedIndex(where.state, where.slot) < 0) continue; // flushed: the kernel has it, and a refused call wrote nothing
    neutralize(where.state, where.slot);
  }
}

function neutralize(s: RingState, slot: number): void {
  const d = s.sqes!.view;
  const at = slot * s.sqeSize;
  const links = d.getUint8(at + SQE.flags) & (IOSQE_IO_LINK | IOSQE_IO_HARDLINK);
  const lo = d.getUint32(at + SQE.userData, true);
  const hi = d.getUint32(at + SQE.userData + 4, true);
  for (let i = 0; i < s.sqeSize; i += 4) d.setUint32(at + i, 0, true);
  d.setUint8(at + SQE.opcode, IORING_OP_NOP);
  d.setUint8(at + SQE.flags, links);
  d.setUint32(at + SQE.opFlags, IORING_NOP_INJECT_RESULT, true);
  d.setInt32(at + SQE.len, CANCELED, true);
  d.setUint32(at + SQE.userData, lo, true);
  d.setUint32(at + SQE.userData + 4, hi, true);
  markNeutralized(s, slot);
  const h = s.pending.get(slot);
  if (h) {
    release(h);
    s.pending.delete(slot);
  }
}

/**
 * Before a prep writes `sqe`: if a refused call made it a NOP and it still is
 * that NOP (nothing rewrote it since), clear the op-flags word the NOP set.
 */
export function prepStarts(sqe: Struct): void {
  // Kept small, so V8 inlines it into every prep wrapper: the work is in a call that is rare.
  if (anyNeutralized()) clearIfNeutral(sqe);
}

function clearIfNeutral(sqe: Struct): void {
  const where = locateSqe(sqe);
  if (!where || !clearNeutralized(where.state, where.slot)) return;
  const d = where.state.sqes!.view;
  const at = where.slot * where.state.sqeSize;
  const stillNeutral =
    d.getUint8(at + SQE.opcode) === IORING_OP_NOP && d.getUint32(at + SQE.opFlags, true) === IORING_NOP_INJECT_RESULT && d.getInt32(at + SQE.len, true) === CANCELED;
  if (stillNeutral) d.setUint32(at + SQE.opFlags, 0, true);
}
