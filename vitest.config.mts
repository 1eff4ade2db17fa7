import { defineConfig } from 'vitest/config';

// Node-side unit and integration tests, and the e2e browser tests under e2e/. Svelte component
// tests (*.spec.ts) run with src-renderer/vitest.config.ts. Both write a JSON result that
// scripts/test-summary.mjs turns into one closing line for CI.
export default defineConfig({
  test: {
    include: ['src-main/**/*.test.ts', 'test/**/*.test.ts', 'e2e/**/*.test.ts', 'src-renderer/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', ['json', { outputFile: 'test-results/unit.json' }]],
  },
});
