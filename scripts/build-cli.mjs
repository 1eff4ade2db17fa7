// Bundles the command-line front door (src-main/cli.ts) into out/cli/serve-doctor.cjs.
// Runs on `npm install` (the `prepare` script), so `npx serve-doctor` works with no other step.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

await build({
  entryPoints: [path.join(root, 'src-main/cli.ts')],
  outfile: path.join(root, 'out/cli/serve-doctor.cjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // electron is never needed by the CLI; keep it out even if a shared module mentions it.
  external: ['electron'],
});
