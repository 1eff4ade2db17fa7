import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { runCli } from '../../src-main/cli';
import type { CliIO } from '../../src-main/cli/io';
import { progressBar } from '../../src-main/cli/diagnose-command';
import { readText, realLogs } from './helpers';

function fakeIO(stdin = '', stderrIsTTY = false): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
    stderrIsTTY,
    readStdin: () => Readable.from([Buffer.from(stdin)]),
    env: {},
  };
  return io;
}

const oomLog = realLogs().find((l) => l.name.includes('oom-weights'))!.file;

describe('serve-doctor diagnose', () => {
  it('prints the report as JSON with findings, evidence, fixes and facts', async () => {
    const io = fakeIO();
    expect(await runCli(['diagnose', oomLog, '--json'], io)).toBe(0);
    const report = JSON.parse(io.out);
    expect(report.findings[0].id).toBe('cuda-oom-weights');
    expect(report.findings[0].evidence[0]).toEqual({ line: expect.any(Number), text: expect.any(String) });
    expect(report.findings[0].fixes[0]).toHaveProperty('settings');
    expect(report.facts).toHaveProperty('engine');
    expect(io.err).toBe('');
  });

  it('prints the readable report', async () => {
    const io = fakeIO();
    expect(await runCli(['diagnose', oomLog], io)).toBe(0);
    expect(io.out).toMatch(/cuda-oom-weights/);
  });

  it('reads standard input with -', async () => {
    const io = fakeIO(readText(oomLog));
    expect(await runCli(['diagnose', '-', '--json'], io)).toBe(0);
    expect(JSON.parse(io.out).findings[0].id).toBe('cuda-oom-weights');
  });

  it('exits 2 with one line on stderr for input it cannot read', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'serve-doctor-cli-'));
    const empty = path.join(dir, 'empty.log');
    writeFileSync(empty, '');
    const png = path.join(dir, 'screenshot.log');
    writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]));
    const cases: [string, RegExp][] = [
      [empty, /is empty/],
      [png, /not a text log: it looks like a PNG image\./],
      [dir, /is a folder/],
      [path.join(dir, 'missing.log'), /does not exist/],
    ];
    for (const [target, message] of cases) {
      const io = fakeIO();
      expect(await runCli(['diagnose', target], io), target).toBe(2);
      expect(io.err).toMatch(message);
      expect(io.err.trimEnd().split('\n')).toHaveLength(1);
      expect(io.out).toBe('');
    }
    const stdin = fakeIO('');
    expect(await runCli(['diagnose', '-'], stdin)).toBe(2);
    expect(stdin.err).toMatch(/Standard input is empty/);
  });

  it('draws a progress bar on a terminal for big inputs only, and clears it', () => {
    const io = fakeIO('', true);
    const bar = progressBar(io);
    bar.update({ bytesRead: 1000, totalBytes: 10_000 });
    expect(io.err).toBe('');
    bar.update({ bytesRead: 50 * 1024 * 1024, totalBytes: 100 * 1024 * 1024 });
    expect(io.err).toMatch(/\[#{15}\.{15}\] 50% 52\/105 MB/);
    bar.done();
    expect(io.err.endsWith('\r\x1b[2K')).toBe(true);
  });
});
