import { describe, expect, it } from 'vitest';
import { runCommand } from './run-command';

const node = process.execPath;

describe('runCommand', () => {
  it('returns output and exit code of a real child process', async () => {
    const outcome = await runCommand(
      node,
      ['-e', 'process.stdout.write("hi"); process.stderr.write("err"); process.exit(3)'],
      { timeoutMs: 5000 },
    );
    expect(outcome).toEqual({ kind: 'exited', code: 3, signal: null, stdout: 'hi', stderr: 'err' });
  });

  it('reports a program that does not exist as not found', async () => {
    expect(await runCommand('/nonexistent/nvidia-smi', [], { timeoutMs: 1000 })).toEqual({
      kind: 'not-found',
    });
  });

  it('settles on time with what was printed so far when the program hangs, and when aborted', async () => {
    const script = 'process.stdout.write("partial\\n"); setInterval(() => {}, 1000)';
    const started = Date.now();
    const outcome = await runCommand(node, ['-e', script], { timeoutMs: 500 });
    expect(outcome).toMatchObject({ kind: 'timeout', stdout: 'partial\n' });
    expect(Date.now() - started).toBeLessThan(2000);

    const controller = new AbortController();
    const aborted = runCommand(node, ['-e', script], { timeoutMs: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    expect((await aborted).kind).toBe('timeout');
  });
});
