// Builds the renderer (src-renderer → out/renderer) on its own, for the web host
// (`serve-doctor ui`) and the browser tests; the desktop build does the same through electron-vite.
import { build } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

await build({
  configFile: false,
  root: path.join(root, 'src-renderer'),
  base: './',
  logLevel: 'warn',
  plugins: [svelte()],
  build: {
    outDir: path.join(root, 'out/renderer'),
    emptyOutDir: true,
    sourcemap: false,
    minify: true,
  },
});
