/**
 * Random programs (a world and up to ~50 steps, as fast-check arbitraries),
 * and running one: fast-check's asyncModelRun drives the steps over the model
 * and the world, then the final checks drain, exit and look for leftovers.
 * A program is also plain JSON (world + steps), for reports, replays and
 * regression tests.
 */
import fc from 'fast-check';
import { CqAdvance, Peek, Seen, Submit, Wait } from './cq-steps.js';
import { FastPrep, FastReap, FastSubmit } from './fast-steps.js';
import { RingAbort, RingClose, RingOp, RingSettle } from './promise-steps.js';
import { abandon, finish } from './invariants.js';
import { PrepCancel, PrepMsgRing, PrepNop, PrepPoll, PrepRead, PrepReadFile, PrepRecvSelect, PrepWrite } from './prep-steps.js';
import { FLAG_CHOICES, GetSqe, SetBufGroup, SetData, SetFlags } from './sqe-steps.js';
import type { Params, Step } from './step.js';
import {
  AfterExit, BufRingAdd, CloseChannel, DropBuf, FreeBuf, FreeBufRing, Gc, QueueExit, RegisterBuffers, RegisterFiles, SetupBufRing,
  UnregisterBuffers, UnregisterFiles, WriteChannel,
} from './world-steps.js';
import { World, initialModel, type Violation, type WorldSpec } from './world.js';

const STEP_CLASSES: Record<string, new (p: Params) => Step> = {
  get_sqe: GetSqe, prep_read: PrepRead, prep_write: PrepWrite, prep_read_file: PrepReadFile, prep_nop: PrepNop, prep_poll: PrepPoll,
  prep_cancel: PrepCancel, prep_msg_ring: PrepMsgRing, prep_recv_select: PrepRecvSelect, set_data: SetData, set_flags: SetFlags,
  set_buf_group: SetBufGroup, submit: Submit, wait: Wait, peek: Peek, seen: Seen, cq_advance: CqAdvance,
  write_channel: WriteChannel, close_channel: CloseChannel, drop_buf: DropBuf, gc: Gc, free_aligned: FreeBuf,
  register_buffers: RegisterBuffers, unregister_buffers: UnregisterBuffers, register_files: RegisterFiles, unregister_files: UnregisterFiles,
  setup_buf_ring: SetupBufRing, buf_ring_add: BufRingAdd,
  free_buf_ring: FreeBufRing, queue_exit: QueueExit, after_exit: AfterExit,
  fast_prep: FastPrep, fast_submit: FastSubmit, fast_reap: FastReap,
  ring_op: RingOp, ring_abort: RingAbort, ring_settle: RingSettle, ring_close: RingClose,
};

const OP_OF = new Map(Object.entries(STEP_CLASSES).map(([op, cls]) => [cls, op]));

export type StepJson = Params & { op: string };

export function stepFromJson(j: StepJson): Step {
  const { op, ...p } = j;
  const cls = STEP_CLASSES[op];
  if (!cls) throw new Error(`unknown step ${op}`);
  return new cls(p);
}

export const worldArb: fc.Arbitrary<WorldSpec> = fc.record({
  promise: fc.option(fc.record({ deferTaskrun: fc.boolean() }), { freq: 2, nil: null }),
  rings: fc.array(
    fc.record({
      entries: fc.constantFrom(1, 2, 4, 8),
      mode: fc.constantFrom('plain' as const, 'defer' as const, 'coop' as const),
      api: fc.constantFrom('checked' as const, 'checked' as const, 'fast' as const),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  bufs: fc.array(fc.record({ aligned: fc.boolean(), size: fc.constantFrom(256, 4096) }), { minLength: 2, maxLength: 4 }),
  pipes: fc.integer({ min: 1, max: 3 }),
  socket: fc.boolean(),
});

/** The user_data values: a tiny set, so that requests share them often. */
const userData = fc.constantFrom(0, 1, 2);

/** The steps for a world, weighted so that programs get requests in flight and complete them. */
export function stepArb(spec: WorldSpec, exclude: ReadonlySet<string> = new Set()): fc.Arbitrary<Step> {
  const ring = fc.nat(spec.rings.length - 1);
  const chan = fc.nat(spec.pipes + (spec.socket ? 1 : 0) - 1);
  const buf = fc.nat(spec.bufs.length - 1);
  const sqe = fc.nat(7);
  // 'refused' excludes the calls the package must refuse (to look past a known bug of refused helpers).
  const refusals = !exclude.has('refused');
  const wrong = refusals ? fc.constantFrom('none', 'none', 'none', 'none', 'len', 'fd', 'badfd') : fc.constantFrom('none', 'none', 'none', 'badfd');
  const w = (weight: number, arbitrary: fc.Arbitrary<Step>, cls: new (p: Params) => Step) => ({ weight: exclude.has(OP_OF.get(cls)!) ? 0 : weight, arbitrary });
  const choices = [
    w(8, ring.map((r) => new GetSqe({ ring: r })), GetSqe),
    w(6, fc.record({ ring, sqe, chan, buf, wrong, vec: fc.boolean() }).map((p) => new PrepRead(p)), PrepRead),
    w(3, fc.record({ ring, sqe, chan, buf, wrong }).map((p) => new PrepWrite(p)), PrepWrite),
    w(2, fc.record({ ring, sqe, buf, off: fc.constantFrom(0, 4090, 5000), fixed: fc.boolean(), table: fc.boolean() }).map((p) => new PrepReadFile(p)), PrepReadFile),
    w(2, fc.record({ ring, sqe }).map((p) => new PrepNop(p)), PrepNop),
    w(1, fc.record({ ring, sqe, chan, multi: fc.boolean() }).map((p) => new PrepPoll(p)), PrepPoll),
    w(1, fc.record({ ring, sqe, u: userData, all: fc.boolean() }).map((p) => new PrepCancel(p)), PrepCancel),
    w(1, fc.record({ ring, sqe, target: ring, u: userData, len: fc.constantFrom(0, 5) }).map((p) => new PrepMsgRing(p)), PrepMsgRing),
    w(spec.socket ? 1 : 0, fc.record({ ring, sqe }).map((p) => new PrepRecvSelect(p)), PrepRecvSelect),
    w(6, fc.record({ ring, sqe, u: refusals ? fc.constantFrom(0, 1, 2, 0, 1, 2, -1) : userData }).map((p) => new SetData(p)), SetData),
    w(2, fc.record({ ring, sqe, flags: fc.constantFrom(...FLAG_CHOICES.filter((f) => refusals || f !== 0x80)) }).map((p) => new SetFlags(p)), SetFlags),
    w(1, fc.record({ ring, sqe, wrong: refusals ? fc.boolean() : fc.constant(false) }).map((p) => new SetBufGroup(p)), SetBufGroup),
    w(5, fc.record({ ring, wait: fc.boolean() }).map((p) => new Submit(p)), Submit),
    w(3, ring.map((r) => new Wait({ ring: r })), Wait),
    w(2, fc.record({ ring, batch: fc.constantFrom(0, 0, 2, 4) }).map((p) => new Peek(p)), Peek),
    w(5, fc.record({ ring, i: fc.nat(3) }).map((p) => new Seen(p)), Seen),
    w(1, fc.record({ ring, n: fc.integer({ min: 1, max: 3 }) }).map((p) => new CqAdvance(p)), CqAdvance),
    w(5, chan.map((c) => new WriteChannel({ chan: c })), WriteChannel),
    w(1, chan.map((c) => new CloseChannel({ chan: c })), CloseChannel),
    w(3, buf.map((b) => new DropBuf({ buf: b })), DropBuf),
    w(5, fc.constant(new Gc({})), Gc),
    w(2, buf.map((b) => new FreeBuf({ buf: b })), FreeBuf),
    w(1, fc.record({ ring, buf, two: fc.boolean() }).map((p) => new RegisterBuffers(p)), RegisterBuffers),
    w(1, ring.map((r) => new UnregisterBuffers({ ring: r })), UnregisterBuffers),
    w(1, ring.map((r) => new RegisterFiles({ ring: r })), RegisterFiles),
    w(1, ring.map((r) => new UnregisterFiles({ ring: r })), UnregisterFiles),
    w(spec.socket ? 1 : 0, ring.map((r) => new SetupBufRing({ ring: r })), SetupBufRing),
    w(spec.socket ? 2 : 0, fc.record({ ring, buf }).map((p) => new BufRingAdd(p)), BufRingAdd),
    w(spec.socket ? 1 : 0, ring.map((r) => new FreeBufRing({ ring: r })), FreeBufRing),
    w(1, ring.map((r) => new QueueExit({ ring: r })), QueueExit),
    w(1, fc.record({ ring, what: fc.constantFrom('get_sqe', 'submit') }).map((p) => new AfterExit(p)), AfterExit),
  ];
  if (spec.promise) {
    choices.push(
      w(6, fc.record({ what: fc.constantFrom('read', 'read', 'write', 'nop'), chan, buf }).map((p) => new RingOp(p)), RingOp),
      w(1, fc.nat(7).map((k) => new RingAbort({ k })), RingAbort),
      w(3, fc.constant(new RingSettle({})), RingSettle),
      w(1, fc.constant(new RingClose({})), RingClose),
    );
  }
  const fastRings = spec.rings.flatMap((r, i) => (r.api === 'fast' ? [i] : []));
  if (fastRings.length) {
    const fast = fc.constantFrom(...fastRings);
    choices.push(
      w(6, fc.record({ ring: fast, what: fc.constantFrom('read', 'read', 'write', 'nop'), chan, buf, u: userData }).map((p) => new FastPrep(p)), FastPrep),
      w(3, fast.map((r) => new FastSubmit({ ring: r })), FastSubmit),
      w(4, fc.record({ ring: fast, peek: fc.boolean(), max: fc.constantFrom(1, 2, 8) }).map((p) => new FastReap(p)), FastReap),
    );
  }
  return fc.oneof(...choices.filter((c) => c.weight > 0));
}

export function programArb(maxSteps: number, exclude: ReadonlySet<string> = new Set()): fc.Arbitrary<[WorldSpec, Iterable<Step>]> {
  return worldArb.chain((spec) => fc.tuple(fc.constant(spec), fc.commands([stepArb(spec, exclude)], { maxCommands: 3 * maxSteps, size: 'max' }) as fc.Arbitrary<Iterable<Step>>));
}

export interface RunOptions {
  /** Steps run at most (the rest of a generated program is skipped). */
  maxSteps?: number;
  /** Step kinds left out ('refused' included: then no step makes a call the package must refuse). */
  exclude?: ReadonlySet<string>;
  /** Violation kinds that fail the program (null: all). */
  selected: Set<string> | null;
  /** Where each step is written before it runs (to name the step a crash happened in). */
  traceFd?: number | null;
}

export interface ProgramRun {
  log: { step: unknown; note: string }[];
  ignored: Violation[];
  failure: Error | null;
}

/** Run one program; a violation of a selected kind is thrown (after cleanup). */
export async function runProgram(spec: WorldSpec, steps: Iterable<Step>, options: RunOptions, out?: ProgramRun): Promise<void> {
  const m = initialModel(spec, options.maxSteps, options.exclude);
  const w = new World(spec, options.selected, options.traceFd ?? null);
  if (out) {
    out.log = w.log;
    out.ignored = w.ignored;
  }
  try {
    await fc.asyncModelRun(() => ({ model: m, real: w }), steps);
    await finish(m, w);
  } catch (e) {
    await abandon(m, w);
    if (out) out.failure = e as Error;
    throw e;
  }
}

/** Run a program given as JSON (a replay, a regression test); returns what happened instead of throwing. */
export async function runJsonProgram(world: WorldSpec, steps: StepJson[], selected: Set<string> | null = null): Promise<ProgramRun> {
  const out: ProgramRun = { log: [], ignored: [], failure: null };
  try {
    await runProgram(world, steps.map(stepFromJson), { selected }, out);
  } catch {
    // recorded in out.failure
  }
  return out;
}

/** A program as numbered lines, with what each step observed. */
export function formatProgram(world: unknown, steps: StepJson[], notes: string[] = []): string {
  const lines = [`  world ${JSON.stringify(world)}`];
  steps.forEach((s, i) => {
    const { op, ...p } = s;
    lines.push(`  ${String(i + 1).padStart(2)}. ${op}(${Object.entries(p).map(([k, v]) => `${k}=${v}`).join(', ')})${notes[i] ? `  => ${notes[i]}` : ''}`);
  });
  return lines.join('\n');
}
