/**
 * A small C prototype parser for liburing.h: what functions a header declares
 * or defines, with canonical types. The comparison with the schema is in
 * header-drift.ts.
 *
 * It is not a C compiler: it knows what liburing.h is made of. Comments are
 * dropped; preprocessor conditionals are evaluated for a C (not C++) build on
 * x86-64 with _GNU_SOURCE defined (so `#ifndef LIBURING_INTERNAL` takes the
 * inline io_uring_get_sqe, `#ifdef __cplusplus` is skipped); other directives,
 * function-like macros included, are ignored. At the top level, what remains
 * is a sequence of declarations ending in `;` and definitions ending in a
 * `{...}` body: a declaration or definition of the form `ret name(params)` is a
 * function (extern declarations, and `IOURINGINLINE`/`static inline`
 * definitions whose bodies are skipped); struct, union and enum definitions,
 * typedefs and variables are not.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface HeaderParam {
  /** Canonical C type, e.g. "const struct iovec *". */
  type: string;
  /** The parameter's name, or null when the prototype leaves it out. */
  name: string | null;
}

export interface HeaderFunction {
  name: string;
  /** Canonical result type. */
  returns: string;
  params: HeaderParam[];
  /** Defined in the header (static inline), rather than declared (exported by the library). */
  inline: boolean;
  /** 1-based line of the name in the header. */
  line: number;
  /** The prototype as one line, canonical types. */
  prototype: string;
}

/** Object-like macros the conditionals of liburing.h test, as a C build on x86-64 Linux sees them. */
const DEFINED: Record<string, string> = {
  _GNU_SOURCE: '1',
  __x86_64__: '1',
  __linux__: '1',
  __BYTE_ORDER: '1234',
  __LITTLE_ENDIAN: '1234',
  __BIG_ENDIAN: '4321',
};

/** Evaluate a `#if` expression: defined(), integer literals, the macros above; every other identifier is 0, as in C. */
function evalCondition(expr: string, defined: Set<string>): boolean {
  let e = expr
    .replace(/defined\s*\(\s*(\w+)\s*\)/g, (_, n: string) => (defined.has(n) ? '1' : '0'))
    .replace(/defined\s+(\w+)/g, (_, n: string) => (defined.has(n) ? '1' : '0'))
    .replace(/\b(\d+)[uUlL]+\b/g, '$1')
    .replace(/\b[A-Za-z_]\w*\b/g, (n) => (n in DEFINED && defined.has(n) ? DEFINED[n]! : '0'));
  if (!/^[\d\s()!&|=<>+\-*/%~^]*$/.test(e)) return false;
  e = e.replace(/&&/g, ' && ').replace(/\|\|/g, ' || ');
  try {
    return Boolean(new Function(`return (${e});`)());
  } catch {
    return false;
  }
}

/** Drop comments, keeping line breaks so that line numbers stay right. */
function stripComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const n = text[i + 1];
    if (c === '/' && n === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      // Keep line breaks, and a backslash that continues a macro's line (splicing comes before comments in C).
      out += text.slice(i, stop).replace(/[^\n\\]|\\(?!\n)/g, ' ');
      i = stop;
    } else if (c === '/' && n === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Evaluate conditionals and blank out every directive line (and lines of false branches). */
function preprocess(text: string): string {
  const lines = text.split('\n');
  const defined = new Set(Object.keys(DEFINED));
  // Each frame: whether this branch is live, whether any branch of the group was taken, whether the parent is live.
  const stack: { live: boolean; taken: boolean; parent: boolean }[] = [];
  const live = () => (stack.length ? stack[stack.length - 1]!.live : true);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    const m = /^\s*#\s*(\w*)(.*)$/.exec(line);
    if (!m) {
      if (!live()) lines[i] = '';
      continue;
    }
    // Join continuation lines into the directive and blank them.
    let rest = m[2]!;
    while (line.endsWith('\\') && i + 1 < lines.length) {
      lines[i] = '';
      i++;
      line = lines[i]!;
      rest = rest.replace(/\\$/, '') + ' ' + line;
    }
    lines[i] = '';
    const d = m[1]!;
    const arg = rest.trim();
    if (d === 'if' || d === 'ifdef' || d === 'ifndef') {
      const parent = live();
      const cond = d === 'ifdef' ? defined.has(arg.split(/\s/)[0]!) : d === 'ifndef' ? !defined.has(arg.split(/\s/)[0]!) : evalCondition(arg, defined);
      stack.push({ live: parent && cond, taken: cond, parent });
    } else if (d === 'elif') {
      const top = stack[stack.length - 1];
      if (!top) continue;
      const cond = !top.taken && evalCondition(arg, defined);
      top.live = top.parent && cond;
      top.taken ||= cond;
    } else if (d === 'else') {
      const top = stack[stack.length - 1];
      if (!top) continue;
      top.live = top.parent && !top.taken;
      top.taken = true;
    } else if (d === 'endif') {
      stack.pop();
    } else if (d === 'define' && live()) {
      // Only object-like macros matter for later conditionals (IOURINGINLINE, LIBURING_NOEXCEPT...).
      const name = /^(\w+)/.exec(arg)?.[1];
      if (name) defined.add(name);
    } else if (d === 'undef' && live()) {
      defined.delete(arg.split(/\s/)[0]!);
    }
  }
  return lines.join('\n');
}

/** Words that qualify a declaration but are not part of its type. */
const SPECIFIERS = new Set(['static', 'inline', '__inline', '__inline__', 'extern', '__extension__', 'noexcept']);

/** Remove attributes, storage specifiers and macro words (IOURINGINLINE, LIBURING_NOEXCEPT, _LOCAL_INLINE...). */
function cleanDecl(s: string): string {
  let t = s;
  // __attribute__((...)) with nested parentheses
  for (;;) {
    const at = t.search(/__attribute__\s*\(\(/);
    if (at < 0) break;
    let depth = 0;
    let j = t.indexOf('(', at);
    for (; j < t.length; j++) {
      if (t[j] === '(') depth++;
      else if (t[j] === ')' && --depth === 0) break;
    }
    t = t.slice(0, at) + ' ' + t.slice(j + 1);
  }
  return t
    .split(/(\W)/)
    .filter((w) => !SPECIFIERS.has(w) && !/^_*[A-Z][A-Z0-9_]*$/.test(w))
    .join('');
}

/**
 * The canonical spelling of a C type: single spaces, `*` attached to the type
 * with one space before the first star ("struct io_uring_cqe **"), `const`
 * first for the pointee ("struct X const *" is "const struct X *"), and the
 * long forms of integer types shortened ("unsigned int" is "unsigned").
 */
export function canonicalType(t: string): string {
  const s = t.replace(/\s+/g, ' ').trim();
  const firstStar = s.indexOf('*');
  const words = (firstStar < 0 ? s : s.slice(0, firstStar)).trim().split(' ').filter(Boolean);
  const ptr = firstStar < 0 ? '' : s.slice(firstStar).replace(/\s+/g, '').replace(/const/g, ' const ').replace(/\s+/g, ' ').trim();
  const isConst = words.includes('const');
  const rest = words
    .filter((w) => w !== 'const')
    .join(' ')
    .replace(/^signed int$/, 'int')
    .replace(/^signed$/, 'int')
    .replace(/^unsigned int$/, 'unsigned')
    .replace(/^(unsigned |signed )?(short|long|long long) int$/, (_, u: string | undefined, k: string) => `${u === 'unsigned ' ? 'unsigned ' : ''}${k}`)
    .replace(/^signed (short|long|long long)$/, '$1')
    .replace(/^_Bool$/, 'bool');
  const base = (isConst ? 'const ' : '') + rest;
  return ptr ? `${base} ${ptr}` : base;
}

/** Split a parameter list at top-level commas. */
function splitParams(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (c === '(' || c === '[') depth++;
    if (c === ')' || c === ']') depth--;
    if (c === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur);
  return out;
}

const TYPE_WORDS = new Set(['const', 'volatile', 'struct', 'union', 'enum', 'unsigned', 'signed', 'int', 'char', 'short', 'long', 'void', 'bool', '_Bool', 'float', 'double']);

function parseParam(p: string): HeaderParam {
  let s = p.replace(/\s+/g, ' ').trim();
  // Arrays decay to pointers: "int fds[2]" is "int *fds".
  let arrays = 0;
  s = s.replace(/\[[^\]]*\]/g, () => {
    arrays++;
    return '';
  }).trim();
  const m = /^(.*?)([A-Za-z_]\w*)$/.exec(s);
  let type = s;
  let name: string | null = null;
  if (m) {
    const before = m[1]!.trim();
    const last = m[2]!;
    const hasStar = before.includes('*');
    const words = before.replace(/\*/g, ' ').split(/\s+/).filter(Boolean);
    // "struct io_uring" (no name), "const sigset_t" (a typedef, no name), "unsigned int" (no name);
    // but "unsigned nr", "struct io_uring *ring" and "sigset_t *sig" end in a name.
    const afterTagKeyword = /\b(struct|union|enum)$/.test(before);
    const onlyQualifiers = words.every((w) => w === 'const' || w === 'volatile');
    if (before && !afterTagKeyword && !(onlyQualifiers && !hasStar) && !(TYPE_WORDS.has(last) && !hasStar)) {
      type = before;
      name = last;
    }
  }
  return { type: canonicalType(type + '*'.repeat(arrays)), name };
}

/** Parse the function declarations and inline definitions of a header's text. */
export function parseHeader(text: string): HeaderFunction[] {
  const src = preprocess(stripComments(text));
  const out: HeaderFunction[] = [];
  const seen = new Set<string>();
  let i = 0;
  let start = 0;
  let line = 1;
  let startLine = 1;
  const lineAt = (pos: number) => {
    // lines from `start` (whose line is startLine) up to pos
    let l = startLine;
    for (let k = start; k < pos; k++) if (src[k] === '\n') l++;
    return l;
  };
  const skipBody = (open: number): number => {
    let depth = 0;
    for (let j = open; j < src.length; j++) {
      const c = src[j];
      if (c === '"' || c === "'") {
        let k = j + 1;
        while (k < src.length && src[k] !== c) k += src[k] === '\\' ? 2 : 1;
        j = k;
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) return j + 1;
    }
    return src.length;
  };
  const take = (decl: string, declStart: number, inline: boolean) => {
    const cleaned = cleanDecl(decl).replace(/\s+/g, ' ').trim();
    if (!cleaned || !cleaned.includes('(') || /^typedef\b/.test(cleaned)) return;
    const open = cleaned.indexOf('(');
    if (open < 0) return;
    const head = cleaned.slice(0, open).trim();
    const nm = /([A-Za-z_]\w*)$/.exec(head);
    if (!nm) return; // a function pointer variable or similar
    const name = nm[1]!;
    const ret = head.slice(0, head.length - name.length).trim();
    if (!ret) return; // a macro invocation at top level
    let depth = 0;
    let close = -1;
    for (let j = open; j < cleaned.length; j++) {
      if (cleaned[j] === '(') depth++;
      else if (cleaned[j] === ')' && --depth === 0) {
        close = j;
        break;
      }
    }
    if (close < 0) return;
    const inner = cleaned.slice(open + 1, close).trim();
    const params = inner === '' || inner === 'void' ? [] : splitParams(inner).map(parseParam);
    if (seen.has(name)) return;
    seen.add(name);
    const returns = canonicalType(ret);
    const rawPos = src.indexOf(name, declStart);
    const fn: HeaderFunction = {
      name,
      returns,
      params,
      inline,
      line: lineAt(rawPos < 0 ? declStart : rawPos),
      prototype: formatPrototype(name, returns, params),
    };
    out.push(fn);
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === ';') {
      const decl = src.slice(start, i);
      take(decl, start, false);
      line = lineAt(i + 1);
      start = i + 1;
      startLine = line;
      i++;
    } else if (c === '{') {
      const decl = cleanDecl(src.slice(start, i)).replace(/\s+/g, ' ').trim();
      if (/^extern "C"$/.test(decl)) {
        // extern "C" { ... }: transparent
        line = lineAt(i + 1);
        start = i + 1;
        startLine = line;
        i++;
        continue;
      }
      const end = skipBody(i);
      if (/\)\s*$/.test(decl) && !/^typedef\b/.test(decl)) {
        take(src.slice(start, i), start, true);
        line = lineAt(end);
        start = end;
        startLine = line;
      } else {
        // A struct/union/enum definition: its declarators follow up to the ';'.
        const semi = src.indexOf(';', end);
        const stop = semi < 0 ? src.length : semi + 1;
        line = lineAt(stop);
        start = stop;
        startLine = line;
        i = stop;
        continue;
      }
      i = end;
    } else if (c === '}') {
      // The end of extern "C" { ... }
      line = lineAt(i + 1);
      start = i + 1;
      startLine = line;
      i++;
    } else if (c === '"' || c === "'") {
      let k = i + 1;
      while (k < src.length && src[k] !== c) k += src[k] === '\\' ? 2 : 1;
      i = k + 1;
    } else i++;
  }
  return out;
}

export function formatPrototype(name: string, returns: string, params: { type: string; name?: string | null }[]): string {
  const ps = params.length ? params.map((p) => (p.name ? `${p.type}${p.type.endsWith('*') ? '' : ' '}${p.name}` : p.type)).join(', ') : 'void';
  return `${returns}${returns.endsWith('*') ? '' : ' '}${name}(${ps})`;
}

/** The liburing version a header folder declares (liburing/io_uring_version.h), e.g. "2.9". */
export function headerVersion(includeDir: string): string | null {
  const p = join(includeDir, 'liburing', 'io_uring_version.h');
  if (!existsSync(p)) return null;
  const t = readFileSync(p, 'utf8');
  const major = /IO_URING_VERSION_MAJOR\s+(\d+)/.exec(t)?.[1];
  const minor = /IO_URING_VERSION_MINOR\s+(\d+)/.exec(t)?.[1];
  return major && minor ? `${major}.${minor}` : null;
}
