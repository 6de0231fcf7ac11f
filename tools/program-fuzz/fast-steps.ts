/**
 * Steps of the fast path (runtime/fast FastRing, interop on) on rings whose
 * spec says api 'fast': getSqe + a generated encoder + setUserData, submit(),
 * and reaping with forEachCqe or peek/advance. The checked steps run on the
 * same rings too, so memory the checked preps hold must move to in flight at
 * FastRing.submit() and be let go only when FastRing consumes its completion.
 * The fast path holds nothing itself: buffers of its requests are the
 * program's to keep (the model never drops or frees them while in use).
 */
import { encode_io_uring_prep_nop } from '../../generated/functions/io_uring_prep_nop.js';
import { encode_io_uring_prep_read } from '../../generated/functions/io_uring_prep_read.js';
import { encode_io_uring_prep_recv } from '../../generated/functions/io_uring_prep_recv.js';
import { encode_io_uring_prep_send } from '../../generated/functions/io_uring_prep_send.js';
import { encode_io_uring_prep_write } from '../../generated/functions/io_uring_prep_write.js';
import { submitAll } from './engine.js';
import { consume, type Cqe } from './matching.js';
import { CHUNK, channelFree, exactly, failure, type Model, type Template } from './model.js';
import { Step, describeError } from './step.js';
import type { World } from './world.js';

abstract class FastStep extends Step {
  protected get ring(): number {
    return this.p.ring as number;
  }
  applies(m: Model): boolean {
    const r = m.rings[this.ring];
    return !!r?.live && r.api === 'fast';
  }
  /** The fast path throws only UseAfterFreeError (a TypeError) on an exited ring; anything else is a finding. */
  protected guard<T>(w: World, what: string, fn: () => T): { value: T } | undefined {
    try {
      return { value: fn() };
    } catch (e) {
      w.violation('error', `${what} threw ${describeError(e)}`);
      return undefined;
    }
  }
}

/** getSqe, an encoder (read/recv, write/send or nop of one chunk), setUserData. */
export class FastPrep extends FastStep {
  readonly op = 'fast_prep';
  private chan(m: Model): number {
    return (this.p.chan as number) % m.channels.length;
  }
  private buf(m: Model): number {
    return (this.p.buf as number) % m.bufs.length;
  }
  override applies(m: Model): boolean {
    if (!super.applies(m)) return false;
    const b = m.bufs[this.buf(m)]!;
    if (this.p.what !== 'nop' && (b.dropped || b.freed)) return false;
    return this.p.what !== 'read' || channelFree(m, this.chan(m));
  }
  private template(m: Model): Template {
    const c = this.chan(m);
    const b = this.buf(m);
    if (this.p.what === 'nop') return { what: 'nop (fast)', bufs: [], now: [exactly(0)], successRes: 0, unheld: true };
    // A closed write end's number names a read-only file (World.closeChannelWrite), so the kernel gives -EBADF, as for the checked write (found by seed 5071271).
    if (this.p.what === 'write' && m.channels[c]!.writeClosed) return { what: `write(closed end of channel ${c}) (fast)`, bufs: [b], now: [failure], unheld: true };
    if (this.p.what === 'write') return { what: `write(buffer ${b} -> channel ${c}) (fast)`, bufs: [b], now: [exactly(CHUNK)], successRes: CHUNK, feeds: c, unheld: true };
    const stream = m.channels[c]!.kind === 'socket';
    return { what: `read(channel ${c} -> buffer ${b}) (fast)`, bufs: [b], channel: { id: c, takes: true, stream }, unheld: true };
  }
  exec(m: Model, w: World): string {
    const r = m.rings[this.ring]!;
    const fast = w.rings[this.ring]!.fast!;
    const room = r.obtained - r.kernelHead < r.entries;
    const got = this.guard(w, `FastRing.getSqe(ring ${this.ring})`, () => fast.getSqe());
    if (!got) return 'threw';
    const at = got.value;
    if (!room || at < 0) {
      if (room !== at >= 0) w.violation('state', `ring ${this.ring}: FastRing.getSqe returned ${at} with ${r.entries - (r.obtained - r.kernelHead)} SQEs free`);
      return 'full';
    }
    const c = this.chan(m);
    const ch = w.channels[c]!;
    const buf = w.bufs[this.buf(m)]!.ref;
    const t = this.template(m);
    const u = this.p.u as number;
    this.guard(w, `encode ${t.what}`, () => {
      if (this.p.what === 'nop') encode_io_uring_prep_nop(fast.sqes, at);
      else if (this.p.what === 'write') {
        if (ch.kind === 'socket') encode_io_uring_prep_send(fast.sqes, at, ch.writeFd, buf!, CHUNK, 0);
        else encode_io_uring_prep_write(fast.sqes, at, ch.writeFd, buf!, CHUNK, 0);
      } else if (ch.kind === 'socket') encode_io_uring_prep_recv(fast.sqes, at, ch.readFd, buf!, CHUNK, 0);
      else encode_io_uring_prep_read(fast.sqes, at, ch.readFd, buf!, CHUNK, 0);
      fast.setUserData(at, u);
    });
    const slot = r.obtained & (r.entries - 1);
    if (at !== slot << fast.sqeShift) w.violation('state', `ring ${this.ring}: FastRing.getSqe returned the SQE at byte ${at}, the model expected slot ${slot}`);
    r.open.push({ index: r.obtained, slot, template: t, flags: 0, bufGroup: 0, rwFlags: 0, viaFast: true });
    r.slotData[slot] = BigInt(u);
    r.obtained++;
    return `slot ${slot}: ${t.what}, user_data ${u}`;
  }
}

export class FastSubmit extends FastStep {
  readonly op = 'fast_submit';
  override applies(m: Model): boolean {
    return super.applies(m) && m.rings[this.ring]!.open.every((s) => s.template !== null);
  }
  exec(m: Model, w: World): string {
    const r = m.rings[this.ring]!;
    const real = w.rings[this.ring]!;
    const n = r.open.length;
    for (const s of r.open) real.sqes.delete(s.index);
    submitAll(m, this.ring);
    const got = this.guard(w, `FastRing.submit(ring ${this.ring})`, () => real.fast!.submit());
    if (got && got.value !== n) w.violation('state', `ring ${this.ring}: FastRing.submit returned ${got.value}, ${n} SQEs were prepared`);
    return `submitted ${got?.value}`;
  }
}

/** Reap with forEachCqe (at most `max`), or with peek() and advance(1). */
export class FastReap extends FastStep {
  readonly op = 'fast_reap';
  exec(m: Model, w: World): string {
    const fast = w.rings[this.ring]!.fast!;
    const seen: Cqe[] = [];
    if (this.p.peek) {
      const got = this.guard(w, `FastRing.peek(ring ${this.ring})`, () => fast.peek());
      if (got && got.value >= 0) {
        const at = got.value;
        seen.push({ u: fast.userData64(at), res: fast.res(at), flags: fast.flags(at) });
        this.guard(w, `FastRing.advance(ring ${this.ring}, 1)`, () => fast.advance(1));
      }
    } else {
      this.guard(w, `FastRing.forEachCqe(ring ${this.ring})`, () =>
        fast.forEachCqe((lo, res, flags, _at, hi) => seen.push({ u: (BigInt(hi) << 32n) | BigInt(lo), res, flags }), this.p.max as number));
    }
    for (const c of seen) {
      const problem = consume(m, this.ring, c);
      if (problem) w.violation('completion', `ring ${this.ring}: ${problem}`);
    }
    return seen.map((c) => `{user_data ${c.u}, res ${c.res}, flags 0x${c.flags.toString(16)}}`).join(', ') || 'none';
  }
}
