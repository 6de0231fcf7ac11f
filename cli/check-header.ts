/**
 * `liburing-ts check-header [PATH]` (`npm run check-header`): parse liburing.h
 * (the provisioned one by default) and compare every schema prototype with it.
 * Exits 1 on a mismatch. With --baseline, also lists what the header adds,
 * removes or changes relative to an older liburing.h; with --markdown, writes
 * the report as a Markdown page (docs/liburing-2.15.md is made this way).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { provision, provisioned } from '../runtime/provision/provision.js';
import { loadSchema } from '../generator/load.js';
import { compareWithHeader, formatComparison, headerVersion, parseHeader, type HeaderComparison, type HeaderFunction } from '../generator/header.js';
import { coverageExclusions } from '../schema/coverage-exclusions.js';
import { builtinSchemaDir, CliError, enableTypeScriptImports, packageDir, parseArgs, Progress, runCommand, schemaDirs } from './tooling.js';

export const checkHeaderUsage = `usage: liburing-ts check-header [PATH] [--schema DIR ...] [--baseline PATH|SUITE] [--markdown FILE] [--verbose] [--quiet]

Parses liburing.h and compares every schema prototype with it: the parameter
count, each parameter's type (const included) and the result type. Lists the
mismatches, the schema entries newer than the header (expected to be absent),
and the header's functions that no schema entry covers (with the reason when
schema/coverage-exclusions.ts excludes one).

PATH is a liburing.h; by default the provisioned one (.liburing/<suite>/, the
suite from LIBURING_SUITE: trixie for 2.9, sid for 2.15), provisioned first when
needed. Its version is read from liburing/io_uring_version.h beside it.

Options:
  --schema DIR        also load the schema entries in DIR (as generate does); repeatable
  --baseline X        an older liburing.h, or a Debian suite already provisioned
                      (e.g. trixie): also list the functions the header adds,
                      removes or changes relative to it
  --markdown FILE     write the report as Markdown to FILE as well
  --verbose           also list the entries newer than the header and the exclusions
  --quiet             no progress lines on stderr

Exits 1 when a schema prototype does not match the header (or an entry that
the header's version should have is absent), 0 otherwise.`;

function defaultHeader(): string {
  let install;
  try {
    install = provision({ log: (l) => process.stderr.write(l + '\n'), headers: true });
  } catch (e) {
    throw new CliError(`liburing-ts check-header: no liburing.h given and none could be provisioned: ${(e as Error).message}. Pass the path of a liburing.h.`);
  }
  const candidates = [install.include ? join(install.include, 'liburing.h') : null, '/usr/include/liburing.h'].filter((p): p is string => p !== null);
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new CliError(
      `liburing-ts check-header: the liburing in use (${install.origin}, ${install.ffi}) came without headers, and /usr/include/liburing.h does not exist. ` +
        'Pass the path of a liburing.h, or unset LIBURING_FFI_PATH and run `npx liburing-ts provision` to fetch liburing-dev.',
    );
  }
  return found;
}

function baselineHeader(x: string): string {
  if (!x.includes('/') && !x.endsWith('.h')) {
    const install = provisioned(x);
    if (!install?.include) throw new CliError(`liburing-ts check-header: --baseline ${x}: no provisioned liburing of Debian suite ${x}; run \`LIBURING_SUITE=${x} npx liburing-ts provision\` or pass a liburing.h`);
    return join(install.include, 'liburing.h');
  }
  const p = resolve(x);
  if (!existsSync(p)) throw new CliError(`liburing-ts check-header: --baseline ${x}: no such file`);
  return p;
}

interface HeaderDiff {
  baseline: string;
  baselineVersion: string | null;
  added: HeaderFunction[];
  removed: HeaderFunction[];
  changed: { before: HeaderFunction; after: HeaderFunction }[];
}

function diffHeaders(baselinePath: string, current: HeaderFunction[]): HeaderDiff {
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

function formatDiff(d: HeaderDiff, version: string | null): string {
  const lines = [`Compared with ${d.baseline}${d.baselineVersion ? ` (liburing ${d.baselineVersion})` : ''}: ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed.`];
  if (d.added.length) lines.push(`Added in ${version ?? 'this header'}:`, ...d.added.map((f) => `  ${f.prototype}${f.inline ? '  [inline]' : ''}`));
  if (d.removed.length) lines.push('Removed:', ...d.removed.map((f) => `  ${f.prototype}`));
  if (d.changed.length) lines.push('Changed:', ...d.changed.flatMap((c) => [`  ${c.before.prototype}`, `  -> ${c.after.prototype}`]));
  return lines.join('\n');
}

/** Markdown for docs/: the header diff and the schema comparison. */
function markdown(c: HeaderComparison, diff: HeaderDiff | null, exclusions: Map<string, string>, shown: (p: string) => string): string {
  const v = c.version ?? 'this header';
  const out: string[] = [
    `# What liburing ${v} adds or changes`,
    '',
    `<!-- Generated by \`liburing-ts check-header ${shown(c.headerPath)}${diff ? ` --baseline ${shown(diff.baseline)}` : ''} --markdown\`. Do not edit by hand. -->`,
    '',
    `The schema's prototypes checked against \`${shown(c.headerPath)}\`${c.version ? ` (liburing ${c.version})` : ''}` +
      (diff ? `, and that header compared with \`${shown(diff.baseline)}\`${diff.baselineVersion ? ` (liburing ${diff.baselineVersion})` : ''}` : '') +
      `. The header declares or defines ${c.functions.length} functions (${c.functions.filter((f) => !f.inline).length} declared, ${c.functions.filter((f) => f.inline).length} static inline).`,
    '',
  ];
  const status = (name: string) => {
    if (c.matching.includes(name)) return 'in the schema';
    if (c.mismatches.some((m) => m.name === name)) return 'in the schema, **mismatch**';
    const x = exclusions.get(name);
    return x ? `excluded: ${x}` : 'not in the schema';
  };
  if (diff) {
    out.push(`## Functions added since ${diff.baselineVersion ?? 'the baseline'} (${diff.added.length})`, '');
    if (diff.added.length) {
      out.push('| function | kind | prototype | schema |', '| --- | --- | --- | --- |');
      for (const f of diff.added) out.push(`| \`${f.name}\` | ${f.inline ? 'static inline' : 'declared'} | \`${f.prototype}\` | ${status(f.name).replace(/\|/g, '\\|')} |`);
    } else out.push('None.');
    out.push('', `## Functions removed since ${diff.baselineVersion ?? 'the baseline'} (${diff.removed.length})`, '');
    out.push(diff.removed.length ? diff.removed.map((f) => `- \`${f.prototype}\``).join('\n') : 'None.');
    out.push('', `## Prototypes changed since ${diff.baselineVersion ?? 'the baseline'} (${diff.changed.length})`, '');
    if (diff.changed.length) {
      out.push(`| function | ${diff.baselineVersion ?? 'before'} | ${v} |`, '| --- | --- | --- |');
      for (const ch of diff.changed) out.push(`| \`${ch.after.name}\` | \`${ch.before.prototype}\` | \`${ch.after.prototype}\` |`);
    } else out.push('None.');
    out.push('');
  }
  out.push(`## The schema against liburing ${v}`, '');
  out.push(
    `${c.matching.length} schema prototypes match the header; ${c.mismatches.length} differ; ${c.newerThanHeader.length} entries are newer than the header.`,
    '',
  );
  if (c.mismatches.length) {
    out.push('### Mismatches', '', 'Schema prototypes that read differently in this header (check-header exits 1 on them):', '');
    const changed = new Set(diff?.changed.map((ch) => ch.after.name) ?? []);
    const since = diff ? ` | changed since ${diff.baselineVersion ?? 'the baseline'}` : '';
    out.push(`| function | difference | schema | header${since} |`, `| --- | --- | --- | ---${diff ? ' | ---' : ''} |`);
    for (const m of c.mismatches) {
      const why = diff ? ` | ${changed.has(m.name) ? 'yes: the header changed' : 'no: the schema differs from the baseline header too'}` : '';
      out.push(`| \`${m.name}\` | ${m.problems.join('; ').replace(/\|/g, '\\|')} | \`${m.schema}\` | ${m.header ? `\`${m.header}\`` : '—'}${why} |`);
    }
    out.push('');
  }
  if (c.newerThanHeader.length) {
    out.push('### Schema entries newer than this header', '', c.newerThanHeader.map((n) => `- \`${n.name}\` (since ${n.since})`).join('\n'), '');
  }
  const open = c.uncovered.filter((u) => !u.excluded);
  const excluded = c.uncovered.filter((u) => u.excluded);
  out.push(`### Header functions no schema entry covers (${open.length})`, '');
  out.push(open.length ? open.map((u) => `- \`${u.fn.prototype}\`${u.fn.inline ? ' (static inline)' : ''}`).join('\n') : 'None.');
  out.push('', `### Excluded with a reason (${excluded.length})`, '');
  out.push(excluded.length ? excluded.map((u) => `- \`${u.fn.name}\`: ${u.excluded}`).join('\n') : 'None.');
  return out.join('\n') + '\n';
}

export function checkHeaderCommand(argv: string[]): Promise<number> {
  return runCommand(async () => {
    if (argv.includes('--help') || argv.includes('-h')) {
      console.log(checkHeaderUsage);
      return 0;
    }
    const args = parseArgs(argv, 'check-header', { flags: ['--verbose', '--quiet'], values: ['--schema', '--baseline', '--markdown'] });
    if (args.positionals.length > 1) throw new CliError(`liburing-ts check-header: one header at most, got ${args.positionals.join(', ')}. See \`liburing-ts check-header --help\`.`, 2);
    const progress = new Progress('check-header', args.flags.has('--quiet'));
    const user = schemaDirs(args, 'check-header');
    const given = args.positionals[0];
    if (given && !existsSync(given)) throw new CliError(`liburing-ts check-header: ${given}: no such file`);
    await enableTypeScriptImports('check-header');
    if (!given) progress.step('finding the provisioned liburing.h');
    const header = given ? resolve(given) : defaultHeader();
    const version = headerVersion(dirname(header));
    progress.step('loading the schema');
    const schema = await loadSchema(builtinSchemaDir(), user);
    progress.step(`parsing ${header}`);
    const exclusions = new Map(coverageExclusions.map((x) => [x.name, x.reason]));
    const c = compareWithHeader(schema.functions, header, version, exclusions);
    if (!c.functions.length) throw new CliError(`liburing-ts check-header: ${header} has no function prototypes: is it liburing.h?`);
    const base = args.values.get('--baseline')?.[0];
    const diff = base ? diffHeaders(baselineHeader(base), c.functions) : null;
    console.log(formatComparison(c, { verbose: args.flags.has('--verbose') }));
    if (diff) console.log('\n' + formatDiff(diff, version));
    const md = args.values.get('--markdown')?.[0];
    if (md) {
      // Paths inside the package are shown relative to it, so the page does not depend on where it was made.
      const root = packageDir();
      const shown = (p: string) => (p.startsWith(root + '/') ? relative(root, p) : p);
      writeFileSync(md, markdown(c, diff, exclusions, shown));
      console.log(`\nwrote ${md}`);
    }
    console.log(c.mismatches.length ? `\ncheck-header: ${c.mismatches.length} mismatch(es) with ${header}` : `\ncheck-header: no mismatch with ${header}`);
    progress.done();
    return c.mismatches.length ? 1 : 0;
  });
}
