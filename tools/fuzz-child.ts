/**
 * One process of `npm run fuzz` (tools/fuzz.ts): runs the property test of one
 * generated test file (generated/tests/<name>.test.ts, the test named "... valid
 * and hostile arguments ...") with `runs` runs and a fixed fast-check seed,
 * outside vitest, so that a crash is this process dying by a signal, which the
 * parent sees.
 *
 *   node --import tsx tools/fuzz-child.ts <test file> <runs> <seed> <trace file>
 *
 * Before every call it overwrites <trace file> with the call about to be made
 * (the function and a description of each argument, the run number and the
 * seed), so that when the process dies the parent can say which call killed
 * it. At the end it prints `RESULT <json>`: calls made, or the property's
 * failure (fast-check's message, with its seed and counterexample).
 *
 * The test file's `import ... from 'vitest'` is resolved to a small stand-in
 * that only collects the property tests; none of the file's other tests run.
 * FUZZ_INJECT_CRASH_AT=<n> makes call n a real segmentation fault, to check
 * that crashes are caught and reported.
 */
import { openSync, writeSync } from 'node:fs';
import { register } from 'node:module';
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import koffi from 'koffi';
import { FuzzWorld } from '../runtime/fuzz.js';

const [file, runsArg, seedArg, traceFile] = process.argv.slice(2) as [string, string, string, string];
const runs = Number(runsArg);
const seed = Number(seedArg);
if (!file || !Number.isSafeInteger(runs) || runs <= 0 || !Number.isSafeInteger(seed) || !traceFile) {
  process.stderr.write('usage: node --import tsx tools/fuzz-child.ts <test file> <runs> <seed> <trace file>\n');
  process.exit(2);
}

// The generated property tests make fuzzRuns() calls: FUZZ_RUNS, read when the test runs.
process.env.FUZZ_RUNS = String(runs);
fc.configureGlobal({ seed });

// ---- 'vitest' as a stand-in that collects the property tests ------------------------------
const SHIM = `
const collected = (globalThis.__fuzzTests ??= []);
const names = [];
const PROPERTY = /valid and hostile/;
function noop() {}
export function describe(name, fn) { names.push(name); try { fn(); } finally { names.pop(); } }
describe.skip = noop; describe.only = describe; describe.concurrent = describe; describe.sequential = describe;
export function test(name, fn) { if (PROPERTY.test(name)) collected.push({ name: [...names, name].join(' > '), fn }); }
test.skip = noop; test.todo = noop; test.fails = noop; test.only = test; test.concurrent = test; test.sequential = test;
export const it = test;
export function expect() { throw new Error('expect() is not available in the fuzz runner'); }
export const beforeAll = noop, afterAll = noop, beforeEach = noop, afterEach = noop;
export const vi = new Proxy({}, { get() { throw new Error('vi is not available in the fuzz runner'); } });
`;
const shimUrl = `data:text/javascript,${encodeURIComponent(SHIM)}`;
const hooks = `
export async function resolve(specifier, context, next) {
  if (specifier === 'vitest') return { url: ${JSON.stringify(shimUrl)}, shortCircuit: true };
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, import.meta.url);

// ---- tracing: the arguments of every call, written before the call ------------------------
const traceFd = openSync(traceFile, 'w');
let currentTest = '';
let calls = 0;
/** Arguments generated since the last call (the arbitraries of FuzzWorld record what they produce). */
const recent: unknown[] = [];
const injectAt = Number(process.env.FUZZ_INJECT_CRASH_AT ?? 0);

type Proto = Record<string, (...a: unknown[]) => fc.Arbitrary<unknown>>;
const proto = FuzzWorld.prototype as unknown as Proto;
for (const method of Object.getOwnPropertyNames(FuzzWorld.prototype)) {
  if (['constructor', 'call', 'close'].includes(method) || typeof proto[method] !== 'function') continue;
  const original = proto[method]!;
  proto[method] = function (this: unknown, ...a: unknown[]) {
    const arb = original.apply(this, a);
    if (!arb || typeof (arb as fc.Arbitrary<unknown>).map !== 'function') return arb;
    return arb.map((value) => {
      // Nested arbitraries (struct() uses ring()) report the same object twice in a row: keep one.
      if (recent[recent.length - 1] !== value) recent.push(value);
      if (recent.length > 256) recent.splice(0, 128);
      return value;
    });
  };
}

function describeArg(a: unknown): string {
  try {
    return fc.stringify(a);
  } catch {
    return String(a);
  }
}

const originalCall = FuzzWorld.prototype.call;
FuzzWorld.prototype.call = function (this: FuzzWorld, fn: () => unknown): void {
  calls++;
  // The call site is `() => io_uring_x(a0.value, a1.value, ...)`: its name and arity.
  const src = fn.toString();
  const name = /=>\s*([A-Za-z_$][\w$]*)\s*\(/.exec(src)?.[1] ?? '(call)';
  const arity = (src.match(/\ba\d+\.value\b/g) ?? []).length;
  const args = arity > 0 ? recent.slice(-arity) : [];
  recent.length = 0;
  const line = `${file} | ${currentTest} | seed ${seed} | call ${calls} of ${runs}\n${name}(${args.map(describeArg).join(', ')})\n`;
  writeSync(traceFd, line + '\0', 0);
  if (calls === injectAt) {
    // A real crash: read the zero page.
    return void new Uint8Array(koffi.view(8n, 8))[0];
  }
  return originalCall.call(this, fn);
};

// ---- run ------------------------------------------------------------------------------------
const t0 = performance.now();
await import(pathToFileURL(resolvePath(file)).href);
const tests = ((globalThis as { __fuzzTests?: { name: string; fn: () => unknown }[] }).__fuzzTests ?? []).slice();
let failure: string | null = null;
for (const t of tests) {
  currentTest = t.name;
  try {
    await t.fn();
  } catch (e) {
    failure = `${t.name}: ${(e as Error)?.message ?? String(e)}`;
    break;
  }
}
writeSync(traceFd, `finished after ${calls} calls\n\0`, 0);
process.stdout.write(`RESULT ${JSON.stringify({ file, seed, runs, tests: tests.length, calls, ms: Math.round(performance.now() - t0), failure })}\n`);
process.exitCode = failure ? 1 : 0;
