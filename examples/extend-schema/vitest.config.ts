import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The tests `liburing-ts generate` wrote for this project's functions.
    include: ['generated/tests/**/*.test.ts'],
    // One process per file, as liburing-ts's own tests: a crash in C takes only its file down.
    pool: 'forks',
    testTimeout: 30_000,
  },
});
