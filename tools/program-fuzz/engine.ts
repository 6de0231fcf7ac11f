/**
 * How the model's requests move: submit turns prepared SQEs into requests
 * (linked chains included), and advance() works out which of them can complete
 * and with what. Matching real completions against them is matching.ts.
 */
import { IOSQE_ASYNC, IOSQE_BUFFER_SELECT, IOSQE_CQE_SKIP_SUCCESS, IOSQE_IO_HARDLINK, IOSQE_IO_LINK } from '../../generated/constants.js';
import {
  CHUNK, EALREADY, ECANCELED, ENOBUFS, ENOENT, exactly, failure, isSuccess, type Model, type Outcome, type ReqModel, type Template,
} from './model.js';
import { mayBeCancelled } from './doubt.js';

/** The buffer group every buffer ring of the fuzzer uses. */
export const BGID = 7;

function newReq(m: Model, ring: number, t: Template, u: bigint, flags: number, bufGroup: number, pred: ReqModel | null): ReqModel {
  return {
    id: m.nextReq++, ring, what: t.what, u, template: t, flags, bufGroup, pred,
    completable: false, maybeCancelled: false, outcomes: [], tookChunk: false, selected: null,
    gates: new Set(t.channel ? [t.channel.id] : []), silent: false, never: false, mayWait: false, skipLinkCqes: false, maybeSkipLinkCqes: false, chainCancelled: false,
    late: false, posted: null,
  };
}

/** io_uring_submit: every obtained SQE goes to the kernel, in order; IOSQE_IO_LINK chains one to the next. */
export function submitAll(m: Model, ringIndex: number): void {
  const r = m.rings[ringIndex]!;
  let pred: ReqModel | null = null;
  const linked = (flags: number) => (flags & (IOSQE_IO_LINK | IOSQE_IO_HARDLINK)) !== 0;
  // A chain still open after the last SQE goes to io-wq (io_submit_state_end() -> io_queue_sqe_fallback()).
  let openChain = r.open.length > 0 && linked(r.open.at(-1)!.flags) ? r.open.length - 1 : -1;
  while (openChain > 0 && linked(r.open[openChain - 1]!.flags)) openChain--;
  for (const [k, s] of r.open.entries()) {
    const t = s.template!;
    const q = newReq(m, ringIndex, t, r.slotData[s.slot]!, s.flags, s.bufGroup, pred);
    q.late = (s.flags & IOSQE_ASYNC) !== 0 || k === openChain || !!pred?.late;
    // A cancel that has not run for sure yet (its completion not consumed) may still find this one.
    if (r.inflight.some((c) => c.template.cancel?.u === q.u && lateCancel(c))) q.maybeCancelled = true;
    r.inflight.push(q);
    pred = linked(s.flags) ? q : null;
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

/** A cancel that runs after its submission (IOSQE_ASYNC: in io-wq; a chain member): it may find requests submitted after it. */
function lateCancel(q: ReqModel): boolean {
  return q.template.cancel !== undefined && (q.late || q.pred !== null);
}

/** A started request that does not wait: what it does when it runs. */
function run(m: Model, q: ReqModel): void {
  const t = q.template;
  if (t.feeds !== undefined) {
    // The write end's descriptor was closed after the prep: the kernel finds no file.
    if (m.channels[t.feeds]!.writeClosed) return complete(q, [failure]);
    m.channels[t.feeds]!.avail += CHUNK;
    if (q.maybeCancelled) m.channels[t.feeds]!.chaos = true; // a late cancel may stop it first
  }
  if (t.message) {
    const target = m.rings[t.message.ring]!;
    if (!target.live) return complete(q, [failure]);
    const note: Template = { what: `message from ring ${q.ring}`, bufs: [], now: [exactly(t.message.len)] };
    const msg = newReq(m, t.message.ring, note, t.message.u, 0, 0, null);
    complete(msg, note.now!);
    target.inflight.push(msg);
    q.posted = msg;
    msg.silent = q.maybeCancelled; // a late cancel may stop it first
    return complete(q, [exactly(0)]);
  }
  if (t.cancel) {
    const ring = m.rings[q.ring]!;
    const late = lateCancel(q);
    for (const other of ring.inflight) {
      // Only requests submitted before the cancel can be found by it, unless it runs later (io-wq, a chain).
      if (other === q || (!late && other.id >= q.id) || other.u !== t.cancel.u) continue;
      if (late) {
        mayBeCancelled(m, other);
        continue;
      }
      const started = other.pred === null || other.pred.completable;
      if (t.cancel.all && started && !other.completable && !other.maybeCancelled) {
        other.completable = true;
        other.outcomes = [exactly(ECANCELED)];
        if (other.template.multishot) other.maybeCancelled = true;
      } else {
        mayBeCancelled(m, other);
      }
    }
    return complete(q, [{ min: 0, max: 1 << 16 }, exactly(ENOENT), exactly(EALREADY)]);
  }
  if (t.fixedFile !== undefined || t.fixed !== undefined) {
    const r = m.rings[q.ring]!;
    const fileOk = t.fixedFile === undefined || r.files?.[t.fixedFile] === 'file';
    const bufOk = t.fixed === undefined || (r.registered !== null && r.registered[t.fixed] === t.bufs[0]);
    // Issued in io-wq, it looks the tables up when it runs: after whatever (un)registering the program did meanwhile.
    if (q.late) return complete(q, [...t.now!, failure]);
    return complete(q, fileOk && bufOk ? t.now! : [failure]);
  }
  complete(q, t.now ?? [exactly(0)]);
}

/** A started request that waits on a channel: completable once the channel has a chunk, or is closed. */
function tryChannel(m: Model, q: ReqModel): boolean {
  const t = q.template;
  const ch = m.channels[t.channel!.id]!;
  if (ch.chaos) {
    // How much data is there is unknown: the request may get some, fail, or wait (unless the write end is closed).
    if (!ch.writeClosed) q.mayWait = true;
    complete(q, [{ min: -4095, max: CHUNK }, { min: 0, max: CHUNK, buffer: true }]);
    return true;
  }
  if (!t.channel!.takes) {
    if (ch.avail === 0 && !ch.writeClosed) return false;
    complete(q, [{ min: 1, max: 0xffff }]);
    return true;
  }
  const select = t.selectable && (q.flags & IOSQE_BUFFER_SELECT) !== 0;
  if (select) {
    // Without a buffer to take, the recv fails at once (it needs one to even try).
    const br = m.rings[q.ring]!.bufRing;
    if (!br || q.bufGroup !== BGID || br.avail.length === 0) {
      complete(q, [exactly(ENOBUFS)]);
      return true;
    }
  }
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
          // io_uring_enter(2): when a CQE_SKIP_SUCCESS request fails (no HARDLINK), the CQEs of the rest of its chain are
          // omitted. Only when it fails on its own: the request whose failure breaks the chain fails every member after
          // it at once, and its flag alone says whether their CQEs are posted (io_fail_links() in io_uring/timeout.c), so
          // a CQE_SKIP_SUCCESS member cancelled by an earlier failure does not silence the members after it.
          const p = q.pred;
          const ownSkip = (p.flags & IOSQE_CQE_SKIP_SUCCESS) !== 0 && (p.flags & IOSQE_IO_HARDLINK) === 0;
          // Whether p failed on its own is certain only when no earlier member (nor a cancel) may have failed it.
          const quiet = p.skipLinkCqes || (ownSkip && !p.chainCancelled && !p.maybeCancelled);
          const maybeQuiet = quiet || p.maybeSkipLinkCqes || (ownSkip && !p.chainCancelled);
          if (v === 'failure') {
            complete(q, [exactly(ECANCELED)]);
            q.chainCancelled = true;
            if (quiet) q.silent = q.never = q.skipLinkCqes = true;
            else if (maybeQuiet) q.silent = q.maybeSkipLinkCqes = true;
            changed = true;
            continue;
          }
          if (v === 'either') {
            // Whether the chain broke before it or here, its CQE may be omitted: in the world where it broke (and only
            // there) the rest of the chain is quiet too. Where it went on, this request may fail on its own and post.
            if (maybeQuiet) q.silent = q.maybeSkipLinkCqes = true;
            // The chain may or may not go on: whatever this request would do is uncertain. Where it went on, a read
            // from an empty channel waits (found by seed 7087109: a linked cancel-all that found nothing gives 0).
            if (q.template.channel) {
              m.channels[q.template.channel.id]!.chaos = true;
              q.mayWait = true;
            }
            if (q.template.feeds !== undefined) m.channels[q.template.feeds]!.chaos = true;
            const msg = q.template.message;
            if (msg && m.rings[msg.ring]!.live) {
              const note: Template = { what: `message from ring ${q.ring} (if its chain went on)`, bufs: [], now: [exactly(msg.len)] };
              const maybe = newReq(m, msg.ring, note, msg.u, 0, 0, null);
              complete(maybe, note.now!);
              maybe.silent = true;
              m.rings[msg.ring]!.inflight.push(maybe);
            }
            if (q.template.cancel) for (const o of r.inflight) if (o.id < q.id && o.u === q.template.cancel.u) mayBeCancelled(m, o);
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
