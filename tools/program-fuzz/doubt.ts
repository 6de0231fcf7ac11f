/**
 * A cancel may have ended a request: it may complete with -ECANCELED at any
 * time. One the kernel issues in io-wq (ReqModel.late) may not have run yet
 * when the cancel finds it there, so what it does when it runs (a write to a
 * channel, a message to another ring) may never happen. A ring's exit cancels
 * all of its requests, and fails the messages to it not yet sent.
 */
import { failure, type Model, type ReqModel, type RingModel } from './model.js';
import { successors, uncertain } from './unfeed.js';

export function mayBeCancelled(m: Model, q: ReqModel, mayNotHaveRun = q.late): void {
  q.maybeCancelled = true;
  if (!mayNotHaveRun) return;
  if (q.posted) q.posted.silent = true;
  if (q.template.feeds !== undefined) m.channels[q.template.feeds]!.chaos = true;
}

/**
 * Ring `target` exits. A msg_ring to it that may not have been issued yet looks the target's descriptor up when it
 * runs (io-wq, or the task work that starts a chain member): after the exit that fails (-EBADF, and a
 * CQE_SKIP_SUCCESS one then posts its CQE), and the members chained after it are cancelled.
 */
function messagesMayMiss(m: Model, target: number): void {
  for (const r of m.rings) {
    if (!r.live) continue;
    for (const q of [...r.inflight]) {
      if (q.template.message?.ring === target) mayFailAtIssue(m, r, q);
    }
  }
}

/**
 * A request that may not have been issued yet (late, or a chain member) may fail when it is, after what it looks up
 * at issue is gone: its chain becomes uncertain, or (alone) it may fail.
 */
function mayFailAtIssue(m: Model, r: RingModel, q: ReqModel): void {
  if (!q.completable || !(q.late || q.pred !== null)) return;
  if (successors(r, q).length > 0) uncertain(m, r, q);
  else q.outcomes = [...q.outcomes, failure];
}

/**
 * Ring `r` unregisters its buffers (or files). A read_fixed (or a read through the file table) that may not have been
 * issued yet (io-wq, or a chain member started later by task work) looks the table up when it runs: after the
 * unregister that fails (-EFAULT for a buffer, -EBADF for a file), and the members chained after it are cancelled
 * (found by the --seed 5000000 run: seed 5095028, a read_fixed linked after a NOP on a DEFER_TASKRUN ring).
 */
export function tableMayMiss(m: Model, r: RingModel, table: 'fixed' | 'fixedFile'): void {
  for (const q of [...r.inflight]) if (q.template[table] !== undefined) mayFailAtIssue(m, r, q);
}

/** After io_uring_queue_exit: the kernel cancels everything; the model forgets the ring's requests. */
export function exitRing(m: Model, r: RingModel): void {
  // A request given a chunk may not have run before the exit cancelled it: its channel's content is uncertain.
  for (const q of r.inflight) if (q.tookChunk) m.channels[q.template.channel!.id]!.chaos = true;
  // One issued in io-wq may not have run yet: the exit cancels it, and its write or message may never happen. Nor may a
  // chain member of a DEFER_TASKRUN ring: the task work that issues it runs only when the ring is entered to wait for
  // completions (found by the --seed 7000000 run: seed 7142542, a msg_ring linked after a write, then the exit).
  for (const q of r.inflight) if (q.late || (r.mode === 'defer' && q.pred !== null)) mayBeCancelled(m, q, true);
  r.live = false;
  messagesMayMiss(m, m.rings.indexOf(r));
  r.open = [];
  r.inflight = [];
  r.unassigned = [];
  r.registered = null;
  r.files = null;
  r.bufRing = null;
  r.peeked = 0;
}
