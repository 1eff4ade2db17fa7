// GPU detection time on this machine: `serve-doctor gpus --json` next to systeminformation's
// graphics() alone, and how long each kept its event loop from running (the longest gap of a
// 5 ms timer). Also with the project's nvidia-smi stand-in first on PATH (replaying the busy H100,
// then hung), to show the nvidia-smi path without a GPU here.
// Run by `npm run bench` (which builds the CLI first) or `node bench/gpu.bench.mjs`.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const bundle = path.join(root, 'out', 'cli', 'serve-doctor.cjs');
const RUNS = 5;
const KILL_AFTER_MS = 8000;

if (!existsSync(bundle)) {
  console.error('out/cli/serve-doctor.cjs is missing: run `npm run build:cli` first');
  process.exit(1);
}

/** A program for a fresh node process: times `call` and the longest event-loop gap during it. */
const measure = (setup, call) => `
${setup}
let last = performance.now(), maxGap = 0;
const timer = setInterval(() => { const now = performance.now(); maxGap = Math.max(maxGap, now - last); last = now; }, 5);
const started = performance.now();
Promise.resolve(${call}).then((extra) => {
  const elapsed = performance.now() - started;
  maxGap = Math.max(maxGap, performance.now() - last);
  clearInterval(timer);
  process.stdout.write(JSON.stringify({ elapsed, maxGap, ...extra }));
});`;

const DETECT = measure(
  `const { runCli } = require(${JSON.stringify(bundle)}); let out = '';
   const io = { stdout: (t) => (out += t), stderr: () => {}, stderrIsTTY: false, readStdin: async function* () {}, env: process.env };`,
  `runCli(['gpus', '--json'], io).then(() => { const r = JSON.parse(out); return { status: r.status, gpus: r.gpus.length, durationMs: r.durationMs }; })`,
);
const SI_GRAPHICS = measure(
  `const si = require(${JSON.stringify(require.resolve('systeminformation'))});`,
  `si.graphics().then((g) => ({ gpus: g.controllers.length }))`,
);

/** Runs a measuring program in fresh processes; the median run, with whole-process wall time. */
function run(program, env, runs) {
  const results = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    const child = spawnSync(process.execPath, ['-e', program], {
      env,
      encoding: 'utf8',
      timeout: KILL_AFTER_MS,
    });
    const wall = performance.now() - started;
    if (child.error || child.status !== 0) return { wall, killed: true };
    results.push({ wall, ...JSON.parse(child.stdout) });
  }
  results.sort((a, b) => a.elapsed - b.elapsed);
  return results[Math.floor(results.length / 2)];
}

const fakeFolder = path.join(root, 'test', 'helpers', 'fake-nvidia-smi');
const withStandIn = (mode) => ({
  ...process.env,
  PATH: [fakeFolder, process.env.PATH].join(path.delimiter),
  FAKE_NVIDIA_SMI_DIR: path.join(root, 'test', 'fixtures', 'gpu', 'nvidia-h100-busy'),
  FAKE_NVIDIA_SMI_MODE: mode,
});
const scenarios = [
  ['this machine', process.env, RUNS],
  ['stand-in nvidia-smi, busy H100', withStandIn('ok'), RUNS],
  ['stand-in nvidia-smi, hung', withStandIn('hang'), 1],
];

const ms = (value) => (value === undefined ? '-' : `${Math.round(value)} ms`);
const cell = (r) =>
  r.killed ? `no answer, killed at ${ms(r.wall)}` : `${ms(r.elapsed)} (stall ${ms(r.maxGap)})`;
const rows = [['scenario', 'serve-doctor gpus --json', 'si.graphics() alone', 'ratio', 'detected']];
for (const [name, env, runs] of scenarios) {
  const detect = run(DETECT, env, runs);
  const si = run(SI_GRAPHICS, env, runs);
  const ratio = detect.killed || si.killed ? '-' : (detect.elapsed / si.elapsed).toFixed(2);
  const found = detect.killed
    ? '-'
    : `${detect.status}, ${detect.gpus} GPU(s); si: ${si.killed ? '-' : si.gpus}`;
  rows.push([name, cell(detect), cell(si), ratio, found]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
for (const row of rows) console.log(row.map((text, i) => String(text).padEnd(widths[i])).join(' | '));
console.log(
  `\ntimes are the first call in a fresh process (median of ${RUNS}; hung: 1 run); ` +
    '"stall" is the longest the event loop could not run during the call.',
);
