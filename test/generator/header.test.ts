// The C header parser (generator/header.ts) on small headers: what it takes for a function,
// with canonical types, and what it leaves alone (macros, typedefs, structs, C++ branches).
import { describe, expect, test } from 'vitest';
import { canonicalType, formatPrototype, parseHeader } from '../../generator/header.js';

const HEADER = `/* SPDX-License-Identifier: MIT */
#ifndef LIB_H
#define LIB_H
#include <sys/uio.h>
#ifdef __cplusplus
extern "C" {
int only_for_cplusplus(void);
#endif

#ifndef IOURINGINLINE
#define IOURINGINLINE static inline
#endif
#define io_uring_for_each_cqe(ring, head, cqe) \\
	for (head = *(ring)->cq.khead; \\
	     (cqe = (head != 0 ? &(ring)->cq.cqes[head] : NULL)); head++)

struct io_uring_sqe;
typedef int (*io_uring_cb)(struct io_uring *ring, void *data);
struct io_uring_probe {
	unsigned ops_len;
	int (*fn)(int x);
};
enum { LIB_A = 1, LIB_B };

int io_uring_queue_init(unsigned entries, struct io_uring *ring,
			unsigned flags) __attribute__((warn_unused_result));
struct io_uring_probe *io_uring_get_probe_ring(struct io_uring *ring);
void io_uring_free_probe(struct io_uring_probe *probe);
int io_uring_submit_and_wait_timeout(struct io_uring *ring,
				     struct io_uring_cqe **cqe_ptr,
				     unsigned wait_nr,
				     struct __kernel_timespec *ts,
				     sigset_t *sigmask);
int io_uring_register_files(struct io_uring *ring, const int *files, unsigned nr_files);
unsigned int io_uring_version(void);
unsigned long long int io_uring_wide(signed short s, unsigned long int l, _Bool b);
int io_uring_unnamed(struct io_uring *, const sigset_t, unsigned int);
int io_uring_const_ptr(char const * const p, struct iovec const *v);

IOURINGINLINE void io_uring_prep_pipe(struct io_uring_sqe *sqe, int fds[2], int pipe_flags)
{
	struct { int a; } s = { '}' };
	const char *text = "a } in a string";
	io_uring_prep_rw(IORING_OP_PIPE, sqe, 0, fds, 0, 0);
}

#ifdef LIBURING_INTERNAL
int internal_only(void);
#else
IOURINGINLINE struct io_uring_sqe *io_uring_get_sqe(struct io_uring *ring)
{
	return _io_uring_get_sqe(ring);
}
#endif

#if defined(__cplusplus) && __cplusplus >= 202002L
int io_uring_cplusplus20(void);
#elif defined(__x86_64__) && __BYTE_ORDER == __LITTLE_ENDIAN
static inline int io_uring_x86(void) { return 1; }
#else
int io_uring_not_taken(void);
#endif
#if 0
int io_uring_dead(void);
#endif

#ifdef __cplusplus
}
#endif
#endif
`;

describe('parseHeader', () => {
  const fns = parseHeader(HEADER);
  const byName = new Map(fns.map((f) => [f.name, f]));

  test('finds the declarations and inline definitions of the live branches, in order, and nothing else', () => {
    expect(fns.map((f) => f.name)).toEqual([
      'io_uring_queue_init',
      'io_uring_get_probe_ring',
      'io_uring_free_probe',
      'io_uring_submit_and_wait_timeout',
      'io_uring_register_files',
      'io_uring_version',
      'io_uring_wide',
      'io_uring_unnamed',
      'io_uring_const_ptr',
      'io_uring_prep_pipe',
      'io_uring_get_sqe',
      'io_uring_x86',
    ]);
  });

  test('prototypes over several lines, with attributes, pointers and pointers to pointers', () => {
    expect(byName.get('io_uring_queue_init')).toEqual({
      name: 'io_uring_queue_init',
      returns: 'int',
      params: [{ type: 'unsigned', name: 'entries' }, { type: 'struct io_uring *', name: 'ring' }, { type: 'unsigned', name: 'flags' }],
      inline: false,
      line: 25,
      prototype: 'int io_uring_queue_init(unsigned entries, struct io_uring *ring, unsigned flags)',
    });
    expect(byName.get('io_uring_get_probe_ring')!.returns).toBe('struct io_uring_probe *');
    expect(byName.get('io_uring_submit_and_wait_timeout')!.prototype).toBe(
      'int io_uring_submit_and_wait_timeout(struct io_uring *ring, struct io_uring_cqe **cqe_ptr, unsigned wait_nr, struct __kernel_timespec *ts, sigset_t *sigmask)',
    );
  });

  test('const, in either place, stays with the pointee', () => {
    expect(byName.get('io_uring_register_files')!.params[1]).toEqual({ type: 'const int *', name: 'files' });
    expect(byName.get('io_uring_const_ptr')!.params).toEqual([
      { type: 'const char * const', name: 'p' },
      { type: 'const struct iovec *', name: 'v' },
    ]);
  });

  test('integer types in their short forms; (void) is no parameters; unnamed parameters have no name', () => {
    expect(byName.get('io_uring_version')).toMatchObject({ returns: 'unsigned', params: [] });
    expect(byName.get('io_uring_wide')).toMatchObject({
      returns: 'unsigned long long',
      params: [{ type: 'short', name: 's' }, { type: 'unsigned long', name: 'l' }, { type: 'bool', name: 'b' }],
    });
    expect(byName.get('io_uring_unnamed')!.params).toEqual([
      { type: 'struct io_uring *', name: null },
      { type: 'const sigset_t', name: null },
      { type: 'unsigned', name: null },
    ]);
    expect(byName.get('io_uring_unnamed')!.prototype).toBe('int io_uring_unnamed(struct io_uring *, const sigset_t, unsigned)');
  });

  test('an inline definition: its body is skipped (braces in strings and characters too), an array parameter is a pointer', () => {
    expect(byName.get('io_uring_prep_pipe')).toMatchObject({
      inline: true,
      returns: 'void',
      params: [{ type: 'struct io_uring_sqe *', name: 'sqe' }, { type: 'int *', name: 'fds' }, { type: 'int', name: 'pipe_flags' }],
      line: 40,
    });
    expect(byName.get('io_uring_get_sqe')).toMatchObject({ inline: true, returns: 'struct io_uring_sqe *' });
  });

  test('conditionals as a C build on x86-64 sees them: no C++, no LIBURING_INTERNAL, #if expressions evaluated', () => {
    expect(byName.has('only_for_cplusplus')).toBe(false);
    expect(byName.has('internal_only')).toBe(false);
    expect(byName.get('io_uring_x86')).toMatchObject({ inline: true, params: [] });
    expect(byName.has('io_uring_not_taken')).toBe(false);
    expect(byName.has('io_uring_cplusplus20')).toBe(false);
    expect(byName.has('io_uring_dead')).toBe(false);
  });

  test('a function-like macro, a function-pointer typedef or a struct member is not a function', () => {
    expect(fns.some((f) => ['io_uring_for_each_cqe', 'io_uring_cb', 'fn'].includes(f.name))).toBe(false);
  });
});

describe('canonicalType and formatPrototype', () => {
  test.each([
    ['unsigned int', 'unsigned'],
    ['signed int', 'int'],
    ['signed', 'int'],
    ['long int', 'long'],
    ['unsigned long long int', 'unsigned long long'],
    ['signed char', 'signed char'],
    ['struct  io_uring   *', 'struct io_uring *'],
    ['struct io_uring_cqe * *', 'struct io_uring_cqe **'],
    ['struct iovec const *', 'const struct iovec *'],
    ['const char *const', 'const char * const'],
    ['_Bool', 'bool'],
    ['__u64', '__u64'],
  ])('%s is %s', (given, canonical) => {
    expect(canonicalType(given)).toBe(canonical);
  });

  test('formatPrototype spells a prototype as the header does', () => {
    expect(formatPrototype('io_uring_get_sqe', 'struct io_uring_sqe *', [{ type: 'struct io_uring *', name: 'ring' }])).toBe('struct io_uring_sqe *io_uring_get_sqe(struct io_uring *ring)');
    expect(formatPrototype('io_uring_major_version', 'int', [])).toBe('int io_uring_major_version(void)');
    expect(formatPrototype('f', 'void', [{ type: 'unsigned', name: null }, { type: 'void *', name: 'p' }])).toBe('void f(unsigned, void *p)');
  });
});
