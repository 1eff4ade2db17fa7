/**
 * The `serve-doctor diagnose` front door, run as a user runs it: the built bin script in a child
 * process. Checks the JSON shape the issue specifies, stdin, the readable report, exit codes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/serve-doctor.cjs');
const DEV = path.join(ROOT, 'test/fixtures/corpus/dev');

function run(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: 'utf8',
    cwd: ROOT,
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'out/cli/serve-doctor.cjs'))) {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT });
  }
});

describe('serve-doctor diagnose', () => {
  it('prints the JSON shape of the issue, root cause first', () => {
    const { status, stdout } = run([
      'diagnose',
      path.join(DEV, 'cpu-backend-kvspace-default-4gib.log'),
      '--json',
    ]);
    expect(status).toBe(0);
    const report = JSON.parse(stdout) as {
      findings: Array<{
        id: string;
        title: string;
        confidence: number;
        evidence: Array<{ line: number; text: string }>;
        facts: Record<string, unknown>;
        fixes: Array<{ summary: string; settings: Record<string, unknown> }>;
      }>;
      facts: Record<string, unknown>;
    };
    expect(report.findings.map((f) => f.id)).toEqual(['cpu-backend-memory', 'kv-cache-insufficient']);
    const kv = report.findings[1];
    expect(kv.title).toEqual(expect.any(String));
    expect(kv.confidence).toBeGreaterThan(0.9);
    expect(kv.evidence[0]).toMatchObject({ line: 1, text: expect.stringContaining('max seq len (40960)') });
    expect(kv.facts).toMatchObject({ max_model_len: 40960, estimated_max_model_len: 37376 });
    expect(kv.fixes[0]).toMatchObject({ summary: expect.any(String), settings: { max_model_len: 37376 } });
    expect(report.facts).toHaveProperty('engine');
  });

  it('reads standard input with -', () => {
    const text =
      "ValueError: The model's max seq len (32768) is larger than the maximum number of tokens that can be stored in KV cache (7344). Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine.\n";
    const { status, stdout } = run(['diagnose', '-', '--json'], text);
    expect(status).toBe(0);
    const report = JSON.parse(stdout) as {
      findings: Array<{ id: string; fixes: Array<{ settings: object }> }>;
    };
    expect(report.findings[0].id).toBe('kv-cache-insufficient');
    expect(report.findings[0].fixes[0].settings).toEqual({ max_model_len: 7344 });
  });

  it('prints a readable report with the evidence line and a command to copy', () => {
    const { status, stdout } = run(['diagnose', path.join(DEV, 'xinf-3237-kv-cache-17744.log')]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/KV cache/);
    expect(stdout).toMatch(/line 1/);
    expect(stdout).toContain('--max_model_len 17744');
  });

  it('exits 0 with a plain message when nothing known is found', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sd-cli-'));
    const file = path.join(dir, 'ok.log');
    writeFileSync(file, 'INFO 01-01 00:00:00 [api_server.py:1] Started server process\n');
    const { status, stdout } = run(['diagnose', file]);
    expect(status).toBe(0);
    expect(stdout).toContain('No known problem');
  });

  it('exits 2 with one line on stderr when the input cannot be read', () => {
    const missing = run(['diagnose', path.join(ROOT, 'no-such-file.log')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).not.toMatch(/\bat \w+ \(/);
    const directory = run(['diagnose', ROOT]);
    expect(directory.status).toBe(2);
    expect(directory.stderr.trim().split('\n')).toHaveLength(1);
  });
});
