// The compiled argument check is what makes checked calls cheap; this test proves the check is the
// compiled one (zod falls back to its interpreter silently when a schema cannot be compiled), not its speed.
import { expect, test } from 'vitest';
import * as z from 'zod';

test('z.compile accepts the shapes the wrappers use (tuples of custom types with refinements)', () => {
  class Thing {
    alive = true;
  }
  const schema = z.tuple([z.number().int().min(1).max(10), z.custom<Thing>((v) => v instanceof Thing)]).refine(([n]) => n % 2 === 0, { params: { precondition: 0 }, path: [0] });
  const compiled = z.compile(schema, { strict: true });
  expect(compiled.safeParse([2, new Thing()]).success).toBe(true);
  const bad = compiled.safeParse([3, new Thing()]);
  expect(bad.success).toBe(false);
  expect(bad.error!.issues[0]).toMatchObject({ code: 'custom', path: [0], params: { precondition: 0 } });
});
