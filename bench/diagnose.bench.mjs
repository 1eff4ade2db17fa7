// Throughput of `serve-doctor diagnose` on a 1 GiB log, against `grep -c -E -i` with the
// engine's own candidate pattern on the same file. Run by `npm run bench` (after build:cli).
// The log: real INFO/WARNING lines of the dev corpus (those without error words), numbers
// varied, with the start-up fact lines once at the top, and a real error block at the end.
import { build } from 'esbuild';
import { spawn, spawnSync } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const work = path.join(root, 'bench', '.work');
const corpus = path.join(root, 'test', 'fixtures', 'corpus', 'dev');
const TARGET_BYTES = 1024 ** 3;
/** The real error appended at the end, and the finding it should give. */
const ERROR_LOG = 'freemem-h200-mixtral-fp8-gmu09.log';
mkdirSync(work, { recursive: true });

// The engine's patterns, through esbuild (never a copy of the word lists).
const scanBundle = path.join(work, 'scan.mjs');
await build({
  entryPoints: [path.join(root, 'src-main/diagnosis/scan.ts')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  outfile: scanBundle,
  logLevel: 'warning',
});
const { CANDIDATE_SOURCE, ERROR_PATTERN, FACT_PATTERN } = await import(scanBundle);

const labels = readFileSync(path.join(corpus, 'labels.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));
const expectedId = labels.find((l) => l.file === ERROR_LOG).expected[0];

function corpusInfoLines() {
  const lines = [];
  for (const file of readdirSync(corpus).filter((f) => f.endsWith('.log'))) {
    for (const line of readFileSync(path.join(corpus, file), 'utf8').split(/\r\n|\r|\n/)) {
      if (/\b(INFO|WARNING|WARN)\b/.test(line) && !ERROR_PATTERN.test(line) && line.length < 2000)
        lines.push(line);
    }
  }
  return [...new Set(lines)];
}

function vary(line, random) {
  return line.replace(/\d+/g, (digits) =>
    String(Math.floor(random() * 10 ** digits.length)).padStart(digits.length, '0'),
  );
}

async function generate(file) {
  const all = corpusInfoLines();
  const facts = all.filter((l) => FACT_PATTERN.test(l));
  const bulk = all.filter((l) => !FACT_PATTERN.test(l));
  let seed = 12345;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const tail = readFileSync(path.join(corpus, ERROR_LOG), 'utf8');
  const tmp = `${file}.tmp`;
  const out = createWriteStream(tmp);
  let written = 0;
  const put = (text) => new Promise((resolve) => (out.write(text) ? resolve() : out.once('drain', resolve)));
  await put(facts.join('\n') + '\n');
  const budget = TARGET_BYTES - Buffer.byteLength(tail);
  while (written < budget) {
    let block = '';
    for (let i = 0; i < 2000; i++) block += vary(bulk[Math.floor(random() * bulk.length)], random) + '\n';
    if (written + block.length > budget)
      block = block.slice(0, block.lastIndexOf('\n', budget - written - 1) + 1) || '\n';
    written += block.length;
    await put(block);
  }
  await put(tail);
  await new Promise((resolve) => out.end(resolve));
  renameSync(tmp, file);
  console.log(
    `generated ${file}: ${bulk.length} bulk line shapes, ${facts.length} fact lines, error from ${ERROR_LOG}`,
  );
}

/** Runs a command, returning wall time and peak RSS (VmHWM polled from /proc, or /usr/bin/time). */
function measure(command, args) {
  const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = timeBin
      ? spawn(timeBin, ['-f', 'PEAK_KB=%M', command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    const poll = setInterval(() => {
      try {
        const match = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (match) peakKb = Math.max(peakKb, Number(match[1]));
      } catch {
        /* finished */
      }
    }, 20);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      const timed = /PEAK_KB=(\d+)/.exec(stderr);
      if (timed) peakKb = Number(timed[1]);
      resolve({ code, wall, peakMb: peakKb / 1024, stdout, stderr: stderr.replace(/PEAK_KB=\d+\n?/, '') });
    });
  });
}

const file = path.join(work, 'big-1gib.log');
if (!existsSync(file) || statSync(file).size < TARGET_BYTES * 0.99) await generate(file);
const size = statSync(file).size;
spawnSync('cat', [file], { stdio: ['ignore', 'ignore', 'ignore'] }); // warm the page cache for both

const cli = await measure(process.execPath, [
  path.join(root, 'bin', 'serve-doctor.cjs'),
  'diagnose',
  file,
  '--json',
]);
if (cli.code !== 0) throw new Error(`serve-doctor failed (${cli.code}): ${cli.stderr}`);
const report = JSON.parse(cli.stdout);
const grep = await measure('grep', ['-c', '-E', '-i', CANDIDATE_SOURCE, file]);

const found = report.findings[0]?.id ?? '(none)';
console.log(`file: ${(size / 2 ** 20).toFixed(0)} MiB, ${report.stats.lines} lines`);
console.log(
  `serve-doctor diagnose: ${cli.wall.toFixed(2)} s, ${(size / 1e6 / cli.wall).toFixed(0)} MB/s, peak RSS ${cli.peakMb.toFixed(0)} MB`,
);
console.log(
  `grep -c -E -i (same pattern): ${grep.wall.toFixed(2)} s (${grep.stdout.trim()} matching lines), peak RSS ${grep.peakMb.toFixed(0)} MB`,
);
console.log(`ratio serve-doctor / grep: ${(cli.wall / grep.wall).toFixed(2)}x (target ≤ 2x)`);
console.log(`first finding: ${found} (expected ${expectedId}) ${found === expectedId ? 'OK' : 'WRONG'}`);
console.log(`peak RSS ${cli.peakMb <= 150 ? 'within' : 'OVER'} the 150 MB target`);
