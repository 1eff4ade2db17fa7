import { spawn } from 'node:child_process';

export type CommandOutcome =
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }
  | { kind: 'timeout'; stdout: string; stderr: string }
  | { kind: 'not-found' }
  | { kind: 'spawn-error'; message: string };

export interface RunOptions {
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  /** Output beyond this many bytes is dropped (a confused tool must not fill memory). */
  maxOutputBytes?: number;
  /** Aborting kills the program and settles like a timeout. */
  signal?: AbortSignal;
}

/**
 * Runs a program asynchronously and always settles: with its output, when it does not start, or
 * when it outlives `timeoutMs`. On a timeout the promise settles at once and the program is killed
 * without waiting for it (a process stuck in the kernel may never die), so the caller's event loop
 * and the exit of a command-line run are never held up by it.
 */
export function runCommand(file: string, args: string[], options: RunOptions): Promise<CommandOutcome> {
  const maxBytes = options.maxOutputBytes ?? 4 * 1024 * 1024;
  return new Promise((resolve) => {
    let settled = false;
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrBytes = 0;
    const finish = (outcome: CommandOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', giveUp);
      resolve(outcome);
    };
    const text = (chunks: Buffer[]): string => Buffer.concat(chunks).toString('utf8');

    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(file, args, {
        env: options.env ?? process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
    } catch (error) {
      resolve(spawnFailure(error));
      return;
    }
    const giveUp = (): void => {
      finish({ kind: 'timeout', stdout: text(stdout), stderr: text(stderr) });
      child.stdout?.destroy();
      child.stderr?.destroy();
      child.unref();
      child.kill('SIGKILL');
    };
    const timer = setTimeout(giveUp, options.timeoutMs);
    if (options.signal?.aborted) giveUp();
    options.signal?.addEventListener('abort', giveUp, { once: true });

    child.stdout?.on('data', (chunk: Buffer) => {
      if (stdoutBytes < maxBytes) stdout.push(chunk);
      stdoutBytes += chunk.length;
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderrBytes < maxBytes) stderr.push(chunk);
      stderrBytes += chunk.length;
    });
    child.on('error', (error) => finish(spawnFailure(error)));
    child.on('close', (code, signal) =>
      finish({ kind: 'exited', code, signal, stdout: text(stdout), stderr: text(stderr) }),
    );
  });
}

function spawnFailure(error: unknown): CommandOutcome {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'ENOTDIR') return { kind: 'not-found' };
  return { kind: 'spawn-error', message: error instanceof Error ? error.message : String(error) };
}
