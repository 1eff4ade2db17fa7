import { defineConfig } from 'vitest/config';

// Node-side unit and integration tests. Svelte component tests live in src-renderer and use
// their own environment pragma; e2e browser tests are under e2e/ and run through vitest too.
export default defineConfig({
  test: {
    include: ['src-main/**/*.test.ts', 'test/**/*.test.ts', 'e2e/**/*.test.ts', 'src-renderer/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
