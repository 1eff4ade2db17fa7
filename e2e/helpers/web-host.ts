/**
 * Builds the CLI and the renderer, then runs `serve-doctor ui --port 0` as a child process, the way
 * a user does, and reads the URL from its first stdout line.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

export const ROOT = path.resolve(__dirname, '..', '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.name.endsWith('.ts') || entry.name.endsWith('.json'))
      newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Builds the renderer, and the CLI bundle only when it is missing or older than src-main (`npm test`
 * builds it first; rebuilding it here while other test files run it would race).
 */
export function buildForWebHost(): void {
  const cli = path.join(ROOT, 'out/cli/serve-doctor.cjs');
  if (!existsSync(cli) || statSync(cli).mtimeMs < newestMtime(path.join(ROOT, 'src-main'))) {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT, stdio: 'pipe' });
  }
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-renderer.mjs')], {
    cwd: ROOT,
    stdio: 'pipe',
  });
}

export interface RunningHost {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startUi(extraEnv: NodeJS.ProcessEnv = {}): Promise<RunningHost> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'serve-doctor-e2e-'));
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/serve-doctor.cjs'), 'ui', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, ...extraEnv, SERVE_DOCTOR_DATA_DIR: dataDir, LANG: 'en_US.UTF-8' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const firstLine = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(
      () => reject(new Error(`serve-doctor ui printed no URL. stderr: ${stderr}`)),
      15_000,
    );
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`serve-doctor ui exited with ${code}. stderr: ${stderr}`)));
  });
  const url = new URL(firstLine);
  return {
    url: firstLine,
    origin: url.origin,
    token: url.searchParams.get('token') ?? '',
    dataDir,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
