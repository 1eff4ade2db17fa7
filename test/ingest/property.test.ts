import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diagnoseText } from '../../src-main/diagnosis';
import { IngestError, diagnoseBytes } from '../../src-main/diagnosis/ingest';
import { readText, realLogs } from './helpers';

const LIMIT_MS = 1_000;
const logs = realLogs().map((l) => readText(l.file).split('\n'));

/** Runs one input; only IngestError may come out, and it must finish in time. */
function survives(run: () => unknown): void {
  const started = performance.now();
  try {
    run();
  } catch (error) {
    if (!(error instanceof IngestError)) throw error;
  }
  expect(performance.now() - started).toBeLessThan(LIMIT_MS);
}

const mutatedLog = fc
  .record({
    log: fc.integer({ min: 0, max: logs.length - 1 }),
    ops: fc.array(
      fc.oneof(
        fc.record({
          kind: fc.constant('dup' as const),
          at: fc.nat(),
          times: fc.integer({ min: 1, max: 50 }),
        }),
        fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), keep: fc.nat() }),
        fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
        fc.record({
          kind: fc.constant('nul' as const),
          at: fc.nat(),
          count: fc.integer({ min: 1, max: 20 }),
        }),
        fc.record({
          kind: fc.constant('huge' as const),
          at: fc.nat(),
          size: fc.integer({ min: 1000, max: 300_000 }),
        }),
      ),
      { maxLength: 8 },
    ),
  })
  .map(({ log, ops }) => {
    const lines = [...logs[log]];
    for (const op of ops) {
      const at = lines.length ? op.at % lines.length : 0;
      if (op.kind === 'dup') lines.splice(at, 0, ...Array<string>(op.times).fill(lines[at] ?? ''));
      if (op.kind === 'cut') lines[at] = (lines[at] ?? '').slice(0, op.keep % 200);
      if (op.kind === 'swap')
        [lines[at], lines[op.with % lines.length]] = [lines[op.with % lines.length], lines[at]];
      if (op.kind === 'nul') lines[at] = `${'\0'.repeat(op.count)}${lines[at] ?? ''}`;
      if (op.kind === 'huge') lines[at] = `${lines[at] ?? ''} ${'x9 '.repeat(op.size / 3)}`;
    }
    return lines.join(op2eol(ops.length));
  });

function op2eol(n: number): string {
  return ['\n', '\r\n', '\r'][n % 3];
}

describe('no input makes the engine or the reader throw or hang', () => {
  it('random strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (text) => {
        survives(() => diagnoseText(text));
        survives(() => diagnoseBytes(Buffer.from(text, 'utf8'), { chunkSize: 97 }));
      }),
      { numRuns: 150 },
    );
  });

  it('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => {
        survives(() => diagnoseBytes(bytes, { chunkSize: 13 }));
      }),
      { numRuns: 150 },
    );
  });

  it('real logs, mutated (duplicated, cut, shuffled lines, NUL bytes, huge lines)', () => {
    fc.assert(
      fc.property(mutatedLog, (text) => {
        survives(() => diagnoseText(text));
        survives(() => diagnoseBytes(Buffer.from(text, 'utf8')));
      }),
      { numRuns: 60 },
    );
  });
});
