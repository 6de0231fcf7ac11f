/**
 * Steps that submit and reap through the checked C-name API: submit,
 * submit_and_wait_timeout, wait_cqe_timeout, peek_cqe, peek_batch_cqe,
 * cqe_seen (with any CQE view the program holds, stale ones included: C
 * consumes the head whatever the pointer), cq_advance.
 */
import { IOSQE_BUFFER_SELECT, IOSQE_FIXED_FILE } from '../../generated/constants.js';
import { io_uring_cq_advance } from '../../generated/functions/io_uring_cq_advance.js';
import { io_uring_cqe_seen } from '../../generated/functions/io_uring_cqe_seen.js';
import { io_uring_peek_batch_cqe } from '../../generated/functions/io_uring_peek_batch_cqe.js';
import { io_uring_peek_cqe } from '../../generated/functions/io_uring_peek_cqe.js';
import { io_uring_submit } from '../../generated/functions/io_uring_submit.js';
import { io_uring_submit_and_wait_timeout } from '../../generated/functions/io_uring_submit_and_wait_timeout.js';
import { BGID, submitAll } from './engine.js';
import { consume } from './matching.js';
import { certainCompletions, type Model } from './model.js';
import { certainWaitMs, refusedUnlessRaced, runDeferredWork, seenHead, timespec, waitCqe } from './cq.js';
import { Step, expectOk, expectRefused } from './step.js';
import type { World } from './world.js';

abstract class RingStep extends Step {
  protected get ring(): number {
    return this.p.ring as number;
  }
  applies(m: Model): boolean {
    return !!m.rings[this.ring]?.live;
  }
}

function cqeNote(c: { user_data: bigint; res: number; flags: number } | null): string {
  return c ? `{user_data ${c.user_data}, res ${c.res}, flags 0x${c.flags.toString(16)}}` : 'none';
}

/**
 * What a checked submit refuses among the ring's prepared SQEs (the submit
 * family's rules, runtime/request-faults.ts), or null: a recv into NULL without
 * IOSQE_BUFFER_SELECT, buffer selection from a group the ring has no buffer ring
 * for, a fixed-file index past the registered file table.
 */
function submitRefusal(m: Model, ring: number): string | null {
  const r = m.rings[ring]!;
  for (const s of r.open) {
    const t = s.template!;
    const select = (s.flags & IOSQE_BUFFER_SELECT) !== 0;
    if (t.selectable && !select) return `slot ${s.slot}: a recv into NULL without IOSQE_BUFFER_SELECT`;
    if (t.selectable && select && (r.bufRing === null || s.bufGroup !== BGID)) return `slot ${s.slot}: buffer group ${s.bufGroup}, which the ring has no buffer ring for`;
    if (s.flags & IOSQE_FIXED_FILE && t.fixedFile !== undefined && t.fixedFile >= (r.files?.length ?? 0)) return `slot ${s.slot}: fixed file ${t.fixedFile} past the registered table`;
  }
  return null;
}

/** io_uring_submit, or with wait, io_uring_submit_and_wait_timeout for one completion (bounded when one is certain). */
export class Submit extends RingStep {
  readonly op = 'submit';
  override applies(m: Model): boolean {
    // An SQE that was never prepped would run the slot's previous request again, as in C: the model has no answer for
    // what the package should do there, so every obtained SQE is prepped first.
    return super.applies(m) && m.rings[this.ring]!.open.every((s) => s.template !== null);
  }
  exec(m: Model, w: World): string {
    const r = m.rings[this.ring]!;
    const real = w.rings[this.ring]!;
    const refusal = submitRefusal(m, this.ring);
    if (refusal) {
      // Refused before C: nothing is submitted and the SQEs stay as they are.
      const what = `io_uring_submit${this.p.wait ? '_and_wait_timeout' : ''}(ring ${this.ring}) with ${refusal}`;
      return expectRefused(w, what, () => (this.p.wait ? io_uring_submit_and_wait_timeout(real.uring, real.out, 1, timespec(0), null) : io_uring_submit(real.uring)));
    }
    const n = r.open.length;
    for (const s of r.open) real.sqes.delete(s.index);
    submitAll(m, this.ring);
    if (!this.p.wait) {
      const got = expectOk(w, `io_uring_submit(ring ${this.ring})`, () => io_uring_submit(real.uring));
      if (got && got.value !== n) w.violation('state', `ring ${this.ring}: io_uring_submit returned ${got.value}, ${n} SQEs were prepared`);
      return `submitted ${got?.value}`;
    }
    const certain = certainCompletions(r) > 0;
    if (certain) runDeferredWork(m, w);
    const ms = certain ? certainWaitMs() : 0;
    const got = expectOk(w, `io_uring_submit_and_wait_timeout(ring ${this.ring}, 1, ${ms} ms)`, () =>
      io_uring_submit_and_wait_timeout(real.uring, real.out, 1, timespec(ms), null));
    if (!got) return 'threw';
    const cqe = real.out.value;
    if (certain && !cqe) w.violation('completion', `ring ${this.ring}: no completion within ${ms} ms, but ${certainCompletions(r)} must come`);
    real.peeked = cqe ? [cqe] : [];
    r.peeked = real.peeked.length;
    return `returned ${got.value}, cqe ${cqeNote(cqe)}`;
  }
}

/** io_uring_wait_cqe_timeout: bounded by certainWaitMs() when the model is certain of a completion, else a 0 timeout (a poll). */
export class Wait extends RingStep {
  readonly op = 'wait';
  exec(m: Model, w: World): string {
    const r = m.rings[this.ring]!;
    const certain = certainCompletions(r) > 0;
    if (certain) runDeferredWork(m, w);
    const ms = certain ? certainWaitMs() : 0;
    const cqe = waitCqe(w, this.ring, ms);
    if (certain && !cqe) {
      w.violation('completion', `ring ${this.ring}: no completion within ${ms} ms, but these must complete: ${r.inflight.filter((q) => q.completable && !q.silent).map((q) => q.what).join(', ')}`);
    }
    w.rings[this.ring]!.peeked = cqe ? [cqe] : [];
    r.peeked = cqe ? 1 : 0;
    return cqeNote(cqe);
  }
}

export class Peek extends RingStep {
  readonly op = 'peek';
  exec(m: Model, w: World): string {
    const real = w.rings[this.ring]!;
    const r = m.rings[this.ring]!;
    if (this.p.batch) {
      const n = this.p.batch as number;
      const got = expectOk(w, `io_uring_peek_batch_cqe(ring ${this.ring}, ${n})`, () => io_uring_peek_batch_cqe(real.uring, real.batch, n));
      real.peeked = got ? real.batch.items.slice() : [];
    } else {
      const got = expectOk(w, `io_uring_peek_cqe(ring ${this.ring})`, () => io_uring_peek_cqe(real.uring, real.out));
      real.peeked = got && real.out.value ? [real.out.value] : [];
    }
    r.peeked = real.peeked.length;
    return real.peeked.map(cqeNote).join(', ') || 'none';
  }
}

/** io_uring_cqe_seen with the i-th CQE view of the last peek or wait (possibly stale). */
export class Seen extends RingStep {
  readonly op = 'seen';
  override applies(m: Model): boolean {
    return super.applies(m) && m.rings[this.ring]!.peeked > 0;
  }
  exec(m: Model, w: World): string {
    const real = w.rings[this.ring]!;
    const view = real.peeked[(this.p.i as number) % real.peeked.length]!;
    if (m.noStaleSeen && (w.cqReady(this.ring) === 0 || view.address !== w.headAddress(this.ring))) return 'skipped (not the head CQE)';
    if (w.cqReady(this.ring) === 0) {
      return refusedUnlessRaced(m, w, this.ring, 1, `io_uring_cqe_seen(ring ${this.ring}) with no completion ready`, () => io_uring_cqe_seen(real.uring, view));
    }
    return seenHead(m, w, this.ring, view);
  }
}

export class CqAdvance extends RingStep {
  readonly op = 'cq_advance';
  exec(m: Model, w: World): string {
    const n = this.p.n as number;
    const real = w.rings[this.ring]!;
    const ready = w.cqReady(this.ring);
    if (n > ready) return refusedUnlessRaced(m, w, this.ring, n, `io_uring_cq_advance(ring ${this.ring}, ${n}) with ${ready} ready`, () => io_uring_cq_advance(real.uring, n));
    const heads = Array.from({ length: n }, (_, k) => w.headCqe(this.ring, k));
    if (!expectOk(w, `io_uring_cq_advance(ring ${this.ring}, ${n})`, () => io_uring_cq_advance(real.uring, n))) return 'threw';
    for (const h of heads) {
      const problem = consume(m, this.ring, h);
      if (problem) w.violation('completion', `ring ${this.ring}: ${problem}`);
    }
    return heads.map((h) => `{user_data ${h.u}, res ${h.res}, flags 0x${h.flags.toString(16)}}`).join(', ');
  }
}
