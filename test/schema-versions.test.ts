// The version rule of the schema language: constants and structs of liburing's headers say the
// liburing release that introduced them (`since`); those of libc and uapi headers, which liburing
// does not define, say a Linux release (`kernel`) instead. A wrong entry is refused with a message
// naming the field and the fix.
import { describe, expect, test } from 'vitest';
import { ConstantGroup, valueIn } from '../schema/language/constants.js';
import { StructEntry } from '../schema/language/struct.js';

/** The messages of a refused entry, each with its path. */
function issues(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string[] {
  return result.success ? [] : result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

const setupGroup = {
  group: 'IoringSetup',
  header: 'liburing/io_uring.h',
  summary: 'setup flags',
  since: '0.1',
  values: [
    { name: 'IORING_SETUP_IOPOLL', value: 1 },
    { name: 'IORING_SETUP_CQE_MIXED', value: 0x40000, since: '2.13', kernel: '6.18' },
  ],
};

describe('constant groups', () => {
  test('a liburing group with since, and a later value with its own, is accepted', () => {
    expect(issues(ConstantGroup.safeParse(setupGroup))).toEqual([]);
  });

  test('a liburing group without since is refused at since', () => {
    const { since: _, ...noSince } = setupGroup;
    expect(issues(ConstantGroup.safeParse(noSince))).toEqual([
      'since: constants of liburing/io_uring.h need `since`: the liburing version whose headers first define them',
    ]);
  });

  test("a value's since no later than its group's is refused", () => {
    const g = { ...setupGroup, since: '2.13' };
    expect(issues(ConstantGroup.safeParse(g))).toEqual([
      "values.1.since: IORING_SETUP_CQE_MIXED: since 2.13 is not later than the group's since 2.13: leave it out",
    ]);
  });

  test('a uapi constant takes kernel, and a liburing since on it is refused', () => {
    const rwf = { group: 'Rwf', header: 'linux/fs.h', summary: 'RWF_*', values: [{ name: 'RWF_DONTCACHE', value: 0x80, kernel: '6.14' }] };
    expect(issues(ConstantGroup.safeParse(rwf))).toEqual([]);
    const wrong = { ...rwf, values: [{ name: 'RWF_DONTCACHE', value: 0x80, since: '2.9' }] };
    expect(issues(ConstantGroup.safeParse(wrong))).toEqual([
      'values.0.since: RWF_DONTCACHE comes from linux/fs.h, which liburing does not define: give `kernel` (the Linux that added it) instead of a liburing `since`',
    ]);
  });

  test("a value's history gives the value each liburing release's headers have", () => {
    const last = { name: 'IORING_OP_LAST', value: 65, history: [{ until: '2.10', value: 58 }, { until: '2.12', value: 62 }] };
    const g = ConstantGroup.parse({ group: 'IoringOp', header: 'liburing/io_uring.h', summary: 'ops', since: '0.1', values: [last] });
    expect([valueIn(g.values[0]!, '2.9'), valueIn(g.values[0]!, '2.10'), valueIn(g.values[0]!, '2.11'), valueIn(g.values[0]!, '2.12'), valueIn(g.values[0]!, '2.15')]).toEqual([58, 62, 62, 65, 65]);
    const unordered = { ...last, history: [{ until: '2.12', value: 62 }, { until: '2.10', value: 58 }] };
    expect(issues(ConstantGroup.safeParse({ group: 'IoringOp', header: 'liburing/io_uring.h', summary: 'ops', since: '0.1', values: [unordered] }))).toEqual([
      'values.0.history.1.until: IORING_OP_LAST: history must be oldest first',
    ]);
  });
});

describe('structs', () => {
  const params = {
    name: 'io_uring_buf_reg',
    className: 'IoUringBufReg',
    header: 'liburing/io_uring.h',
    summary: 'a buffer ring registration',
    since: '2.2',
    fields: [{ name: 'ring_addr', type: '__u64' }, { name: 'flags', type: '__u16', since: '2.6' }],
  };

  test('a liburing struct with since, and a later member with its own, is accepted', () => {
    expect(issues(StructEntry.safeParse(params))).toEqual([]);
  });

  test('a liburing struct without since is refused at since', () => {
    const { since: _, ...noSince } = params;
    expect(issues(StructEntry.safeParse(noSince))).toEqual([
      'since: structs of liburing/io_uring.h need `since`: the liburing version whose headers first define struct io_uring_buf_reg',
    ]);
  });

  test('a member nested in a union with a since no later than the struct is refused at its path', () => {
    const s = { ...params, fields: [{ union: [{ name: 'ring_addr', type: '__u64', since: '2.2' }] }] };
    expect(issues(StructEntry.safeParse(s))).toEqual([
      "fields.0.union.0.since: io_uring_buf_reg.ring_addr: since 2.2 is not later than the struct's since 2.2: leave it out",
    ]);
  });

  test('a libc struct with a liburing since or removed is refused', () => {
    const iovec = { name: 'iovec', className: 'Iovec', header: 'sys/uio.h', summary: 'an I/O vector', since: '2.9', fields: [{ name: 'iov_base', type: 'void *' }] };
    expect(issues(StructEntry.safeParse(iovec))).toEqual([
      'since: struct iovec comes from sys/uio.h, which liburing does not define: give `kernel` where the Linux version matters, not a liburing version',
    ]);
  });

  test('removed must come after since', () => {
    expect(issues(StructEntry.safeParse({ ...params, removed: '2.1' }))).toEqual(['removed: removed 2.1 is not after since 2.2']);
  });
});
