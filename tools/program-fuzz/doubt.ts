/**
 * A cancel may have ended a request: it may complete with -ECANCELED at any
 * time. One the kernel issues in io-wq (ReqModel.late) may not have run yet
 * when the cancel finds it there, so what it does when it runs (a write to a
 * channel, a message to another ring) may never happen.
 */
import type { Model, ReqModel } from './model.js';

export function mayBeCancelled(m: Model, q: ReqModel): void {
  q.maybeCancelled = true;
  if (!q.late) return;
  if (q.posted) q.posted.silent = true;
  if (q.template.feeds !== undefined) m.channels[q.template.feeds]!.chaos = true;
}
