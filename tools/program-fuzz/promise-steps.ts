/**
 * Steps of the Ring (the Promise API) on the program's own Ring: read, write
 * and nop of one chunk (reads wait on the same channels as the checked
 * requests), abort() through an operation's AbortSignal, letting the event
 * loop run until every operation that must settle has, and close().
 *
 * Each settlement is checked against the model: a read resolves with the
 * chunk (16) or 0 at end of file, a write with 16, a nop with undefined; an
 * aborted operation rejects with AbortError unless it had already completed;
 * close() rejects what is still waiting with RingClosedError. The Ring must
 * hold an operation's buffer until it settles (invariants.ts).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { PreconditionError } from '../../runtime/errors.js';
import { AbortError, RingClosedError } from '../../runtime/ring/index.js';
import { certainWaitMs } from './cq.js';
import { advance } from './engine.js';
import { CHUNK, channelFree, type Model, type PromiseOpModel } from './model.js';
import { Step, describeError, isTyped } from './step.js';
import { unfeed } from './unfeed.js';
import type { World } from './world.js';


function show(s: { value: unknown } | { error: unknown }): string {
  return 'error' in s ? describeError(s.error) : `resolved ${String(s.value)}`;
}

/** Check the operations that settled since the last look, and forget them. */
export function collectSettled(m: Model, w: World): void {
  const p = m.promise;
  if (!p) return;
  for (const o of [...p.ops]) {
    const s = w.promiseOps.get(o.id)?.settled;
    if (!s) continue;
    p.ops.splice(p.ops.indexOf(o), 1);
    const what = `Ring.${o.kind} (operation ${o.id})`;
    if (o.refused) {
      if (!('error' in s && s.error instanceof PreconditionError)) w.violation('refusal', `${what} of freed memory ${show(s)}, not PreconditionError`);
      continue;
    }
    const closed = !p.live && 'error' in s && s.error instanceof RingClosedError;
    const aborted = o.aborted && 'error' in s && s.error instanceof AbortError;
    if ('error' in s && !closed && !aborted) {
      w.violation(isTyped(s.error) ? 'completion' : 'error', `${what} rejected with ${describeError(s.error)}`);
      continue;
    }
    const value = 'value' in s ? s.value : undefined;
    const ran = 'value' in s;
    // An aborted read that settles tells whether it took its chunk; its gate kept every other reader off the channel.
    if (o.kind === 'read' && o.aborted) {
      const ch = m.channels[o.chan]!;
      if (ran && value === CHUNK && !o.tookChunk) ch.avail -= CHUNK;
      if (!ran && o.tookChunk) ch.avail += CHUNK;
      if (ch.avail < 0) w.violation('completion', `${what} read a chunk nobody wrote`);
      advance(m);
      continue;
    }
    if (aborted) {
      // AbortError says it never ran: a write's chunk never reached the channel.
      if (o.kind === 'write') {
        unfeed(m, o.chan);
        advance(m);
      }
      continue;
    }
    if (!ran) {
      if (o.completable && !closed) w.violation('completion', `${what} should have completed with ${o.res}, and ${show(s)}`);
      if (o.tookChunk) m.channels[o.chan]!.avail += CHUNK; // closed before it ran
      advance(m);
      continue;
    }
    if (!o.completable) w.violation('completion', `${what} ${show(s)} although it cannot have completed`);
    else if (o.kind === 'nop' ? value !== undefined : value !== o.res) w.violation('completion', `${what} ${show(s)}, the model expected ${o.kind === 'nop' ? 'undefined' : o.res}`);
  }
}

abstract class PromiseStep extends Step {
  applies(m: Model): boolean {
    return !!m.promise?.live;
  }
}

/** ring.read / ring.write of one chunk, or ring.nop, each with its own AbortSignal. */
export class RingOp extends PromiseStep {
  readonly op = 'ring_op';
  private chan(m: Model): number {
    return (this.p.chan as number) % m.channels.length;
  }
  private buf(m: Model): number {
    return (this.p.buf as number) % m.bufs.length;
  }
  override applies(m: Model): boolean {
    if (!super.applies(m)) return false;
    if (this.p.what === 'nop') return true;
    const b = m.bufs[this.buf(m)]!;
    if (b.dropped || (b.freed && m.noRefusals)) return false;
    if (this.p.what === 'write') return !m.channels[this.chan(m)]!.writeClosed;
    return channelFree(m, this.chan(m));
  }
  exec(m: Model, w: World): string {
    const p = m.promise!;
    const ring = w.promise!;
    const c = this.chan(m);
    const b = this.buf(m);
    const ch = w.channels[c]!;
    const controller = new AbortController();
    const options = { signal: controller.signal };
    const freed = this.p.what !== 'nop' && m.bufs[b]!.freed;
    const view = this.p.what === 'nop' ? null : w.bufs[b]!.ref!.subarray(0, CHUNK);
    let promise: Promise<unknown>;
    try {
      promise =
        this.p.what === 'nop' ? ring.nop(options) : this.p.what === 'write' ? ring.write(ch.writeFd, view!, -1, options) : ring.read(ch.readFd, view!, -1, options);
    } catch (e) {
      w.violation('error', `Ring.${this.p.what} threw ${describeError(e)} instead of returning a Promise`);
      return 'threw';
    }
    const o: PromiseOpModel = { id: p.nextId++, kind: this.p.what as PromiseOpModel['kind'], chan: c, buf: view ? b : null, completable: false, res: 0, aborted: false, tookChunk: false };
    const record = { settled: null as { value: unknown } | { error: unknown } | null, controller };
    w.promiseOps.set(o.id, record);
    promise.then((value) => (record.settled = { value }), (error) => (record.settled = { error }));
    p.ops.push(o);
    if (freed) {
      // Refused: the Promise rejects with PreconditionError, nothing reaches the ring.
      o.refused = true;
      o.buf = null;
      return `operation ${o.id}: freed buffer ${b}, must be refused`;
    }
    if (o.kind === 'write') {
      m.channels[c]!.avail += CHUNK;
      o.completable = true;
      o.res = CHUNK;
    } else if (o.kind === 'nop') {
      o.completable = true;
    }
    advance(m);
    return `operation ${o.id}: ${this.p.what}${view ? ` (channel ${c}, buffer ${b})` : ''}`;
  }
}

export class RingAbort extends PromiseStep {
  readonly op = 'ring_abort';
  override applies(m: Model): boolean {
    return super.applies(m) && m.promise!.ops.some((o) => !o.aborted);
  }
  async exec(m: Model, w: World): Promise<string> {
    const open = m.promise!.ops.filter((o) => !o.aborted);
    const o = open[(this.p.k as number) % open.length]!;
    o.aborted = true;
    const record = w.promiseOps.get(o.id)!;
    record.controller.abort();
    if (o.kind !== 'write' || record.settled) return `aborted operation ${o.id}`;
    // A write aborted before the Ring submitted it never runs, and its chunk, which readers may be counting on already,
    // never comes. Only its settlement tells (AbortError: it never ran), and it settles at once either way: wait for it.
    const ms = certainWaitMs();
    const t0 = performance.now();
    while (!record.settled && performance.now() - t0 < ms) await nextTurn();
    if (!record.settled) {
      w.violation('completion', `Ring.write (operation ${o.id}), aborted, did not settle within ${ms} ms`);
      return `aborted operation ${o.id}`;
    }
    const ran = 'value' in record.settled;
    collectSettled(m, w);
    return `aborted operation ${o.id}: ${ran ? 'it had run' : 'it never ran'}`;
  }
}

/** Let the event loop run until every operation that must settle has (bounded by certainWaitMs()). */
export class RingSettle extends PromiseStep {
  readonly op = 'ring_settle';
  async exec(m: Model, w: World): Promise<string> {
    const due = () => m.promise!.ops.filter((o) => (o.completable || o.aborted || o.refused) && !w.promiseOps.get(o.id)!.settled);
    const ms = certainWaitMs();
    const t0 = performance.now();
    while (due().length > 0 && performance.now() - t0 < ms) await nextTurn();
    const late = due();
    if (late.length) w.violation('completion', `Ring operations ${late.map((o) => `${o.id} (${o.kind})`).join(', ')} did not settle within ${ms} ms`);
    collectSettled(m, w);
    return `${m.promise!.ops.length} operations still waiting`;
  }
}

/** ring.close(): what still waits rejects with RingClosedError, what completed resolves. */
export class RingClose extends PromiseStep {
  readonly op = 'ring_close';
  async exec(m: Model, w: World): Promise<string> {
    await closePromiseRing(m, w);
    return 'closed';
  }
}

export async function closePromiseRing(m: Model, w: World): Promise<void> {
  try {
    await w.promise!.close();
  } catch (e) {
    w.violation('error', `Ring.close() rejected with ${describeError(e)}`);
  }
  m.promise!.live = false;
  await nextTurn();
  const unsettled = m.promise!.ops.filter((o) => !w.promiseOps.get(o.id)!.settled);
  if (unsettled.length) w.violation('completion', `after Ring.close(), operations ${unsettled.map((o) => o.id).join(', ')} have not settled`);
  collectSettled(m, w);
  if (w.promise!.pending !== 0) w.violation('leak', `after Ring.close(), ring.pending is ${w.promise!.pending}`);
}
