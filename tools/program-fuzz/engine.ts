/**
 * How the model's requests move: submit turns prepared SQEs into requests
 * (linked chains included), advance() works out which of them can complete and
 * with what, and consume() matches a real completion against them.
 */
import { IORING_CQE_F_BUFFER, IORING_CQE_F_MORE, IOSQE_BUFFER_SELECT, IOSQE_CQE_SKIP_SUCCESS, IOSQE_IO_HARDLINK, IOSQE_IO_LINK } from '../../generated/constants.js';
import {
  CHUNK, ECANCELED, ENOBUFS, describeOutcome, exactly, failure, isSuccess,
  type Model, type Outcome, type ReqModel, type RingModel, type Template,
} from './model.js';

const ENOENT = -2;
const EALREADY = -114;
/** The buffer group every buffer ring of the fuzzer uses. */
export const BGID = 7;

function newReq(m: Model, ring: number, t: Template, u: bigint, flags: number, bufGroup: number, pred: ReqModel | null): ReqModel {
  return {
    id: m.nextReq++, ring, what: t.what, u, template: t, flags, bufGroup, pred,
    completable: false, maybeCancelled: false, outcomes: [], tookChunk: false, selected: null,
    gates: new Set(t.channel ? [t.channel.id] : []), busy: new Set(), mustHold: new Set(), silent: false, never: false, skipLinkCqes: false,
  };
}

/** io_uring_submit: every obtained SQE goes to the kernel, in order; IOSQE_IO_LINK chains one to the next. */
export function submitAll(m: Model, ringIndex: number): void {
  const r = m.rings[ringIndex]!;
  let pred: ReqModel | null = null;
  for (const s of r.open) {
    const t = s.template!;
    const q = newReq(m, ringIndex, t, r.slotData[s.slot]!, s.flags, s.bufGroup, pred);
    r.inflight.push(q);
    pred = s.flags & (IOSQE_IO_LINK | IOSQE_IO_HARDLINK) ? q : null;
  }
  r.open = [];
  r.published = r.obtained;
  r.kernelHead = r.obtained;
  advance(m);
}

/** Whether every outcome of a completable request is a success, a failure, or either. */
function verdict(q: ReqModel): 'success' | 'failure' | 'either' {
  const ok = q.outcomes.map((o) => isSuccess(q, o));
  if (ok.every(Boolean) && !q.maybeCancelled) return 'success';
  if (!ok.some(Boolean)) return 'failure';
  return 'either';
}

function complete(q: ReqModel, outcomes: Outcome[]): void {
  q.completable = true;
  q.outcomes = outcomes;
  if (q.flags & IOSQE_CQE_SKIP_SUCCESS) {
    // No CQE on success: the request may end silently; only its failures are seen.
    q.silent = outcomes.some((o) => isSuccess(q, o)) || q.maybeCancelled;
  }
}

/** A started request that does not wait: what it does when it runs. */
function run(m: Model, q: ReqModel): void {
  const t = q.template;
  if (t.feeds !== undefined) {
    // The write end's descriptor was closed after the prep: the kernel finds no file.
    if (m.channels[t.feeds]!.writeClosed) return complete(q, [failure]);
    m.channels[t.feeds]!.avail += CHUNK;
  }
  if (t.message) {
    const target = m.rings[t.message.ring]!;
    if (!target.live) return complete(q, [failure]);
    const note: Template = { what: `message from ring ${q.ring}`, bufs: [], now: [exactly(t.message.len)] };
    const msg = newReq(m, t.message.ring, note, t.message.u, 0, 0, null);
    complete(msg, note.now!);
    target.inflight.push(msg);
    return complete(q, [exactly(0)]);
  }
  if (t.cancel) {
    const ring = m.rings[q.ring]!;
    for (const other of ring.inflight) {
      // Only requests submitted before the cancel can be found by it.
      if (other.id >= q.id || other.u !== t.cancel.u) continue;
      const started = other.pred === null || other.pred.completable;
      if (t.cancel.all && started && !other.completable && !other.maybeCancelled) {
        other.completable = true;
        other.outcomes = [exactly(ECANCELED)];
        if (other.template.multishot) other.maybeCancelled = true;
      } else {
        other.maybeCancelled = true;
      }
    }
    return complete(q, [{ min: 0, max: 1 << 16 }, exactly(ENOENT), exactly(EALREADY)]);
  }
  if (t.fixedFile !== undefined) {
    const files = m.rings[q.ring]!.files;
    return complete(q, files?.[t.fixedFile] === 'file' ? t.now! : [failure]);
  }
  if (t.fixed !== undefined) {
    const reg = m.rings[q.ring]!.registered;
    const ok = reg !== null && reg[t.fixed] === t.bufs[0];
    return complete(q, ok ? t.now! : [failure]);
  }
  complete(q, t.now ?? [exactly(0)]);
}

/** A started request that waits on a channel: completable once the channel has a chunk, or is closed. */
function tryChannel(m: Model, q: ReqModel): boolean {
  const t = q.template;
  const ch = m.channels[t.channel!.id]!;
  if (ch.chaos) {
    complete(q, [{ min: -4095, max: CHUNK }, { min: 0, max: CHUNK, buffer: true }]);
    return true;
  }
  if (!t.channel!.takes) {
    if (ch.avail === 0 && !ch.writeClosed) return false;
    complete(q, [{ min: 1, max: 0xffff }]);
    return true;
  }
  const select = t.selectable && (q.flags & IOSQE_BUFFER_SELECT) !== 0;
  if (ch.avail < CHUNK && !ch.writeClosed) return false;
  if (t.selectable && !select && ch.avail >= CHUNK) {
    // A recv into NULL: it fails when data comes, and whether the data stays is not the model's to say.
    ch.chaos = true;
    complete(q, [failure]);
    return true;
  }
  if (select) {
    const br = m.rings[q.ring]!.bufRing;
    if (!br || q.bufGroup !== BGID || br.avail.length === 0) {
      complete(q, [exactly(ENOBUFS)]);
      return true;
    }
    if (ch.avail < CHUNK) {
      complete(q, [exactly(0)]); // end of file: no buffer is consumed
      return true;
    }
    q.selected = br.avail.shift()!;
    ch.avail -= CHUNK;
    q.tookChunk = true;
    complete(q, [{ min: CHUNK, max: CHUNK, buffer: true, bid: q.selected.bid }]);
    return true;
  }
  if (ch.avail >= CHUNK) {
    ch.avail -= CHUNK;
    q.tookChunk = true;
    complete(q, [exactly(CHUNK)]);
  } else {
    complete(q, [exactly(0)]);
  }
  return true;
}

/** Reads of the program's Ring waiting on a channel: settled once it has a chunk or is closed (aborted ones are reconciled when they settle). */
function advancePromise(m: Model): void {
  if (!m.promise?.live) return;
  for (const o of m.promise.ops) {
    if (o.completable || o.aborted || o.refused || o.kind !== 'read') continue;
    const ch = m.channels[o.chan]!;
    if (ch.avail >= CHUNK) {
      ch.avail -= CHUNK;
      o.tookChunk = true;
      o.completable = true;
      o.res = CHUNK;
    } else if (ch.writeClosed) {
      o.completable = true;
      o.res = 0;
    }
  }
}

/** Work out, until nothing changes, which requests can complete and with what. */
export function advance(m: Model): void {
  for (let changed = true; changed; ) {
    changed = false;
    advancePromise(m);
    for (const r of m.rings) {
      if (!r.live) continue;
      for (const q of [...r.inflight]) {
        if (q.completable || (q.template.multishot && !q.pred)) continue;
        if (q.pred && !q.pred.completable) continue;
        if (q.pred) {
          const v = verdict(q.pred);
          // io_uring_enter(2): when a CQE_SKIP_SUCCESS request fails (no HARDLINK), the CQEs of the rest of its chain are omitted.
          const p = q.pred;
          const quiet = p.skipLinkCqes || ((p.flags & IOSQE_CQE_SKIP_SUCCESS) !== 0 && (p.flags & IOSQE_IO_HARDLINK) === 0);
          if (v === 'failure') {
            complete(q, [exactly(ECANCELED)]);
            if (quiet) q.silent = q.never = q.skipLinkCqes = true;
            changed = true;
            continue;
          }
          if (v === 'either') {
            if (quiet) q.silent = q.skipLinkCqes = true;
            // The chain may or may not go on: whatever this request would do is uncertain.
            if (q.template.channel) m.channels[q.template.channel.id]!.chaos = true;
            if (q.template.feeds !== undefined) m.channels[q.template.feeds]!.chaos = true;
            const msg = q.template.message;
            if (msg && m.rings[msg.ring]!.live) {
              const note: Template = { what: `message from ring ${q.ring} (if its chain went on)`, bufs: [], now: [exactly(msg.len)] };
              const maybe = newReq(m, msg.ring, note, msg.u, 0, 0, null);
              complete(maybe, note.now!);
              maybe.silent = true;
              m.rings[msg.ring]!.inflight.push(maybe);
            }
            if (q.template.cancel) for (const o of r.inflight) if (o.id < q.id && o.u === q.template.cancel.u) o.maybeCancelled = true;
            q.maybeCancelled = true;
            complete(q, [exactly(ECANCELED), ...(q.template.now ?? [{ min: -4095, max: 0xffff }])]);
            changed = true;
            continue;
          }
        }
        if (q.template.multishot) {
          q.pred = null; // started: armed until cancelled
        } else if (q.template.channel) {
          if (tryChannel(m, q)) changed = true;
        } else {
          run(m, q);
          changed = true;
        }
      }
    }
  }
}

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

/** A real completion was consumed from the ring: match it to a request. Returns the problem, or null. */
export function consume(m: Model, ringIndex: number, cqe: Cqe): string | null {
  const r = m.rings[ringIndex]!;
  r.cqHead++;
  const same = r.inflight.filter((q) => q.u === cqe.u);
  // Several requests may fit: take the one whose fitting outcome is the narrowest (an exact res before a range
  // of errors), then the oldest, so a later, more specific completion still finds its request.
  // A multishot request ending on its own (no F_MORE, not cancelled) is the least likely reading.
  // So is a completion of a request whose completion may never come (CQE_SKIP_SUCCESS), when another must come.
  const unlikely = (q: ReqModel) => (q.template.multishot && !(cqe.flags & IORING_CQE_F_MORE) && cqe.res !== ECANCELED ? 1e6 : 0) + (q.silent ? 1e5 : 0);
  const width = (q: ReqModel) => unlikely(q) + Math.min(...allowed(q).filter((o) => fits(o, cqe.res, cqe.flags)).map((o) => o.max - o.min));
  const candidates = same.filter((q) => allowed(q).some((o) => fits(o, cqe.res, cqe.flags)));
  candidates.sort((a, b) => width(a) - width(b));
  if (candidates.length === 0) {
    // The model and the ring disagree. So that the rest of the program stays checkable (when this kind of
    // violation is not selected), forget the oldest request with this user_data, as if it had completed.
    const stale = same[0];
    if (stale) r.inflight.splice(r.inflight.indexOf(stale), 1);
    const show = (q: ReqModel) =>
      `${q.what}: ${q.completable || q.maybeCancelled || q.template.multishot ? allowed(q).map(describeOutcome).join(' or ') || 'no completion (CQE_SKIP_SUCCESS)' : 'cannot have completed yet'}`;
    return (
      `completion {user_data ${cqe.u}, res ${cqe.res}, flags 0x${cqe.flags.toString(16)}} matches no request: ` +
      (same.length ? `requests with user_data ${cqe.u}: ${same.map(show).join('; ')}` : `no request with user_data ${cqe.u} is in flight`)
    );
  }
  const q = candidates[0]!;
  if (q.template.multishot && cqe.flags & IORING_CQE_F_MORE) return null;
  r.inflight.splice(r.inflight.indexOf(q), 1);
  const cancelled = cqe.res === ECANCELED;
  if (candidates.length > 1) {
    // Which of them completed cannot be told apart: the others keep its gates and buffers until they complete too.
    for (const other of candidates.slice(1)) {
      for (const g of q.gates) other.gates.add(g);
      for (const b of [...q.busy, ...q.template.bufs, ...(q.selected ? [q.selected.buf] : [])]) other.busy.add(b);
      for (const b of [...q.mustHold, ...(q.template.unheld || q.silent ? [] : q.template.bufs)]) other.mustHold.add(b);
    }
    if (cancelled && q.tookChunk) m.channels[q.template.channel!.id]!.chaos = true;
  } else if (cancelled && q.tookChunk) {
    // It was cancelled before it ran: its chunk is still in the channel (its gate kept other waiters off it).
    m.channels[q.template.channel!.id]!.avail += CHUNK;
    if (q.selected) m.rings[ringIndex]!.bufRing?.avail.unshift(q.selected);
  }
  advance(m);
  return null;
}

/** After io_uring_queue_exit: the kernel cancels everything; the model forgets the ring's requests. */
export function exitRing(m: Model, r: RingModel): void {
  // A request given a chunk may not have run before the exit cancelled it: its channel's content is uncertain.
  for (const q of r.inflight) if (q.tookChunk) m.channels[q.template.channel!.id]!.chaos = true;
  r.live = false;
  r.open = [];
  r.inflight = [];
  r.registered = null;
  r.files = null;
  r.bufRing = null;
  r.peeked = 0;
}
