// The libc entries' prototypes agree with the C library's headers: the compiler checks
// each schema prototype against glibc's declaration (header-drift checks only liburing.h).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { loadSchema } from '../generator/load.js';
import { haveCc, INSTALL_CC } from './support/abi-probe.js';

const root = join(import.meta.dirname, '..');

// Where glibc declares the libc entries (their man pages' SYNOPSIS); _GNU_SOURCE for pipe2 and memfd_create.
const HEADERS = ['unistd.h', 'fcntl.h', 'sys/mman.h', 'sys/eventfd.h', 'sys/socket.h'];

test("every libc entry's prototype is the C library's (the compiler compares the function types)", async () => {
  // Not a skip: without a compiler the prototypes are unproven, and that must show as a failure.
  if (!haveCc()) throw new Error(INSTALL_CC);
  const schema = await loadSchema(join(root, 'schema'));
  const libc = schema.functions.map((l) => l.entry).filter((e) => e.library === 'libc');
  expect(libc.map((e) => e.name).sort()).toEqual(['eventfd', 'memfd_create', 'mmap', 'munmap', 'pipe2', 'socketpair']);
  const lines = ['#define _GNU_SOURCE', ...HEADERS.map((h) => `#include <${h}>`)];
  for (const e of libc) {
    const type = `${e.returns.type} (*)(${e.params.map((p) => p.type).join(', ')})`;
    lines.push(`_Static_assert(__builtin_types_compatible_p(__typeof__(&${e.name}), ${type}), "${e.name}: the schema says ${type}");`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'liburing-ts-libc-abi-'));
  try {
    writeFileSync(join(dir, 'probe.c'), lines.join('\n') + '\n');
    const r = spawnSync('cc', ['-fsyntax-only', '-std=gnu11', join(dir, 'probe.c')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 300_000);
