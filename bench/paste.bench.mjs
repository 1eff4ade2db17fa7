// A 10,000-line paste through diagnoseText (the engine bundled by esbuild into bench/.work).
import { build } from 'esbuild';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const work = path.join(root, 'bench', '.work');
mkdirSync(work, { recursive: true });
const bundle = path.join(work, 'diagnosis.mjs');
await build({
  entryPoints: [path.join(root, 'src-main/diagnosis/index.ts')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  outfile: bundle,
  logLevel: 'warning',
});
const { diagnoseText } = await import(bundle);

// Real corpus lines, repeated in order to 10,000 lines, ending in a real failing log.
const corpus = path.join(root, 'test', 'fixtures', 'corpus', 'dev');
const logs = readdirSync(corpus)
  .filter((f) => f.endsWith('.log'))
  .sort();
const all = logs.flatMap((f) => readFileSync(path.join(corpus, f), 'utf8').split(/\r\n|\r|\n/));
const tail = readFileSync(path.join(corpus, 'oom-weights-llama2-70b-single-a100-v012.log'), 'utf8').split(
  '\n',
);
const lines = [];
for (let i = 0; lines.length < 10_000 - tail.length; i++) lines.push(all[i % all.length]);
const paste = [...lines, ...tail].join('\n');

diagnoseText(paste); // warm-up
const runs = [];
for (let i = 0; i < 10; i++) {
  const started = performance.now();
  const report = diagnoseText(paste);
  runs.push(performance.now() - started);
  if (i === 0)
    console.log(
      `paste: ${report.stats.lines} lines, ${(paste.length / 1024).toFixed(0)} KiB; first finding ${report.findings[0]?.id}`,
    );
}
runs.sort((a, b) => a - b);
console.log(
  `diagnoseText on a 10,000-line paste: median ${runs[5].toFixed(1)} ms, worst ${runs[9].toFixed(1)} ms (target < 100 ms)`,
);
