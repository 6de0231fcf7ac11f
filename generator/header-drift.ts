/**
 * The drift check (`liburing-ts check-header`): the schema's prototypes
 * compared with a parsed liburing.h, one header compared with an older one,
 * and the plain-text report of both.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FunctionEntry } from '../schema/language.js';
import { compareVersions } from '../runtime/version.js';
import { canonicalType, formatPrototype, headerVersion, parseHeader, type HeaderFunction } from './header.js';

export interface Mismatch {
  name: string;
  /** What differs, in words. */
  problems: string[];
  schema: string;
  header: string | null;
  file: string;
}

export interface HeaderComparison {
  headerPath: string;
  /** The header's liburing version, when known. */
  version: string | null;
  functions: HeaderFunction[];
  /** Schema entries whose prototype agrees with the header. */
  matching: string[];
  mismatches: Mismatch[];
  /** Schema entries newer than the header (their `since` is later): expected to be absent. */
  newerThanHeader: { name: string; since: string }[];
  /** Header functions that no schema entry covers, with the exclusion reason when one is listed. */
  uncovered: { fn: HeaderFunction; excluded: string | null }[];
}

/**
 * Compare every schema prototype with the header: the parameter count, each
 * parameter's type (const included), and the result type. Entries newer than
 * the header are expected to be absent; older ones must be there.
 */
export function compareWithHeader(
  entries: { entry: FunctionEntry; file: string }[],
  headerPath: string,
  version: string | null,
  exclusions: ReadonlyMap<string, string> = new Map(),
): HeaderComparison {
  const functions = parseHeader(readFileSync(headerPath, 'utf8'));
  const byName = new Map(functions.map((f) => [f.name, f]));
  const result: HeaderComparison = { headerPath, version, functions, matching: [], mismatches: [], newerThanHeader: [], uncovered: [] };
  const covered = new Set<string>();
  for (const { entry: e, file } of entries) {
    if (e.library === 'libc') continue; // declared in the C library's headers, not liburing.h (test/libc-abi.test.ts checks them)
    covered.add(e.name);
    // A parameter whose declaration a later header changed (same ABI) is compared as that header declares it.
    const typeIn = (p: FunctionEntry['params'][number]) => (p.headerType && version && compareVersions(version, p.headerType.since) >= 0 ? p.headerType.type : p.type);
    const schemaParams = e.params.map((p) => ({ type: canonicalType(typeIn(p)), name: p.name }));
    const schemaProto = formatPrototype(e.name, canonicalType(e.returns.type), schemaParams);
    const h = byName.get(e.name);
    if (!h) {
      if (version && compareVersions(version, e.since) < 0) {
        result.newerThanHeader.push({ name: e.name, since: e.since });
      } else {
        result.mismatches.push({ name: e.name, problems: [`not in the header${version ? ` (liburing ${version}), although the entry says since ${e.since}` : ''}`], schema: schemaProto, header: null, file });
      }
      continue;
    }
    const problems: string[] = [];
    if (canonicalType(e.returns.type) !== h.returns) problems.push(`result type: schema ${canonicalType(e.returns.type)}, header ${h.returns}`);
    if (schemaParams.length !== h.params.length) {
      problems.push(`parameter count: schema ${schemaParams.length}, header ${h.params.length}`);
    }
    const n = Math.min(schemaParams.length, h.params.length);
    for (let k = 0; k < n; k++) {
      const s = schemaParams[k]!.type;
      const t = h.params[k]!.type;
      if (s === t) continue;
      const what = s.replace(/\bconst\b/g, '').replace(/\s+/g, ' ').trim() === t.replace(/\bconst\b/g, '').replace(/\s+/g, ' ').trim() ? 'const differs' : 'type differs';
      problems.push(`parameter ${k + 1} (${schemaParams[k]!.name}): ${what}: schema ${s}, header ${t}`);
    }
    if (problems.length) result.mismatches.push({ name: e.name, problems, schema: schemaProto, header: h.prototype, file });
    else result.matching.push(e.name);
  }
  for (const f of functions) {
    if (covered.has(f.name)) continue;
    result.uncovered.push({ fn: f, excluded: exclusions.get(f.name) ?? null });
  }
  return result;
}

/** The report `check-header` prints. */
export function formatComparison(c: HeaderComparison, opts: { verbose?: boolean } = {}): string {
  const lines: string[] = [];
  lines.push(`header: ${c.headerPath}${c.version ? ` (liburing ${c.version})` : ''}: ${c.functions.length} functions (${c.functions.filter((f) => !f.inline).length} declared, ${c.functions.filter((f) => f.inline).length} inline)`);
  lines.push(`schema: ${c.matching.length} prototypes match, ${c.mismatches.length} mismatch${c.mismatches.length === 1 ? '' : 'es'}, ${c.newerThanHeader.length} newer than the header`);
  if (c.mismatches.length) {
    lines.push('', 'Mismatches:');
    for (const m of c.mismatches) {
      lines.push(`  ${m.name} (${m.file})`);
      for (const p of m.problems) lines.push(`    - ${p}`);
      lines.push(`    schema: ${m.schema}`);
      if (m.header) lines.push(`    header: ${m.header}`);
    }
  }
  if (c.newerThanHeader.length && opts.verbose) {
    lines.push('', 'Schema entries newer than this header (version-gated, absent as expected):');
    for (const n of c.newerThanHeader) lines.push(`  ${n.name} (since ${n.since})`);
  }
  const open = c.uncovered.filter((u) => !u.excluded);
  const excluded = c.uncovered.filter((u) => u.excluded);
  lines.push('', `Header functions no schema entry covers: ${open.length}${excluded.length ? ` (and ${excluded.length} excluded with a reason)` : ''}`);
  for (const u of open) lines.push(`  ${u.fn.prototype}${u.fn.inline ? '  [inline]' : ''}`);
  if (opts.verbose && excluded.length) {
    lines.push('', 'Excluded (schema/coverage-exclusions.ts):');
    for (const u of excluded) lines.push(`  ${u.fn.name}: ${u.excluded}`);
  }
  return lines.join('\n');
}

export interface HeaderDiff {
  baseline: string;
  baselineVersion: string | null;
  added: HeaderFunction[];
  removed: HeaderFunction[];
  changed: { before: HeaderFunction; after: HeaderFunction }[];
}

/** What `current` (a parsed header) adds, removes or changes relative to the header at baselinePath. */
export function diffHeaders(baselinePath: string, current: HeaderFunction[]): HeaderDiff {
  const before = parseHeader(readFileSync(baselinePath, 'utf8'));
  const old = new Map(before.map((f) => [f.name, f]));
  const now = new Map(current.map((f) => [f.name, f]));
  const sig = (f: HeaderFunction) => `${f.returns}(${f.params.map((p) => p.type).join(',')})`;
  return {
    baseline: baselinePath,
    baselineVersion: headerVersion(dirname(baselinePath)),
    added: current.filter((f) => !old.has(f.name)),
    removed: before.filter((f) => !now.has(f.name)),
    changed: current.filter((f) => old.has(f.name) && sig(old.get(f.name)!) !== sig(f)).map((f) => ({ before: old.get(f.name)!, after: f })),
  };
}

/** The header diff in plain text, as check-header prints it. */
export function formatDiff(d: HeaderDiff, version: string | null): string {
  const lines = [`Compared with ${d.baseline}${d.baselineVersion ? ` (liburing ${d.baselineVersion})` : ''}: ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed.`];
  if (d.added.length) lines.push(`Added in ${version ?? 'this header'}:`, ...d.added.map((f) => `  ${f.prototype}${f.inline ? '  [inline]' : ''}`));
  if (d.removed.length) lines.push('Removed:', ...d.removed.map((f) => `  ${f.prototype}`));
  if (d.changed.length) lines.push('Changed:', ...d.changed.flatMap((c) => [`  ${c.before.prototype}`, `  -> ${c.after.prototype}`]));
  return lines.join('\n');
}
