/**
 * Taking back a chunk the model put in a channel that was never written.
 *
 * The model counts a Ring write's chunk as soon as the write is started, so
 * that a read waiting on the channel becomes certain to complete. But a write
 * aborted in the event-loop turn that started it is never submitted: the Ring
 * turns its SQE into a NOP and the Promise rejects with AbortError (README
 * "Cancelling operations"). Its chunk never reaches the channel, and the
 * waiter the model gave it to (one at a time per channel: its gate) has not
 * really completed: it waits again.
 */
import { CHUNK, type Model, type ReqModel, type RingModel } from './model.js';

/** Take back one chunk of channel `c`: from the channel, or from the waiter it was given to. */
export function unfeed(m: Model, c: number): void {
  const ch = m.channels[c]!;
  if (ch.chaos) {
    // The model stopped counting the channel (a recv into NULL that the chunk made fail, say): its waiters may now
    // never complete.
    for (const r of m.rings) {
      if (!r.live) continue;
      for (const q of r.inflight) if (q.template.channel?.id === c && q.completable && !q.template.multishot) uncertain(m, r, q);
    }
    return;
  }
  if (ch.avail >= CHUNK) ch.avail -= CHUNK;
  else if (!takeBack(m, c)) return;
  // A poll fired by that chunk alone has not fired.
  if (ch.avail > 0 || ch.writeClosed) return;
  for (const r of m.rings) {
    if (!r.live) continue;
    for (const q of r.inflight) {
      const t = q.template;
      if (t.channel?.id !== c || t.channel.takes || t.multishot || !q.completable || q.maybeCancelled) continue;
      if (successors(r, q).length > 0) uncertain(m, r, q);
      else rewind(q);
    }
  }
}

/** The waiter that took a chunk of channel `c` gives it back. Returns whether one was found. */
function takeBack(m: Model, c: number): boolean {
  const op = m.promise?.ops.find((o) => o.kind === 'read' && o.chan === c && o.tookChunk);
  if (op) {
    op.tookChunk = false;
    if (!op.aborted) {
      op.completable = false;
      op.res = 0;
    }
    return true;
  }
  for (const r of m.rings) {
    if (!r.live) continue;
    const q = r.inflight.find((x) => x.tookChunk && x.template.channel?.id === c);
    if (!q) continue;
    if (q.maybeCancelled || successors(r, q).length > 0) {
      // What ran after it in its chain, on the strength of its completion, cannot be taken back one by one.
      uncertain(m, r, q);
      return true;
    }
    q.tookChunk = false;
    if (q.selected) {
      r.bufRing?.avail.unshift(q.selected);
      q.selected = null;
    }
    rewind(q);
    return true;
  }
  // Nobody holds it: the model's count of the channel cannot be trusted any more.
  m.channels[c]!.chaos = true;
  return false;
}

/** Back to waiting: not completable, no outcome yet. */
function rewind(q: ReqModel): void {
  q.completable = false;
  q.outcomes = [];
  q.silent = false;
}

/** The requests chained after `q` (IOSQE_IO_LINK), in order. */
export function successors(r: RingModel, q: ReqModel): ReqModel[] {
  const out: ReqModel[] = [];
  for (let p = q, next = r.inflight.find((x) => x.pred === p); next; p = next, next = r.inflight.find((x) => x.pred === p)) out.push(next);
  return out;
}

/**
 * `q` and its chain: each may complete any way or never, and every channel
 * they use and message they send becomes uncertain.
 */
export function uncertain(m: Model, r: RingModel, q: ReqModel): void {
  for (const x of [q, ...successors(r, q)]) {
    const t = x.template;
    x.maybeCancelled = true;
    x.silent = true;
    x.never = false;
    x.completable = true;
    x.outcomes = [{ min: -4095, max: 0xffff }, { min: 0, max: CHUNK, buffer: true }];
    if (t.channel) m.channels[t.channel.id]!.chaos = true;
    if (t.feeds !== undefined) m.channels[t.feeds]!.chaos = true;
    const msg = t.message;
    const target = msg ? m.rings[msg.ring] : undefined;
    for (const note of target?.inflight ?? []) if (note.u === msg!.u && note.what.startsWith(`message from ring ${x.ring}`)) note.silent = true;
  }
}
