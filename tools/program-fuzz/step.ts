/**
 * One step of a fuzzed program: a fast-check command over (Model, World).
 * check() says whether the step makes sense in the model's state (fast-check
 * skips it otherwise); run() makes the real calls, updates the model from what
 * the model predicts and what the calls returned, then checks the invariants.
 * A step is plain data (its op name and parameters), so a program can be
 * printed, saved as JSON and replayed.
 */
import type fc from 'fast-check';
import { PreconditionError, UnsupportedError, UringError } from '../../runtime/errors.js';
import type { Model } from './model.js';
import type { World } from './world.js';

export type Params = Record<string, number | string | boolean>;

/** Run after every step (set by invariants.ts, which imports the steps' modules' types only). */
let afterStep: (m: Model, w: World) => Promise<void> | void = () => {};
export function setAfterStep(fn: typeof afterStep): void {
  afterStep = fn;
}

export abstract class Step implements fc.AsyncCommand<Model, World, false> {
  abstract readonly op: string;
  constructor(readonly p: Params) {}

  /** Whether the step makes sense in the model's state. */
  abstract applies(m: Model): boolean;

  check(m: Readonly<Model>): boolean {
    return m.stepsLeft > 0 && this.applies(m as Model);
  }
  /** The real calls and the model's update; returns what was observed, for the program's log. */
  protected abstract exec(m: Model, w: World): string | Promise<string>;

  async run(m: Model, w: World): Promise<void> {
    m.stepsLeft--;
    w.trace(JSON.stringify(this.toJSON()));
    const entry = { step: this.toJSON(), note: '' };
    w.log.push(entry);
    try {
      entry.note = await this.exec(m, w);
    } catch (e) {
      entry.note = `VIOLATION ${(e as Error).message}`;
      throw e;
    }
    try {
      await afterStep(m, w);
    } catch (e) {
      entry.note += ` | then VIOLATION ${(e as Error).message}`;
      throw e;
    }
  }

  toString(): string {
    return `${this.op}(${Object.entries(this.p).map(([k, v]) => `${k}=${v}`).join(', ')})`;
  }

  toJSON(): Params & { op: string } {
    return { op: this.op, ...this.p };
  }
}

/** What the package may throw (invariant 4): the typed errors, and TypeError (UseAfterFreeError is one). */
export function isTyped(e: unknown): boolean {
  return e instanceof PreconditionError || e instanceof UringError || e instanceof UnsupportedError || e instanceof TypeError;
}

export function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.constructor.name}: ${e.message.split('\n')[0]!.slice(0, 300)}`;
  return String(e);
}

/** A call the model says is valid: its value, or undefined after recording why it failed. */
export function expectOk<T>(w: World, what: string, fn: () => T): { value: T } | undefined {
  try {
    return { value: fn() };
  } catch (e) {
    w.violation(isTyped(e) ? 'refusal' : 'error', `${what} is valid here, and threw ${describeError(e)}`);
    return undefined;
  }
}

/** A call the model says is wrong: it must throw PreconditionError (or, where `alsoTypeError`, a TypeError) before C is called. */
export function expectRefused(w: World, what: string, fn: () => unknown, alsoTypeError = false): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof PreconditionError) return `refused (${e.rule})`;
    if (alsoTypeError && e instanceof TypeError) return `refused (${e.constructor.name})`;
    w.violation(isTyped(e) ? 'refusal' : 'error', `${what} should be refused with PreconditionError, and threw ${describeError(e)}`);
    return 'threw';
  }
  w.violation('refusal', `${what} should be refused with PreconditionError, and it returned normally (C was called)`);
  return 'accepted';
}

/** A call that may be valid or not (the model cannot tell): it returns or throws a typed error. */
export function expectTyped<T>(w: World, what: string, fn: () => T): { value: T } | { error: unknown } {
  try {
    return { value: fn() };
  } catch (e) {
    if (!isTyped(e)) w.violation('error', `${what} threw ${describeError(e)}, not a typed error`);
    return { error: e };
  }
}
