/**
 * The ABI probe: a C program, generated from the model, that prints what the
 * compiler says about every struct the schema lays out (sizeof, _Alignof,
 * offsetof and sizeof of every member, the flexible array's offset and element
 * size) and every constant's value; then compiling and running it with the
 * machine's cc against the provisioned headers, and comparing with the model.
 *
 * Each item is gated by its own version, as the schema records it: a struct,
 * member or constant of liburing's headers is probed in the headers of its
 * `since` and later (and before a struct's `removed`), one of the kernel's uapi
 * headers in those of its `kernel` and later, and a constant whose value
 * changed is expected to have the value of that release (`history`).
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
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Model } from '../../generator/model.js';
import { isLiburingHeader, isUapiHeader, valueIn } from '../../schema/language/constants.js';
import { compareVersions } from '../../runtime/version.js';

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

/** The versions a set of headers is from: liburing's (io_uring_version.h) and the kernel uapi headers' (linux/version.h). */
export interface HeaderVersions {
  liburing: string;
  kernel: string;
}

function defineOf(text: string, name: string): number | null {
  const m = new RegExp(`#define\\s+${name}\\s+(\\d+)`).exec(text);
  return m ? Number(m[1]) : null;
}

/** Read the versions of the headers in an include folder; throws when it is not a provisioned liburing one. */
export function headerVersions(include: string): HeaderVersions {
  const lib = join(include, 'liburing/io_uring_version.h');
  const uapi = join(include, 'linux/version.h');
  if (!existsSync(lib) || !existsSync(uapi)) throw new Error(`${include} lacks liburing/io_uring_version.h or linux/version.h: not a provisioned liburing-dev and linux-libc-dev`);
  const l = readFileSync(lib, 'utf8');
  const k = readFileSync(uapi, 'utf8');
  const [major, minor] = [defineOf(l, 'IO_URING_VERSION_MAJOR'), defineOf(l, 'IO_URING_VERSION_MINOR')];
  const [kmajor, kminor] = [defineOf(k, 'LINUX_VERSION_MAJOR'), defineOf(k, 'LINUX_VERSION_PATCHLEVEL')];
  if (major === null || minor === null || kmajor === null || kminor === null) throw new Error(`cannot read the versions from ${lib} and ${uapi}`);
  return { liburing: `${major}.${minor}`, kernel: `${kmajor}.${kminor}` };
}

/** Whether headers of these versions have an item of this header with this `since` (liburing), `kernel` (uapi) and `removed`. */
export function inHeaders(header: string, item: { since?: string; kernel?: string; removed?: string }, v: HeaderVersions): boolean {
  if (isLiburingHeader(header)) {
    if (item.since && compareVersions(v.liburing, item.since) < 0) return false;
    return !item.removed || compareVersions(v.liburing, item.removed) < 0;
  }
  if (isUapiHeader(header)) return !item.kernel || compareVersions(v.kernel, item.kernel) >= 0;
  return true; // libc headers: the host's glibc, not versioned by the schema
}

/** An item the gate left out, for the report of what these headers could not check. */
export interface Gated {
  kind: 'struct' | 'member' | 'const';
  what: string;
  /** The identifier to look for in the header text: present there means the recorded version is too late. */
  name: string;
  header: string;
}

/**
 * Every probe the model implies for headers of these versions, and the items
 * left out because those headers predate (or postdate) them.
 */
export function probesFor(model: Model, v: HeaderVersions): { probes: Probe[]; gated: Gated[] } {
  const probes: Probe[] = [];
  const gated: Gated[] = [];
  for (const [tag, laid] of model.structs) {
    const T = cTypeOf(model, tag);
    const header = laid.entry.header;
    if (!inHeaders(header, laid.entry, v)) {
      gated.push({ kind: 'struct', what: `${T} (${versionText(laid.entry)})`, name: tag, header });
      continue;
    }
    const whole = { kind: 'ident', name: tag } as const;
    probes.push({ key: `size\t${tag}`, expr: `sizeof(${T})`, format: 'zu', expected: BigInt(laid.size), refusal: whole, what: `sizeof(${T})` });
    probes.push({ key: `align\t${tag}`, expr: `_Alignof(${T})`, format: 'zu', expected: BigInt(laid.align), refusal: whole, what: `_Alignof(${T})` });
    for (const f of laid.fields) {
      if (!inHeaders(header, f, v)) {
        gated.push({ kind: 'member', what: `${T}.${f.name} (${versionText(f)})`, name: f.name, header });
        continue;
      }
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
    if (laid.flexible && !inHeaders(header, laid.flexible, v)) gated.push({ kind: 'member', what: `${T}.${laid.flexible.name}[] (${versionText(laid.flexible)})`, name: laid.flexible.name, header });
    else if (laid.flexible) {
      const x = laid.flexible;
      const refusal = { kind: 'member', cType: T, member: x.name } as const;
      probes.push({ key: `flex\t${tag}\t${x.name}`, expr: `offsetof(${T}, ${x.name})`, format: 'zu', expected: BigInt(x.offset), refusal, what: `offsetof(${T}, ${x.name}) (flexible array)` });
      probes.push({ key: `fsize\t${tag}\t${x.name}`, expr: `sizeof(((${T} *)0)->${x.name}[0])`, format: 'zu', expected: BigInt(x.elemSize), refusal, what: `sizeof(((${T} *)0)->${x.name}[0]) (${x.cType})` });
    }
  }
  for (const g of model.schema.constants) {
    const signed = g.entry.cType === 'int';
    for (const c of g.entry.values) {
      const item = { since: c.since ?? g.entry.since, kernel: c.kernel ?? g.entry.kernel };
      if (!inHeaders(g.entry.header, item, v)) {
        gated.push({ kind: 'const', what: `${c.name} (${g.entry.group}, ${versionText(item)})`, name: c.name, header: g.entry.header });
        continue;
      }
      const value = isLiburingHeader(g.entry.header) ? valueIn(c, v.liburing) : c.value;
      probes.push({
        key: `const\t${g.entry.group}\t${c.name}`,
        expr: signed ? `(long long)(${c.name})` : `(unsigned long long)(${c.name})`,
        format: signed ? 'lld' : 'llu',
        expected: BigInt(value),
        refusal: { kind: 'ident', name: c.name },
        what: `${c.name} (${g.entry.group}, ${g.entry.cType})`,
      });
    }
  }
  return { probes, gated };
}

function versionText(item: { since?: string; kernel?: string; removed?: string }): string {
  return [item.since ? `since liburing ${item.since}` : '', item.removed ? `removed in liburing ${item.removed}` : '', item.kernel ? `since Linux ${item.kernel}` : ''].filter(Boolean).join(', ');
}

/**
 * Gated items whose name the headers' text nevertheless has: their recorded
 * version is later than the headers that define them. A constant or struct
 * named in the very header file it is gated for is a wrong version; members
 * are left out (their names, like `pad`, recur across structs).
 */
export function presentAnyway(gated: Gated[], include: string): string[] {
  const out: string[] = [];
  const texts = new Map<string, string>();
  const text = (h: string) => {
    if (!texts.has(h)) {
      const f = join(include, h);
      texts.set(h, existsSync(f) ? readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '') : '');
    }
    return texts.get(h)!;
  };
  for (const g of gated) {
    if (g.kind === 'member') continue;
    const pattern = g.kind === 'const' ? new RegExp(`\\b${g.name}\\b`) : new RegExp(`struct\\s+${g.name}\\s*\\{`);
    if (pattern.test(text(g.header))) out.push(`${g.what}: defined in ${g.header} of these headers, so its recorded version is too late`);
  }
  return out;
}

/** The headers to include: the base ones, then every header a struct or constant group of these headers' versions names. */
export function headersFor(model: Model, v: HeaderVersions): string[] {
  const named = new Set<string>();
  for (const s of model.schema.structs) if (inHeaders(s.entry.header, s.entry, v)) named.add(s.entry.header);
  for (const g of model.schema.constants) if (inHeaders(g.entry.header, g.entry, v)) named.add(g.entry.header);
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
