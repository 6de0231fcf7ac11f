/**
 * API coverage: which functions the loaded liburing exports (the defined
 * dynamic symbols of liburing-ffi.so.2 and liburing.so.2, read with
 * `nm -D --defined-only`), and how many of them the schema covers, per
 * category. An exported function that is neither in the schema nor in
 * schema/coverage-exclusions.ts (with its reason) is a gap, and fails the
 * report (`npm run coverage:api`).
 */
import { execFileSync } from 'node:child_process';
import type { FunctionEntry } from '../schema/language.js';
import { coverageExclusions, type CoverageExclusion } from '../schema/coverage-exclusions.js';
import type { LiburingInstall } from '../runtime/provision/provision.js';
import { compareVersions } from '../runtime/version.js';

/** The schema's categories, in report order. */
export const CATEGORIES = ['setup', 'sqe', 'prep', 'submit', 'cqe', 'register', 'buf-ring', 'probe', 'version', 'misc'] as const;

export class NmMissingError extends Error {
  override name = 'NmMissingError';
}

/** The functions a shared object exports: defined text symbols, without their version suffix. */
export function exportedFunctions(path: string): string[] {
  let out: string;
  try {
    out = execFileSync('nm', ['-D', '--defined-only', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 16 << 20 });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new NmMissingError('`nm` was not found on PATH: install binutils (Debian/Ubuntu: `sudo apt-get install binutils`) to read the symbols liburing exports');
    throw new Error(`nm -D --defined-only ${path} failed: ${(err.stderr || err.message).trim()}`);
  }
  const names = new Set<string>();
  for (const line of out.split('\n')) {
    // "0000000000008630 T __io_uring_buf_ring_cq_advance@@LIBURING_2.4"
    const m = /^[0-9a-fA-F]*\s+([TtWwi])\s+(\S+)$/.exec(line.trim());
    if (!m || m[1] === 't') continue;
    const name = m[2]!.replace(/@.*$/, '');
    if (/^_*(io_uring|uring)_/.test(name)) names.add(name);
  }
  return [...names].sort();
}

/** The category of a function the schema does not have, guessed from its name the way the schema files are sorted. */
export function guessCategory(name: string): string {
  const n = name.replace(/^_+/, '');
  if (/^io_uring_prep_/.test(n)) return 'prep';
  if (/buf_ring/.test(n)) return 'buf-ring';
  if (/probe|opcode_supported/.test(n)) return 'probe';
  if (/version/.test(n)) return 'version';
  if (/^io_uring_(un)?register|clone_buffers|set_iowait/.test(n)) return 'register';
  if (/cqe|^io_uring_cq_|recvmsg_/.test(n)) return 'cqe';
  if (/^io_uring_(submit|enter|get_events|sq_ready|sq_space_left|sqring_wait)/.test(n)) return 'submit';
  if (/sqe/.test(n)) return 'sqe';
  if (/queue_|^io_uring_setup$|mlock|memory_size|ring_fd|enable_rings|resize_rings|dontfork/.test(n)) return 'setup';
  return 'misc';
}

export interface CategoryRow {
  category: string;
  covered: number;
  excluded: number;
  missing: number;
  total: number;
}

export interface CoverageReport {
  version: string;
  origin: string;
  libraries: { which: 'ffi' | 'liburing'; path: string; count: number }[];
  /** Every function either library exports. */
  exported: string[];
  rows: CategoryRow[];
  total: CategoryRow;
  /** Exported, neither in the schema nor excluded: gaps. */
  missing: { name: string; category: string }[];
  /** Exported and excluded. */
  excluded: { name: string; reason: string }[];
  /** Schema entries newer than the loaded liburing: version-gated, absent as expected. */
  newer: { name: string; since: string }[];
  /** Problems besides gaps: entries the library should export but does not, exclusions of functions the schema has. */
  problems: string[];
}

/** Compare the loaded library's exports with the schema and the exclusion list. */
export function coverage(
  functions: readonly FunctionEntry[],
  install: LiburingInstall,
  exclusions: readonly CoverageExclusion[] = coverageExclusions,
  symbolsOf: (path: string) => string[] = exportedFunctions,
): CoverageReport {
  const ffi = new Set(symbolsOf(install.ffi));
  const lib = install.liburing ? new Set(symbolsOf(install.liburing)) : new Set<string>();
  const exported = [...new Set([...ffi, ...lib])].sort();
  const schema = new Map(functions.map((f) => [f.name, f]));
  const excludedBy = new Map(exclusions.map((x) => [x.name, x]));
  const problems: string[] = [];

  const seenExclusion = new Set<string>();
  for (const x of exclusions) {
    if (seenExclusion.has(x.name)) problems.push(`schema/coverage-exclusions.ts lists ${x.name} twice`);
    seenExclusion.add(x.name);
    if (!x.reason.trim()) problems.push(`schema/coverage-exclusions.ts: ${x.name} has no reason`);
    if (schema.has(x.name)) problems.push(`${x.name} is in the schema and also excluded in schema/coverage-exclusions.ts: remove the exclusion`);
  }

  const rows = new Map<string, CategoryRow>();
  const row = (c: string) => {
    let r = rows.get(c);
    if (!r) rows.set(c, (r = { category: c, covered: 0, excluded: 0, missing: 0, total: 0 }));
    return r;
  };
  for (const c of CATEGORIES) row(c);
  const missing: CoverageReport['missing'] = [];
  const excluded: CoverageReport['excluded'] = [];
  for (const name of exported) {
    const entry = schema.get(name);
    const x = excludedBy.get(name);
    const category = entry?.category ?? guessCategory(name);
    const r = row(category);
    r.total++;
    if (entry) r.covered++;
    else if (x) {
      r.excluded++;
      excluded.push({ name, reason: x.reason });
    } else {
      r.missing++;
      missing.push({ name, category });
    }
  }

  const newer: CoverageReport['newer'] = [];
  for (const f of functions) {
    if (f.library === 'libc') continue; // the C library's: liburing does not export them
    const has = f.library === 'liburing' ? lib.has(f.name) : ffi.has(f.name);
    if (has) continue;
    if (compareVersions(install.version, f.since) < 0) {
      newer.push({ name: f.name, since: f.since });
      continue;
    }
    const where = f.library === 'liburing' ? 'liburing.so.2' : 'liburing-ffi.so.2';
    const elsewhere = f.library === 'liburing' ? ffi.has(f.name) : lib.has(f.name);
    problems.push(
      `${f.name}: the schema says since ${f.since}, library ${f.library}, but the loaded ${where} (liburing ${install.version}) does not export it` +
        (elsewhere ? ` (${f.library === 'liburing' ? 'liburing-ffi.so.2' : 'liburing.so.2'} does: set library accordingly)` : ''),
    );
  }

  const list = [...rows.values()].filter((r) => r.total > 0);
  const total = list.reduce<CategoryRow>(
    (t, r) => ({ category: 'total', covered: t.covered + r.covered, excluded: t.excluded + r.excluded, missing: t.missing + r.missing, total: t.total + r.total }),
    { category: 'total', covered: 0, excluded: 0, missing: 0, total: 0 },
  );
  return {
    version: install.version,
    origin: install.origin,
    libraries: [
      { which: 'ffi', path: install.ffi, count: ffi.size },
      ...(install.liburing ? [{ which: 'liburing' as const, path: install.liburing, count: lib.size }] : []),
    ],
    exported,
    rows: list,
    total,
    missing,
    excluded,
    newer: newer.sort((a, b) => (a.name < b.name ? -1 : 1)),
    problems,
  };
}

/** Whether the report should fail: a gap or another problem. */
export function coverageFails(r: CoverageReport): boolean {
  return r.missing.length > 0 || r.problems.length > 0;
}

/** The one line `npm run generate`'s summary shows. */
export function coverageLine(r: CoverageReport): string {
  return (
    `API coverage: ${r.total.covered}/${r.total.total} functions liburing ${r.version} exports are in the schema` +
    `, ${r.total.excluded} excluded with a reason, ${r.total.missing} missing` +
    (r.newer.length ? `; ${r.newer.length} entries newer than ${r.version} (version-gated)` : '') +
    (r.problems.length ? `; ${r.problems.length} problem(s)` : '') +
    ' (npm run coverage:api)'
  );
}

/** The full report `npm run coverage:api` prints. */
export function formatCoverage(r: CoverageReport, opts: { verbose?: boolean } = {}): string {
  const lines: string[] = [];
  lines.push(`API coverage against liburing ${r.version} (${r.origin})`);
  for (const l of r.libraries) lines.push(`  ${l.which === 'ffi' ? 'liburing-ffi.so.2' : 'liburing.so.2    '}  ${l.count} functions  ${l.path}`);
  lines.push('');
  const w = Math.max(8, ...r.rows.map((x) => x.category.length));
  lines.push(`  ${'category'.padEnd(w)}  ${'covered'.padStart(9)}  ${'excluded'.padStart(8)}  ${'missing'.padStart(7)}`);
  const fmt = (x: CategoryRow) =>
    `  ${x.category.padEnd(w)}  ${`${x.covered}/${x.total}`.padStart(9)}  ${String(x.excluded).padStart(8)}  ${String(x.missing).padStart(7)}`;
  for (const x of r.rows) lines.push(fmt(x));
  lines.push(`  ${'-'.repeat(w + 32)}`);
  lines.push(fmt(r.total));
  const pct = r.total.total ? Math.floor((1000 * r.total.covered) / r.total.total) / 10 : 0;
  lines.push('', `${r.total.covered} of ${r.total.total} exported functions are in the schema (${pct}%), ${r.total.excluded} excluded with a reason, ${r.total.missing} missing.`);
  if (r.newer.length) {
    lines.push('', `Schema entries newer than liburing ${r.version} (importing works, calling throws UnsupportedError): ${r.newer.length}`);
    if (opts.verbose) for (const n of r.newer) lines.push(`  ${n.name} (since ${n.since})`);
    else lines.push(`  ${r.newer.map((n) => n.name).join(', ')}`);
  }
  if (r.excluded.length && opts.verbose) {
    lines.push('', 'Excluded (schema/coverage-exclusions.ts):');
    for (const x of r.excluded) lines.push(`  ${x.name}: ${x.reason}`);
  }
  if (r.missing.length) {
    lines.push('', `Missing: ${r.missing.length} exported function(s) neither in the schema nor in schema/coverage-exclusions.ts:`);
    const byCat = new Map<string, string[]>();
    for (const m of r.missing) byCat.set(m.category, [...(byCat.get(m.category) ?? []), m.name]);
    for (const c of [...byCat.keys()].sort((a, b) => (CATEGORIES as readonly string[]).indexOf(a) - (CATEGORIES as readonly string[]).indexOf(b))) {
      lines.push(`  ${c}: ${byCat.get(c)!.join(', ')}`);
    }
    lines.push('Add a schema entry for each (schema/functions/<category>/<name>.ts), or exclude it with a reason in schema/coverage-exclusions.ts.');
  }
  if (r.problems.length) {
    lines.push('', 'Problems:');
    for (const p of r.problems) lines.push(`  - ${p}`);
  }
  return lines.join('\n');
}
