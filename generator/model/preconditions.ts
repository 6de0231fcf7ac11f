/**
 * Preconditions, resolved once per function: the implicit ones (a ring's
 * state, a pointer's element count) and the schema's, each with its
 * identity, its check and explanation code from the rule registry, its
 * docs wording and how its generated test breaks it.
 */
import type { FunctionEntry } from '../../schema/language.js';
import { ruleKind, type RuleContext } from '../rules/index.js';
import type { DefaultViolation } from '../rules/kind.js';
import type { Constants } from './constants.js';
import type { ModelParam } from './params.js';
import { INT_LIMITS } from '../../runtime/ctypes.js';

export interface ModelPrecondition {
  /** "<param>.<kind>" (#2, #3 for further rules of the same kind on the parameter), or the schema's own id. */
  id: string;
  param: ModelParam;
  kind: string;
  /** Derived from another fact (ringState, count) rather than written as a rule. */
  implicit: boolean;
  message: string;
  source: string;
  errno: string | null;
  reportedIn: 'return' | 'cqe';
  /** What C does instead of refusing, which the generated test shows after the raw call. */
  effect?: string;
  /** Why the raw C call cannot prove it, if it cannot. */
  unprovable?: string;
  /** Expressions over the arguments: true when the rule holds; { seen?, hint? } when it does not. */
  check: string;
  /** What the wrapper's guard evaluates for it: check, or an expression it shares with a family of rules. */
  guard: string;
  explain: string;
  /** The rule in words for the API reference. */
  describe: string;
  /** A fast-check arbitrary of valid values, if the rule gives one. */
  fuzz: string | null;
  /** How the generated test breaks it when the schema's test.violations says nothing. */
  defaultViolation: DefaultViolation;
}

export interface PreconditionContext {
  entry: FunctionEntry;
  where: string;
  params: ModelParam[];
  constants: Constants;
  /** Module-level helpers the checks need (versioned flag tables), by name. */
  hoisted: Map<string, string>;
}

function ruleContext(mp: ModelParam, ctx: PreconditionContext): RuleContext {
  return {
    value: mp.p.name,
    index: mp.index,
    indexOf: (name) => {
      const i = ctx.params.findIndex((x) => x.p.name === name);
      if (i < 0) throw new Error(`${ctx.where}: params.${mp.p.name}: names parameter ${name}, which ${ctx.entry.name} does not have`);
      return i;
    },
    constant: (name) => ctx.constants.get(name, `${ctx.where}: params.${mp.p.name}`),
    group: (name) => ctx.constants.group(name, `${ctx.where}: params.${mp.p.name}`),
    bits: mp.ct.kind === 'int' ? INT_LIMITS[mp.ct.int].bits : undefined,
    element: mp.element,
    hoist: (name, code) => {
      const prev = ctx.hoisted.get(name);
      if (prev !== undefined && prev !== code) throw new Error(`${ctx.where}: two different helpers named ${name}`);
      ctx.hoisted.set(name, code);
      return name;
    },
  };
}

function make(mp: ModelParam, kind: string, rule: { kind: string }, facts: Omit<ModelPrecondition, 'param' | 'kind' | 'check' | 'guard' | 'explain' | 'describe' | 'fuzz' | 'defaultViolation' | 'id'>, id: string, ctx: PreconditionContext): ModelPrecondition {
  const k = ruleKind(kind);
  const rc = ruleContext(mp, ctx);
  const check = k.check(rule, rc);
  return {
    id, param: mp, kind, ...facts,
    check,
    guard: k.guard?.(rule, rc) ?? check,
    explain: k.explain(rule, rc),
    describe: k.describe(rule, rc),
    fuzz: k.fuzz?.(rule, rc) ?? null,
    defaultViolation: k.violation(rule, rc),
  };
}

const elementWords = (mp: ModelParam, n: number | string) => {
  const e = mp.element!;
  if (e.kind === 'byte') return `${n} bytes`;
  if (e.kind === 'pointer') return `room for ${n} entries`;
  return `${n} × ${e.cType}`;
};

/** Every precondition of a function, in parameter order: implicit ones first on each parameter. */
export function resolvePreconditions(ctx: PreconditionContext): ModelPrecondition[] {
  const out: ModelPrecondition[] = [];
  const ids = new Set<string>();
  const take = (id: string) => {
    if (ids.has(id)) throw new Error(`${ctx.where}: two preconditions have the id ${id}`);
    ids.add(id);
    return id;
  };
  for (const mp of ctx.params) {
    if (mp.role === 'ring') {
      const live = mp.p.state === 'live';
      out.push(make(mp, 'ringState', { kind: 'ringState', state: mp.p.state } as never, live
        ? { implicit: true, message: 'the ring must be initialized (io_uring_queue_init, _params or _mem succeeded) and not exited', source: 'liburing src/setup.c: io_uring_queue_exit after a failed init closes fd 0 (issue #448)', errno: null, reportedIn: 'return', unprovable: 'liburing would use a zeroed struct io_uring (fd 0)' }
        : { implicit: true, message: 'the ring must not be initialized already: exit it with io_uring_queue_exit first, or use a new IoUring', source: 'liburing src/setup.c: init overwrites the struct, leaking the live ring', errno: null, reportedIn: 'return', unprovable: 'the valid case of every other test is an initialized ring' }, take(`${mp.p.name}.ringState`), ctx));
    }
    if (mp.p.count !== undefined) {
      const n = mp.p.count;
      const writes = mp.p.dir !== 'in' || mp.ct.kind === 'structOut';
      out.push(make(mp, 'count', { kind: 'count', count: n } as never, {
        implicit: true,
        message: `${mp.p.name} must hold ${elementWords(mp, n)}: C ${writes ? 'writes' : 'reads'} that many${typeof n === 'string' && /^[a-z_][a-z0-9_]*$/.test(n) ? ` (${n})` : ''}`,
        source: mp.p.countSource ?? `${ctx.entry.man ?? 'liburing.h'}: the prototype's ${mp.p.type} ${mp.p.name} covers ${n} element${n === 1 ? '' : 's'}`,
        errno: null,
        reportedIn: 'return',
        unprovable: `C would ${writes ? 'write' : 'read'} past the end of ${mp.p.name}`,
      }, take(`${mp.p.name}.count`), ctx));
    }
    const seen = new Map<string, number>();
    for (const pre of mp.p.preconditions) {
      const nth = (seen.get(pre.rule.kind) ?? 0) + 1;
      seen.set(pre.rule.kind, nth);
      const id = take(pre.id ?? `${mp.p.name}.${pre.rule.kind}${nth > 1 ? `#${nth}` : ''}`);
      out.push(make(mp, pre.rule.kind, pre.rule, { implicit: false, message: pre.message, source: pre.source, errno: pre.errno, reportedIn: pre.reportedIn, effect: pre.effect, unprovable: pre.unprovable }, id, ctx));
    }
  }
  return out;
}

/** A destructuring pattern of the parameters that expressions use, e.g. "[entries, , p]". */
export function argsPattern(params: ModelParam[], exprs: string[]): string {
  // Words inside string literals are not uses.
  const code = exprs.map((e) => e.replace(/'(?:[^'\\]|\\.)*'/g, "''"));
  const used = params.map((mp) => code.some((e) => new RegExp(`(?<![.\\w])${mp.p.name}\\b`).test(e)));
  const last = used.lastIndexOf(true);
  if (last < 0) return '[]';
  return '[' + params.slice(0, last + 1).map((mp, i) => (used[i] ? mp.p.name : '')).join(', ') + ']';
}
