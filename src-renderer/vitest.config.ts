import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

// Svelte component tests (*.spec.ts) in jsdom; they need the Svelte plugin, so they run apart from
// the root suite: `npx vitest run -c src-renderer/vitest.config.ts` (chained into `npm test`).
export default defineConfig({
  root: resolve(__dirname, '..'),
  plugins: [svelte({ hot: false }), svelteTesting()],
  test: {
    include: ['src-renderer/**/*.spec.ts'],
    environment: 'jsdom',
    pool: 'forks',
    reporters: ['default', ['json', { outputFile: 'test-results/components.json' }]],
  },
});
