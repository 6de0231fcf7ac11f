import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['generated/tests/**/*.test.ts', 'test/**/*.test.ts'],
    // Each test file gets its own process: a crash in one FFI call must not take the others down.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
