import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['generated/tests/**/*.test.ts', 'test/**/*.test.ts'],
    // Each test file gets its own process: a crash in one FFI call must not take the others down.
    pool: 'forks',
    testTimeout: 30_000,
    // Every checked call runs its plain-JavaScript guard and its zod schema and throws if they disagree (runtime/check.ts):
    // the fuzz tests of the wrappers prove the two forms of each check equivalent on random arguments.
    env: { LIBURING_TS_CROSSCHECK: '1' },
    hookTimeout: 30_000,
  },
});
