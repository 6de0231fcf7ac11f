/**
 * The ABI probe: a C program, generated from the model, that prints what the
 * compiler says about every struct the schema lays out (sizeof, _Alignof,
 * offsetof and sizeof of every member, the flexible array's offset and element
 * size) and every constant's value; then compiling and running it with the
 * machine's cc against the provisioned headers, and comparing with the model.
 *
 * Probe output, one fact a line, tab-separated:
 *   size    <struct> <bytes>
 *   align   <struct> <bytes>
 *   offset  <struct> <member> <bytes>
 *   msize   <struct> <member> <bytes>      (sizeof the member, arrays whole)
 *   flex    <struct> <member> <offset>
 *   fsize   <struct> <member> <element bytes>
 *   const   <group> <name> <value>
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Model } from '../../generator/model.js';
import type { FieldInput } from '../../schema/language/struct.js';
import { compareVersions } from '../../runtime/version.js';

/**
 * Whether something the schema says liburing `since` added is missing from the
 * headers of liburing `version` (null: unknown, everything is probed).
 */
export function newerThan(since: string | undefined, version: string | null): boolean {
  return since !== undefined && version !== null && compareVersions(since, version) > 0;
}

/** Headers every probe includes, before the ones the schema entries name. */
export const BASE_HEADERS = ['liburing.h', 'sys/uio.h', 'linux/time_types.h'];

export const INSTALL_CC =
  'the ABI test needs a C compiler: `cc` was not found on PATH. Install gcc ' +
  '(on Debian/Ubuntu: `sudo apt-get install build-essential`) and run the test again.';

/** One thing the probe asks C, with what the model says it should be. */
export interface Probe {
  /** The fact's key, as the probe prints it (everything but the value), e.g. "offset\tio_uring_sqe\tfd". */
  key: string;
  /** The C expression whose value is printed. */
  expr: string;
  /** printf conversion: unsigned sizes/offsets, or signed/unsigned long long constants. */
  format: 'zu' | 'lld' | 'llu';
  /** What the model computed. */
  expected: bigint;
  /** What to drop if the compiler refuses this probe: a member (struct type + member name) or an identifier. */
  refusal: { kind: 'member'; cType: string; member: string } | { kind: 'ident'; name: string };
  /** Human-readable description for the diff. */
  what: string;
}

export function cTypeOf(model: Model, tag: string): string {
  const s = model.structs.get(tag);
  if (!s) throw new Error(`no struct ${tag} in the model`);
  return s.entry.cType ?? `struct ${tag}`;
}

/** Every probe the model implies. */
/** The `since` of the member called `name`, looked for through unions and anonymous structs. */
function fieldSince(fields: readonly FieldInput[], name: string): string | undefined {
  for (const f of fields) {
    if ('name' in f) {
      if (f.name === name) return f.since;
    } else {
      const inner = fieldSince('union' in f ? f.union : f.struct, name);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}

/**
 * Every probe the model implies for the headers of liburing `version`: structs,
 * members and constants newer than those headers are left out (they are proven
 * when a liburing that has them is provisioned, LIBURING_SUITE=sid).
 */
export function probesFor(model: Model, version: string | null = null): Probe[] {
  const probes: Probe[] = [];
  for (const [tag, laid] of model.structs) {
    if (newerThan(laid.entry.since, version)) continue;
    const T = cTypeOf(model, tag);
    const whole = { kind: 'ident', name: tag } as const;
    probes.push({ key: `size\t${tag}`, expr: `sizeof(${T})`, format: 'zu', expected: BigInt(laid.size), refusal: whole, what: `sizeof(${T})` });
    probes.push({ key: `align\t${tag}`, expr: `_Alignof(${T})`, format: 'zu', expected: BigInt(laid.align), refusal: whole, what: `_Alignof(${T})` });
    for (const f of laid.fields) {
      if (newerThan(fieldSince(laid.entry.fields, f.name), version)) continue;
      const refusal = { kind: 'member', cType: T, member: f.name } as const;
      probes.push({ key: `offset\t${tag}\t${f.name}`, expr: `offsetof(${T}, ${f.name})`, format: 'zu', expected: BigInt(f.offset), refusal, what: `offsetof(${T}, ${f.name})` });
      probes.push({
        key: `msize\t${tag}\t${f.name}`,
        expr: `sizeof(((${T} *)0)->${f.name})`,
        format: 'zu',
        expected: BigInt(f.size * f.count),
        refusal,
        what: `sizeof(((${T} *)0)->${f.name}) (${f.cType}${f.count !== 1 ? `[${f.count}]` : ''})`,
      });
    }
    if (laid.flexible) {
      const x = laid.flexible;
      const refusal = { kind: 'member', cType: T, member: x.name } as const;
      probes.push({ key: `flex\t${tag}\t${x.name}`, expr: `offsetof(${T}, ${x.name})`, format: 'zu', expected: BigInt(x.offset), refusal, what: `offsetof(${T}, ${x.name}) (flexible array)` });
      probes.push({ key: `fsize\t${tag}\t${x.name}`, expr: `sizeof(((${T} *)0)->${x.name}[0])`, format: 'zu', expected: BigInt(x.elemSize), refusal, what: `sizeof(((${T} *)0)->${x.name}[0]) (${x.cType})` });
    }
  }
  for (const g of model.schema.constants) {
    if (newerThan(g.entry.since, version)) continue;
    const signed = g.entry.cType === 'int';
    for (const v of g.entry.values) {
      if (newerThan(v.since, version)) continue;
      probes.push({
        key: `const\t${g.entry.group}\t${v.name}`,
        expr: signed ? `(long long)(${v.name})` : `(unsigned long long)(${v.name})`,
        format: signed ? 'lld' : 'llu',
        expected: BigInt(v.value),
        refusal: { kind: 'ident', name: v.name },
        what: `${v.name} (${g.entry.group}, ${g.entry.cType})`,
      });
    }
  }
  return probes;
}

/** The headers to include: the base ones, then every header a struct or constant group names. */
export function headersFor(model: Model, version: string | null = null): string[] {
  const named = new Set<string>();
  for (const s of model.schema.structs) if (!newerThan(s.entry.since, version)) named.add(s.entry.header);
  for (const g of model.schema.constants) if (!newerThan(g.entry.since, version)) named.add(g.entry.header);
  return [...BASE_HEADERS, ...[...named].filter((h) => !BASE_HEADERS.includes(h)).sort()];
}

const cString = (s: string) => JSON.stringify(s); // keys are identifiers and tabs: JSON escapes are valid C escapes

export function programFor(headers: string[], probes: Probe[]): string {
  const lines = [
    '/* Generated by test/support/abi-probe.ts for the ABI test. */',
    '#define _GNU_SOURCE',
    '#include <stddef.h>',
    '#include <stdio.h>',
    ...headers.map((h) => `#include <${h}>`),
    '',
    'int main(void) {',
    ...probes.map((p) => `\tprintf("%s\\t%${p.format}\\n", ${cString(p.key)}, ${p.expr});`),
    '\treturn 0;',
    '}',
    '',
  ];
  return lines.join('\n');
}

export interface CompileResult {
  /** Values C printed, by probe key. */
  values: Map<string, bigint>;
  /** Probes the compiler refused (a member or identifier the headers do not have), with gcc's reason. */
  refused: { probe: Probe; reason: string }[];
}

/** Whether `cc` is on PATH. */
export function haveCc(): boolean {
  const r = spawnSync('cc', ['--version'], { stdio: 'ignore' });
  return !r.error;
}

/**
 * Which probes gcc's errors refuse: "'X' undeclared", "'struct s' has no member
 * named 'm'", "unknown type name"/"invalid application of sizeof to incomplete
 * type 'struct s'". Returns null when an error is not one of those.
 */
function refusedBy(stderr: string, probes: Probe[]): { probe: Probe; reason: string }[] | null {
  const out: { probe: Probe; reason: string }[] = [];
  const errors = stderr.split('\n').filter((l) => /\berror:/.test(l));
  if (!errors.length) return null;
  const strip = (s: string) => s.replace(/[‘’']/g, "'");
  for (const raw of errors) {
    const line = strip(raw);
    let hit: Probe[] = [];
    let m: RegExpExecArray | null;
    if ((m = /'(\w+)' undeclared/.exec(line))) {
      const name = m[1]!;
      hit = probes.filter((p) => p.refusal.kind === 'ident' && p.refusal.name === name);
    } else if ((m = /'([^']+)' has no member named '(\w+)'/.exec(line))) {
      const [, type, member] = m;
      hit = probes.filter((p) => p.refusal.kind === 'member' && p.refusal.cType === type && p.refusal.member === member);
    } else if ((m = /incomplete type '(?:struct )?(\w+)'/.exec(line)) || (m = /unknown type name '(\w+)'/.exec(line))) {
      const tag = m[1]!;
      hit = probes.filter((p) => p.key.split('\t')[1] === tag && p.key.split('\t')[0] !== 'const');
    }
    if (!hit.length) return null;
    for (const probe of hit) if (!out.some((o) => o.probe === probe)) out.push({ probe, reason: line.replace(/^.*?error:\s*/, '').trim() });
  }
  return out;
}

/**
 * Compile and run the probe program in a temp folder. Probes the compiler
 * refuses are dropped (and returned as refused) and the rest recompiled, so one
 * missing name does not hide every other comparison.
 */
export function compileAndRun(headers: string[], probes: Probe[], include: string | null): CompileResult {
  const dir = mkdtempSync(join(tmpdir(), 'liburing-ts-abi-'));
  const refused: CompileResult['refused'] = [];
  try {
    let live = probes;
    for (let attempt = 0; ; attempt++) {
      const src = join(dir, 'abi.c');
      const exe = join(dir, 'abi');
      writeFileSync(src, programFor(headers, live));
      const args = [...(include ? ['-I', include] : []), '-std=gnu11', '-O0', '-o', exe, src];
      const cc = spawnSync('cc', args, { encoding: 'utf8', timeout: 60_000 });
      if (cc.error) {
        if ((cc.error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(INSTALL_CC);
        throw cc.error;
      }
      if (cc.status !== 0) {
        const more = attempt < 5 ? refusedBy(cc.stderr, live) : null;
        if (!more) {
          throw new Error(`cc ${args.join(' ')} failed (exit ${cc.status}):\n${cc.stderr}` + (include ? '' : '\n(no provisioned include folder: the system headers were used; does it have liburing.h 2.9?)'));
        }
        refused.push(...more);
        const gone = new Set(more.map((r) => r.probe));
        live = live.filter((p) => !gone.has(p));
        continue;
      }
      const run = spawnSync(exe, [], { encoding: 'utf8', timeout: 30_000 });
      if (run.error) throw run.error;
      if (run.status !== 0) throw new Error(`the ABI probe exited with ${run.status ?? run.signal}:\n${run.stderr}`);
      const values = new Map<string, bigint>();
      for (const line of run.stdout.split('\n')) {
        if (!line) continue;
        const i = line.lastIndexOf('\t');
        values.set(line.slice(0, i), BigInt(line.slice(i + 1)));
      }
      return { values, refused };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every disagreement between the model and C, as readable lines; [] when they agree. */
export function mismatches(probes: Probe[], result: CompileResult): string[] {
  const out: string[] = [];
  for (const { probe, reason } of result.refused) out.push(`${probe.what}: not in the C headers (${reason}); schema says ${probe.expected}`);
  const refused = new Set(result.refused.map((r) => r.probe));
  for (const p of probes) {
    if (refused.has(p)) continue;
    const c = result.values.get(p.key);
    if (c === undefined) out.push(`${p.what}: the probe printed no value`);
    else if (c !== p.expected) out.push(`${p.what}: C says ${c}, schema says ${p.expected}`);
  }
  return out;
}
