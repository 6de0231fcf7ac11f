/**
 * The generated tests of a function, decided once: the effect test, the
 * valid-arguments fixture, and for each precondition how it is broken and
 * whether the raw C call proves it.
 */
import type { FunctionEntry } from '../../schema/language.js';
import type { CodeBlock, TestCode } from '../load-code.js';
import type { ModelParam } from './params.js';
import type { ModelPrecondition } from './preconditions.js';
import { compareVersions } from '../../runtime/version.js';
import { OLDEST_LIBURING } from '../rules/flags.js';

export interface PreconditionTest {
  pre: ModelPrecondition;
  title: string;
  /** `bad[index] = expr` replacements, in parameter order. */
  replace: { index: number; expr: string }[];
  /** Statements run after the replacements. */
  before?: string;
  /** Names the test takes from the fixture besides args and cleanup. */
  fixture: string[];
  /**
   * How the raw C call with the same arguments is shown to go wrong, if it
   * safely can be: C refuses them with the errno (in the result, the
   * completion, or for the libc convention (errnoVar) -1 with errno set), or
   * does the precondition's `effect`, which the entry's violation code
   * asserts after the call.
   */
  proof: { via: 'return' | 'cqe' | 'errnoVar'; errno: string } | { via: 'effect'; effect: string; code: CodeBlock } | null;
}

export interface ModelTests {
  effect?: CodeBlock;
  skip?: string;
  /** The fixture the precondition tests share. */
  valid?: CodeBlock;
  preconditions: PreconditionTest[];
  /** Every name the test code takes from the scope (the generated test imports them). */
  scope: Set<string>;
  /** Type-only names the test code uses, with the module (absolute, no extension) they come from. */
  typeImports: Map<string, string>;
  /**
   * The liburing version the C function needs, when it is newer than the oldest
   * liburing-ts supports: the raw-call proofs and the differential test then
   * expect UnsupportedError from the unchecked twin on an older liburing.
   */
  gate: { since: string; major: number; minor: number } | null;
}

/**
 * The version gate of a function's C calls in its tests, or null when every
 * supported liburing has it (and for libc functions, whose `since` is a glibc
 * version that liburing's does not gate).
 */
function versionGate(entry: FunctionEntry): ModelTests['gate'] {
  const since = entry.since;
  if (entry.library === 'libc' || compareVersions(since, OLDEST_LIBURING) <= 0) return null;
  const [major, minor] = since.split('.').map(Number) as [number, number];
  return { since, major, minor };
}

/** A function whose only argument is the ring needs no hand-written valid arguments. */
function defaultValid(name: string): CodeBlock {
  return {
    scope: ['exitQuietly', 'newRing', name],
    fixture: [],
    body: `const ring = newRing(4);\nreturn { args: [ring] as Parameters<typeof ${name}>, cleanup: () => exitQuietly(ring) };`,
    expression: false,
  };
}

function asExpression(c: CodeBlock): string {
  return c.expression ? `(${c.body})` : `(() => {\n${c.body}\n})()`;
}

export function resolveTests(entry: FunctionEntry, code: TestCode | undefined, params: ModelParam[], pres: ModelPrecondition[], where: string): ModelTests {
  const scope = new Set<string>();
  const use = (c: CodeBlock | undefined) => c?.scope.forEach((n) => scope.add(n));
  const onlyRing = params.length === 1 && params[0]!.role === 'ring';
  const valid = code?.valid ?? (onlyRing ? defaultValid(entry.name) : undefined);
  if (!entry.test.skip) use(code?.effect);
  const known = new Set(pres.map((p) => p.id));
  for (const id of Object.keys(code?.violations ?? {})) {
    if (!known.has(id)) throw new Error(`${where}: field test.violations.${id}: no precondition has this id (they are: ${[...known].join(', ')})`);
  }
  const gate = versionGate(entry);
  const tests: PreconditionTest[] = [];
  for (const pre of pres) {
    if (pre.kind === 'ringState' && pre.param.p.state !== 'live') continue; // an initialized ring is every other test's valid case
    if (pre.kind === 'ringState' && !code?.valid && !onlyRing) continue; // proven once by test/lifetimes.test.ts
    const given = code?.violations[pre.id];
    const replace: PreconditionTest['replace'] = [];
    const fixture = new Set<string>();
    let before: string | undefined;
    // A violation entry that only gives the effect code breaks the rule the default way.
    if (given && (Object.keys(given.args).length || given.before)) {
      for (const [name, arg] of Object.entries(given.args)) {
        const index = params.findIndex((mp) => mp.p.name === name);
        if (index < 0) throw new Error(`${where}: field test.violations.${pre.id}.args.${name}: ${entry.name} has no parameter ${name}`);
        if ('literal' in arg) replace.push({ index, expr: arg.literal });
        else {
          use(arg);
          arg.fixture.forEach((n) => fixture.add(n));
          replace.push({ index, expr: asExpression(arg) });
        }
      }
      if (given.before) {
        use(given.before);
        given.before.fixture.forEach((n) => fixture.add(n));
        before = given.before.expression ? `${given.before.body};` : given.before.body;
      }
    } else {
      const d = pre.defaultViolation;
      if (typeof d === 'string') throw new Error(`${where}: params.${pre.param.p.name}: precondition ${pre.id}: ${d}`);
      for (const [name, expr] of Object.entries(d.args ?? {})) {
        const index = params.findIndex((mp) => mp.p.name === name);
        replace.push({ index, expr });
      }
      before = d.before;
      if (pre.kind === 'ringState') scope.add('IoUring');
    }
    replace.sort((a, b) => a.index - b.index);
    if (!valid) throw new Error(`${where}: field test.valid: needed to test precondition ${pre.id} (return { args }, a valid argument tuple)`);
    const shown = given?.effect;
    if (pre.effect && !shown) throw new Error(`${where}: params.${pre.param.p.name}: precondition ${pre.id} has an effect: give test.violations['${pre.id}'].effect, the code that shows it after the raw call`);
    if (shown && !pre.effect) throw new Error(`${where}: field test.violations.${pre.id}.effect: say in the precondition's effect what this code shows`);
    let proof: PreconditionTest['proof'] = null;
    if (pre.effect && shown) {
      use(shown);
      shown.fixture.filter((n) => n !== 'result').forEach((n) => fixture.add(n));
      proof = { via: 'effect', effect: pre.effect, code: shown };
    } else if (pre.errno && !pre.unprovable) {
      const via = entry.returns.kind === 'libc' && pre.reportedIn === 'return' ? 'errnoVar' : pre.reportedIn;
      proof = { via, errno: pre.errno };
    }
    if (proof?.via === 'cqe') fixture.add('ring');
    const note = proof
      ? proof.via === 'effect'
        ? `, and the raw call shows why: ${proof.effect}`
        : proof.via === 'errnoVar'
          ? `, and C fails with ${proof.errno}`
          : `, and C gives -${proof.errno}${gate ? ` (with liburing ${gate.since}+; an older one has no ${entry.name} to call)` : ''}`
      : pre.errno
        ? ` (C's -${pre.errno} is not exercised: ${pre.unprovable})`
        : ` (nothing in C checks it${pre.unprovable && !pre.implicit ? `: ${pre.unprovable}` : ''})`;
    const same = pres.filter((x) => x.param === pre.param && x.kind === pre.kind);
    const nth = same.length > 1 ? ` #${same.indexOf(pre) + 1}` : '';
    tests.push({ pre, title: `${pre.param.p.name}: ${pre.kind}${nth} is checked before C is called${note}`, replace, before, fixture: [...fixture].sort(), proof });
  }
  // The differential test of a JavaScript implementation calls valid() too.
  if (tests.length || (entry.js && valid)) use(valid);
  return { effect: code?.effect, skip: entry.test.skip, valid, preconditions: tests, scope, typeImports: code?.typeImports ?? new Map(), gate };
}
