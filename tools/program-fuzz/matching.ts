/**
 * Matching real completions against the model's requests: consume() takes one
 * consumed CQE, and resolve() pairs the completions not yet told apart with
 * requests wherever only one way remains (or wherever every way gives a
 * user_data's completions the same requests).
 */
import { IORING_CQE_F_BUFFER, IORING_CQE_F_MORE, IOSQE_CQE_SKIP_SUCCESS } from '../../generated/constants.js';
import { CHUNK, ECANCELED, EINTR, describeOutcome, exactly, isSuccess, type Model, type Outcome, type ReqModel } from './model.js';
import { advance } from './engine.js';

/** The outcomes a completion of `q` may have now. */
function allowed(q: ReqModel): Outcome[] {
  const list: Outcome[] = [];
  if (q.never) return list;
  if (q.template.multishot) {
    list.push({ min: 1, max: 0xffff, more: true }, { min: 1, max: 0xffff });
    if (q.maybeCancelled || q.completable) list.push(exactly(ECANCELED));
    return list;
  }
  if (q.completable) list.push(...q.outcomes);
  if (q.maybeCancelled) list.push(exactly(ECANCELED));
  // A cancel that finds a read or write already running in an io-wq worker signals the worker: the blocked
  // syscall returns -EINTR instead of the request completing with -ECANCELED (found by seed 6174218).
  if ((q.template.channel || q.template.feeds !== undefined) && list.some((o) => o.min === ECANCELED && o.max === ECANCELED)) list.push(exactly(EINTR));
  if (q.flags & IOSQE_CQE_SKIP_SUCCESS) return list.filter((o) => !isSuccess(q, o));
  return list;
}

function fits(o: Outcome, res: number, flags: number): boolean {
  if (res < o.min || res > o.max) return false;
  if (((flags & IORING_CQE_F_MORE) !== 0) !== !!o.more) return false;
  if (((flags & IORING_CQE_F_BUFFER) !== 0) !== !!o.buffer) return false;
  if (o.bid !== undefined && flags >>> 16 !== o.bid) return false;
  return true;
}

export interface Cqe {
  u: bigint;
  res: number;
  flags: number;
}

function fitsRequest(q: ReqModel, c: Cqe): boolean {
  return q.u === c.u && allowed(q).some((o) => fits(o, c.res, c.flags));
}

/** Every way (up to `limit`) to give each completion its own request; each way lists the requests, in order. */
function matchings(cqes: Cqe[], requests: ReqModel[], limit = 256): ReqModel[][] {
  const out: ReqModel[][] = [];
  const used = new Set<ReqModel>();
  const pick: ReqModel[] = [];
  const go = (i: number): void => {
    if (out.length >= limit) return;
    if (i === cqes.length) {
      out.push(pick.slice());
      return;
    }
    for (const q of requests) {
      if (used.has(q) || !fitsRequest(q, cqes[i]!)) continue;
      used.add(q);
      pick.push(q);
      go(i + 1);
      pick.pop();
      used.delete(q);
    }
  };
  go(0);
  return out;
}

/** A completion is known to be `q`'s: it is done (unless more of a multishot request follow). */
function assign(m: Model, ringIndex: number, q: ReqModel, c: Cqe, sure: boolean): void {
  const r = m.rings[ringIndex]!;
  r.inflight.splice(r.inflight.indexOf(q), 1);
  if (!q.completable) {
    // Its completion came though the model did not know it could (a cancel that may have found it, or a multishot
    // request's last CQE: a cancel, or a full CQ ends it): the requests chained after it start now, or fail with it.
    q.completable = true;
    q.outcomes = sure ? [exactly(c.res)] : q.template.multishot ? [{ min: 1, max: 0xffff }, exactly(ECANCELED)] : [exactly(ECANCELED)];
    if (sure) q.maybeCancelled = false; // what happened is known now
  }
  if (c.res === ECANCELED && q.tookChunk) {
    const ch = m.channels[q.template.channel!.id]!;
    if (!sure) {
      ch.chaos = true;
      return;
    }
    // Cancelled before it ran: its chunk is still in the channel (its gate kept other waiters off it).
    ch.avail += CHUNK;
    if (q.selected) r.bufRing?.avail.unshift(q.selected);
  }
}

/**
 * Give the consumed completions not yet told apart their requests, where only one way remains. Several requests
 * may share a user_data and fit a completion; then the completion waits (and all of them stay in flight: the
 * package cannot tell them apart either, so it must keep holding all their memory) until later completions decide.
 */
function resolve(m: Model, ringIndex: number): string | null {
  const r = m.rings[ringIndex]!;
  for (;;) {
    const cqes = r.unassigned;
    if (cqes.length === 0) return null;
    const ways = matchings(cqes, r.inflight);
    if (ways.length === 0) {
      const c = cqes.pop()!;
      const same = r.inflight.filter((q) => q.u === c.u);
      // So that the rest of the program stays checkable (when this kind is not selected), forget one of them.
      if (same[0]) r.inflight.splice(r.inflight.indexOf(same[0]), 1);
      const show = (q: ReqModel) =>
        `${q.what}: ${q.completable || q.maybeCancelled || q.template.multishot ? allowed(q).map(describeOutcome).join(' or ') || 'no completion (CQE_SKIP_SUCCESS)' : 'cannot have completed yet'}`;
      const earlier = cqes.filter((e) => e.u === c.u).map((e) => e.res);
      return (
        `completion {user_data ${c.u}, res ${c.res}, flags 0x${c.flags.toString(16)}} matches no request: ` +
        (same.length ? `requests with user_data ${c.u}: ${same.map(show).join('; ')}` : `no request with user_data ${c.u} is in flight`) +
        (earlier.length ? ` (completions with res ${earlier.join(', ')} were consumed for them already)` : '')
      );
    }
    const i = cqes.findIndex((_, k) => ways.every((w) => w[k] === ways[0]![k]));
    if (i >= 0) {
      const [c] = cqes.splice(i, 1);
      assign(m, ringIndex, ways[0]![i]!, c!, true);
      advance(m);
      continue;
    }
    // No single pairing is forced; where every way gives a user_data's completions the same requests, all of them are
    // done all the same (as the package counts them: by user_data), whatever stays open for another user_data.
    const done = [...new Set(cqes.map((c) => c.u))].map((u) => cqes.flatMap((c, k) => (c.u === u ? [k] : []))).filter((ks) => {
      // As many completions as requests with the user_data, none of which posts more than one: each posted its one, so
      // all are done, however many ways there are to pair them (found by seed 8245489: eight NOPs, reads, writes and a
      // msg_ring to its own ring, all with user_data 0, have more than 256 pairings, which were not all enumerated).
      const same = r.inflight.filter((q) => q.u === cqes[ks[0]!]!.u);
      if (ks.length === same.length && !same.some((q) => q.template.multishot)) return true;
      const set = new Set(ks.map((k) => ways[0]![k]));
      return ways.length < 256 && ways.every((w) => ks.every((k) => set.has(w[k]!)));
    }).flat();
    if (done.length === 0) return null;
    for (const k of done) assign(m, ringIndex, ways[0]![k]!, cqes[k]!, false);
    r.unassigned = cqes.filter((_, k) => !done.includes(k));
    advance(m);
  }
}

/** A real completion was consumed from the ring: match it to a request. Returns the problem, or null. */
export function consume(m: Model, ringIndex: number, cqe: Cqe): string | null {
  const r = m.rings[ringIndex]!;
  r.cqHead++;
  // One of several completions of a multishot request: it stays in flight.
  if (cqe.flags & IORING_CQE_F_MORE && r.inflight.some((q) => q.template.multishot && fitsRequest(q, cqe))) return null;
  r.unassigned.push(cqe);
  return resolve(m, ringIndex);
}
