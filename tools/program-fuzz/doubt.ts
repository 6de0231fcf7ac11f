/**
 * A cancel may have ended a request: it may complete with -ECANCELED at any
 * time. One the kernel issues in io-wq (ReqModel.late) may not have run yet
 * when the cancel finds it there, so what it does when it runs (a write to a
 * channel, a message to another ring) may never happen.
 */
import { failure, type Model, type ReqModel } from './model.js';
import { successors, uncertain } from './unfeed.js';

export function mayBeCancelled(m: Model, q: ReqModel): void {
  q.maybeCancelled = true;
  if (!q.late) return;
  if (q.posted) q.posted.silent = true;
  if (q.template.feeds !== undefined) m.channels[q.template.feeds]!.chaos = true;
}

/**
 * Ring `target` exits. A msg_ring to it that may not have been issued yet looks the target's descriptor up when it
 * runs (io-wq, or the task work that starts a chain member): after the exit that fails (-EBADF, and a
 * CQE_SKIP_SUCCESS one then posts its CQE), and the members chained after it are cancelled.
 */
export function messagesMayMiss(m: Model, target: number): void {
  for (const r of m.rings) {
    if (!r.live) continue;
    for (const q of [...r.inflight]) {
      if (!q.completable || q.template.message?.ring !== target || !(q.late || q.pred !== null)) continue;
      if (successors(r, q).length > 0) uncertain(m, r, q);
      else q.outcomes = [...q.outcomes, failure];
    }
  }
}
