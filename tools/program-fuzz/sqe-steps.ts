/**
 * Steps on the submission side of the checked C-name API: io_uring_get_sqe,
 * the sqe_set_* helpers, and the base of the preps (prep-steps.ts).
 *
 * A refused helper must leave its SQE harmless (the safety contract): a NOP
 * completing with -ECANCELED, keeping the SQE's user_data and link flags,
 * using no memory. The model expects exactly that.
 */
import { IOSQE_ASYNC, IOSQE_BUFFER_SELECT, IOSQE_CQE_SKIP_SUCCESS, IOSQE_FIXED_FILE, IOSQE_IO_HARDLINK, IOSQE_IO_LINK } from '../../generated/constants.js';
import type { IoUringSqe } from '../../generated/structs.js';
import { io_uring_get_sqe } from '../../generated/functions/io_uring_get_sqe.js';
import { io_uring_sqe_set_buf_group } from '../../generated/functions/io_uring_sqe_set_buf_group.js';
import { io_uring_sqe_set_data64 } from '../../generated/functions/io_uring_sqe_set_data64.js';
import { io_uring_sqe_set_flags } from '../../generated/functions/io_uring_sqe_set_flags.js';
import { io_uring_sqe as SQE_LAYOUT } from '../../generated/layout.js';
import { BGID } from './engine.js';
import { ECANCELED, channelFree, exactly, type Model, type SqeModel, type Template } from './model.js';
import { Step, expectOk, expectRefused } from './step.js';
import type { World } from './world.js';

/** What a refused helper leaves: a NOP completing with -ECANCELED. */
const NEUTRALISED: Template = { what: 'refused (NOP, -ECANCELED)', bufs: [], now: [exactly(ECANCELED)], successRes: 0 };
const LINK_FLAGS = IOSQE_IO_LINK | IOSQE_IO_HARDLINK;

export class GetSqe extends Step {
  readonly op = 'get_sqe';
  applies(m: Model): boolean {
    return !!m.rings[this.p.ring as number]?.live;
  }
  exec(m: Model, w: World): string {
    const i = this.p.ring as number;
    const r = m.rings[i]!;
    const real = w.rings[i]!;
    const room = r.obtained - r.kernelHead < r.entries;
    const got = expectOk(w, `io_uring_get_sqe(ring ${i})`, () => io_uring_get_sqe(real.uring));
    if (!got) return 'threw';
    if (!room) {
      if (got.value !== null) w.violation('state', `ring ${i}: io_uring_get_sqe returned an SQE, but all ${r.entries} are taken`);
      return 'null (full)';
    }
    if (got.value === null) {
      w.violation('state', `ring ${i}: io_uring_get_sqe returned null with ${r.entries - (r.obtained - r.kernelHead)} SQEs free`);
      return 'null';
    }
    const slot = r.obtained & (r.entries - 1);
    const at = Number(got.value.address - real.uring.sq.sqes) / SQE_LAYOUT.size;
    if (at !== slot) w.violation('state', `ring ${i}: io_uring_get_sqe returned slot ${at}, the model expected ${slot}`);
    real.sqes.set(r.obtained, got.value);
    r.open.push({ index: r.obtained, slot, template: null, flags: 0, bufGroup: 0, rwFlags: 0 });
    r.obtained++;
    return `slot ${slot} (user_data left there: ${r.slotData[slot]})`;
  }
}

/** Steps that work on one of a ring's obtained SQEs (p.sqe picks it). */
export abstract class SqeStep extends Step {
  protected sqeOf(m: Model): SqeModel | undefined {
    const r = m.rings[this.p.ring as number];
    if (!r?.live || r.open.length === 0) return undefined;
    return r.open[(this.p.sqe as number) % r.open.length];
  }
  applies(m: Model): boolean {
    const s = this.sqeOf(m);
    return s !== undefined && !s.viaFast;
  }
  protected real(m: Model, w: World): IoUringSqe {
    return w.rings[this.p.ring as number]!.sqes.get(this.sqeOf(m)!.index)!;
  }
  protected name(s: SqeModel): string {
    return `ring ${this.p.ring} slot ${s.slot}`;
  }
  /** The helper was refused: the SQE must now be the harmless NOP. */
  protected neutralised(s: SqeModel): void {
    s.template = NEUTRALISED;
    s.flags &= LINK_FLAGS;
  }
}

/** A prep: `template` is what the SQE holds if it succeeds; `refused` says the package must refuse it. */
export abstract class PrepStep extends SqeStep {
  protected abstract template(m: Model, w: World): Template;
  protected abstract call(m: Model, w: World, sqe: IoUringSqe): void;
  /** Whether the package must refuse these arguments. */
  protected refused(_m: Model): boolean {
    return false;
  }
  /** The rw_flags word this prep writes (undefined: it leaves it, and then needs it to be 0). */
  protected writesRwFlags(): number | undefined {
    return undefined;
  }
  protected waitsOn(_m: Model): number | null {
    return null;
  }
  override applies(m: Model): boolean {
    const s = this.sqeOf(m);
    if (!s || s.viaFast || (m.noReprep && s.template !== null)) return false;
    if (this.refused(m)) return !m.noRefusals;
    // Fields an earlier prep left that this one does not write would change what the kernel does (as in C).
    if (this.writesRwFlags() === undefined && s.rwFlags !== 0) return false;
    if (s.bufGroup !== 0 && !this.toleratesBufIndex()) return false;
    // IOSQE_FIXED_FILE makes fd an index into the file table: only this step's own fixed-file read sets it.
    if ((s.flags & IOSQE_FIXED_FILE) !== 0 && !this.setsFixedFile()) return false;
    if (s.flags & IOSQE_BUFFER_SELECT && !this.selectable()) return false;
    if (s.flags & IOSQE_CQE_SKIP_SUCCESS && this.multishot()) return false;
    const c = this.waitsOn(m);
    return c === null || channelFree(m, c);
  }
  protected selectable(): boolean {
    return false;
  }
  /** Whether this prep sets IOSQE_FIXED_FILE itself (a read through the registered file table). */
  protected setsFixedFile(): boolean {
    return false;
  }
  /** Whether the kernel ignores a buf_index/buf_group an earlier call left (poll, cancel and msg_ring reject it with EINVAL). */
  protected toleratesBufIndex(): boolean {
    return true;
  }
  protected multishot(): boolean {
    return false;
  }
  exec(m: Model, w: World): string {
    const s = this.sqeOf(m)!;
    const sqe = this.real(m, w);
    if (this.refused(m)) {
      const note = expectRefused(w, `${this.op} on ${this.name(s)} (${this.p.wrong ?? 'freed buffer'})`, () => this.call(m, w, sqe), true);
      this.neutralised(s);
      return note;
    }
    const t = this.template(m, w);
    if (!expectOk(w, `${this.op} on ${this.name(s)}`, () => this.call(m, w, sqe))) return 'threw';
    s.template = t;
    if (t.fixedFile !== undefined) s.flags |= IOSQE_FIXED_FILE;
    if (t.fixed !== undefined) s.bufGroup = t.fixed; // read_fixed writes buf_index, the same field
    const rw = this.writesRwFlags();
    if (rw !== undefined) s.rwFlags = rw;
    return t.what;
  }
}

export class SetData extends SqeStep {
  readonly op = 'set_data';
  exec(m: Model, w: World): string {
    const s = this.sqeOf(m)!;
    const r = m.rings[this.p.ring as number]!;
    const u = this.p.u as number;
    if (u < 0) {
      const note = expectRefused(w, `io_uring_sqe_set_data64(${this.name(s)}, ${u})`, () => io_uring_sqe_set_data64(this.real(m, w), u), true);
      this.neutralised(s);
      return note;
    }
    if (expectOk(w, `io_uring_sqe_set_data64(${this.name(s)}, ${u})`, () => io_uring_sqe_set_data64(this.real(m, w), u))) r.slotData[s.slot] = BigInt(u);
    return `user_data ${u}`;
  }
}

export const FLAG_CHOICES = [0, IOSQE_IO_LINK, IOSQE_CQE_SKIP_SUCCESS, IOSQE_ASYNC, IOSQE_IO_LINK | IOSQE_CQE_SKIP_SUCCESS, IOSQE_BUFFER_SELECT, 0x80];

export class SetFlags extends SqeStep {
  readonly op = 'set_flags';
  override applies(m: Model): boolean {
    const s = this.sqeOf(m);
    if (!s || s.viaFast) return false;
    const f = this.p.flags as number;
    if (s.template?.fixedFile !== undefined || (s.flags & IOSQE_FIXED_FILE) !== 0) return false;
    if (f & IOSQE_BUFFER_SELECT && !s.template?.selectable) return false;
    if (f & IOSQE_CQE_SKIP_SUCCESS && s.template?.multishot) return false;
    return true;
  }
  exec(m: Model, w: World): string {
    const s = this.sqeOf(m)!;
    const f = this.p.flags as number;
    const call = () => io_uring_sqe_set_flags(this.real(m, w), f);
    if (f & 0x80) {
      const note = expectRefused(w, `io_uring_sqe_set_flags(${this.name(s)}, 0x${f.toString(16)})`, call);
      this.neutralised(s);
      return note;
    }
    if (expectOk(w, `io_uring_sqe_set_flags(${this.name(s)}, 0x${f.toString(16)})`, call)) s.flags = f;
    return `flags 0x${f.toString(16)}`;
  }
}

export class SetBufGroup extends SqeStep {
  readonly op = 'set_buf_group';
  override applies(m: Model): boolean {
    const s = this.sqeOf(m);
    // buf_group shares its field with buf_index: only where no read_fixed uses it, and an op that reads it.
    return !!s && !s.viaFast && s.template?.fixed === undefined && !s.template?.rejectsBufIndex;
  }
  exec(m: Model, w: World): string {
    const s = this.sqeOf(m)!;
    const g = this.p.wrong ? 70000 : BGID;
    const call = () => io_uring_sqe_set_buf_group(this.real(m, w), g);
    if (this.p.wrong) {
      const note = expectRefused(w, `io_uring_sqe_set_buf_group(${this.name(s)}, ${g})`, call, true);
      this.neutralised(s);
      return note;
    }
    if (expectOk(w, `io_uring_sqe_set_buf_group(${this.name(s)}, ${g})`, call)) s.bufGroup = g;
    return `buf_group ${g}`;
  }
}
