import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { IngestError, diagnoseBytes, diagnoseFile, type Progress } from '../../src-main/diagnosis/ingest';
import { fromFileSystemError } from '../../src-main/diagnosis/ingest/errors';
import { readText, realLogs } from './helpers';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'serve-doctor-ingest-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

async function failure(run: () => Promise<unknown>): Promise<IngestError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(IngestError);
    const ingest = error as IngestError;
    // One sentence for the user: no newline, no stack-like text.
    expect(ingest.message).not.toMatch(/\n|at .*:\d+:\d+/);
    expect(ingest.message).toMatch(/[.]$/);
    return ingest;
  }
  throw new Error('expected an IngestError');
}

const OOM_LOG = 'INFO starting\nRuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB\n';

describe('bad input gets one clear sentence', () => {
  it('empty and blank files', async () => {
    expect((await failure(() => diagnoseFile(write('empty.log', '')))).code).toBe('empty');
    expect((await failure(() => diagnoseFile(write('blank.log', '\n \r\n\t\n')))).code).toBe('empty');
  });

  it('binary files, with the reason', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(100, 7),
    ]);
    const error = await failure(() => diagnoseFile(write('shot.log', png)));
    expect(error.code).toBe('binary');
    expect(error.message).toBe(
      `The file "${path.join(dir, 'shot.log')}" is not a text log: it looks like a PNG image.`,
    );
    const zeros = await failure(() => diagnoseFile(write('zeros.log', Buffer.alloc(10_000))));
    expect(zeros.code).toBe('binary');
    expect(zeros.message).toMatch(/NUL bytes/);
  });

  it('a directory, a missing file', async () => {
    expect((await failure(() => diagnoseFile(dir))).code).toBe('directory');
    expect((await failure(() => diagnoseFile(path.join(dir, 'nope.log')))).code).toBe('not-found');
  });

  it.skipIf(process.getuid?.() === 0)('a file without read permission', async () => {
    const file = write('secret.log', OOM_LOG);
    chmodSync(file, 0o000);
    expect((await failure(() => diagnoseFile(file))).code).toBe('permission');
  });

  it('maps permission errors to their own code (also when tests run as root)', () => {
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    const error = fromFileSystemError(denied, 'the file "x.log"');
    expect(error.code).toBe('permission');
    expect(error.message).toBe('The file "x.log" cannot be opened: permission denied.');
    expect(
      fromFileSystemError(Object.assign(new Error('io'), { code: 'EIO' }), 'the file "x.log"').code,
    ).toBe('unreadable');
  });

  it('a damaged gzip file', async () => {
    const gz = gzipSync(Buffer.from(OOM_LOG.repeat(100)));
    const error = await failure(() => diagnoseFile(write('cut.log.gz', gz.subarray(0, gz.length - 20))));
    expect(error.code).toBe('unreadable');
  });

  it('cancellation, before and during the read', async () => {
    const file = write('long.log', OOM_LOG.repeat(2000));
    const before = new AbortController();
    before.abort();
    expect((await failure(() => diagnoseFile(file, { signal: before.signal }))).code).toBe('cancelled');
    const during = new AbortController();
    const error = await failure(() =>
      diagnoseFile(file, {
        chunkSize: 1024,
        signal: during.signal,
        onProgress: (p) => {
          if (p.bytesRead >= 4096) during.abort();
        },
      }),
    );
    expect(error.code).toBe('cancelled');
  });
});

describe('reading', () => {
  it('reports progress from the first chunk to the whole file', async () => {
    const text = OOM_LOG.repeat(500);
    const file = write('progress.log', text);
    const seen: Progress[] = [];
    const report = await diagnoseFile(file, { chunkSize: 4096, onProgress: (p) => seen.push(p) });
    const size = Buffer.byteLength(text);
    expect(seen.length).toBe(Math.ceil(size / 4096));
    expect(seen.every((p) => p.totalBytes === size)).toBe(true);
    expect(seen.map((p) => p.bytesRead)).toEqual([...seen.map((p) => p.bytesRead)].sort((a, b) => a - b));
    expect(seen[seen.length - 1].bytesRead).toBe(size);
    expect(report.stats.lines).toBe(1000);
  });

  it('reads gzip files by their magic bytes, whatever the name', async () => {
    const { file } = realLogs().find((l) => l.name.includes('oom-weights'))!;
    const text = readText(file);
    const plain = await diagnoseFile(file);
    const gz = await diagnoseFile(write('compressed.txt', gzipSync(Buffer.from(text))), { chunkSize: 100 });
    expect(gz.findings.map((f) => f.id)).toEqual(plain.findings.map((f) => f.id));
    expect(gz.findings.length).toBeGreaterThan(0);
    expect(gz.stats.lines).toBe(plain.stats.lines);
  });

  it('reads a log that starts with NUL padding left by log rotation', async () => {
    const padded = Buffer.concat([Buffer.alloc(100_001), Buffer.from(OOM_LOG)]);
    const report = await diagnoseFile(write('rotated.log', padded));
    expect(report.stats.lines).toBe(2);
    expect(report.findings.map((f) => f.id)).toContain('cuda-oom');
  });

  it('reads a 20 MB single-line JSON log without failing', async () => {
    const line = JSON.stringify({ level: 'info', msg: 'x'.repeat(20 * 1024 * 1024) });
    const report = diagnoseBytes(Buffer.from(`${line}\n${OOM_LOG}`));
    expect(report.stats.lines).toBe(3);
  });
});
