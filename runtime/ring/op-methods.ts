/**
 * The methods derived from the operation table (ops.ts): `ring.op.<name>(...)`
 * prepares an operation, `ring.<name>(...)` prepares and starts it. Their
 * parameters are those of the operation's check, their results what its
 * `result` returns, so the table is the one place an operation is declared.
 */
import type { OpHost } from './checks.js';
import { Op, type OpOptions, type PreparedOp } from './op.js';
import { OPS, type OpSpec, type OpTable } from './ops.js';

type AnySpec = OpSpec<any, any, any, any>;

/** The parameters of operation `K`'s methods. */
export type OpParams<K extends keyof OpTable> = OpTable[K] extends OpSpec<infer P, infer _C, infer _A, infer _T> ? P : never;
/** What operation `K` resolves with. */
export type OpResult<K extends keyof OpTable> = OpTable[K] extends OpSpec<infer _P, infer _C, infer _A, infer T> ? T : never;

/** `ring.op.<name>(...)`: prepares an operation without submitting it. */
export type OpFactoryMethods = { [K in keyof OpTable]: (...args: OpParams<K>) => PreparedOp<OpResult<K>> };
/** `ring.<name>(...)`: prepares and starts an operation; a broken argument rejects the Promise. */
export type RingOpMethods = { [K in keyof OpTable]: (...args: OpParams<K>) => Promise<OpResult<K>> };

/** The most parameters an operation's method has (splice: six). */
const MAX_PARAMS = 6;

/**
 * Operation `spec` for the method's arguments: checked, its memory built, its SQE encoding and
 * result mapping bound. Arguments are passed one by one (missing ones as undefined, which the
 * checks' defaults treat as omitted), so that no array is made per call.
 */
export function prepareOp(spec: AnySpec, fn: string, host: OpHost, a0?: unknown, a1?: unknown, a2?: unknown, a3?: unknown, a4?: unknown, a5?: unknown): Op {
  const checked = spec.check(fn, host, a0, a1, a2, a3, a4, a5) as { options: OpOptions | undefined };
  const a = spec.memory ? spec.memory(checked) : checked;
  spec.before?.(a, fn);
  const op = new Op(spec.name, null, spec.hold ? spec.hold(a) : null);
  op.kind = spec;
  op.args = a;
  if (spec.retain) op.retained = spec.retain(a);
  if (spec.okErrno) op.okErrno = spec.okErrno;
  if (spec.where) op.where = spec.where(a);
  op.options = checked.options;
  return op;
}

// Compile-time: no operation's method has more parameters than prepareOp passes on.
type Arity = { [K in keyof OpTable]: OpParams<K>['length'] }[keyof OpTable];
const fitsMaxParams: Arity extends 0 | 1 | 2 | 3 | 4 | 5 | typeof MAX_PARAMS ? true : never = true;
void fitsMaxParams;

/** The operations with the name errors give them ("Ring.read"). */
const specs = Object.entries(OPS).map(([method, spec]: [string, AnySpec]) => ({ method, spec, fn: `Ring.${spec.name}` }));

/**
 * Prepares operations without submitting them: `ring.op.read(fd, buf)` is what
 * `ring.read(fd, buf)` submits. Prepared operations go to ring.link([...]) or ring.run(op).
 */
export interface OpFactory extends OpFactoryMethods {}
export class OpFactory {
  constructor(private readonly host: OpHost) {}
}

for (const { method, spec, fn } of specs) {
  Object.defineProperty(OpFactory.prototype, method, {
    value: function (this: { host: OpHost }, a0?: unknown, a1?: unknown, a2?: unknown, a3?: unknown, a4?: unknown, a5?: unknown): PreparedOp<unknown> {
      return prepareOp(spec, fn, this.host, a0, a1, a2, a3, a4, a5);
    },
    writable: true,
    configurable: true,
  });
}

/** What a Ring provides for its derived operation methods. */
export interface OpStarter extends OpHost {
  start<T>(op: Op<T>, options?: OpOptions): Promise<T>;
}

/** Give `proto` (the Ring's prototype) one method per operation: prepare, then start. */
export function installOpMethods(proto: OpStarter): void {
  for (const { method, spec, fn } of specs) {
    Object.defineProperty(proto, method, {
      value: function (this: OpStarter, a0?: unknown, a1?: unknown, a2?: unknown, a3?: unknown, a4?: unknown, a5?: unknown): Promise<unknown> {
        let op: Op;
        try {
          op = prepareOp(spec, fn, this, a0, a1, a2, a3, a4, a5);
        } catch (e) {
          return Promise.reject(e);
        }
        return this.start(op, op.options);
      },
      writable: true,
      configurable: true,
    });
  }
}
