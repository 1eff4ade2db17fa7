import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LineScanner, prefilterActive, splitLines } from '../../src-main/diagnosis/ingest';
import { MAX_LINE_CHARS } from '../../src-main/diagnosis/scan';
import { RecordingSession, readText, realLogs, referenceWindows } from './helpers';

function scanInChunks(
  text: string | Buffer,
  chunkSize: number,
  options: ConstructorParameters<typeof LineScanner>[1] = {},
): { pushed: RecordingSession['pushed']; lines: number } {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const session = new RecordingSession();
  const scanner = new LineScanner(session, options);
  for (let at = 0; at < bytes.length; at += chunkSize) scanner.write(bytes.subarray(at, at + chunkSize));
  const lines = scanner.end();
  return { pushed: session.pushed, lines };
}

describe('splitLines', () => {
  it('ends lines at LF, CRLF and CR, without a trailing empty line', () => {
    expect(splitLines('a\nb\r\nc\rd')).toEqual(['a', 'b', 'c', 'd']);
    expect(splitLines('a\n')).toEqual(['a']);
    expect(splitLines('a\n\n')).toEqual(['a', '']);
    expect(splitLines('\r\n')).toEqual(['']);
    expect(splitLines('a\r\r\nb')).toEqual(['a', '', 'b']);
    expect(splitLines('')).toEqual([]);
  });
});

describe('LineScanner', () => {
  it('runs the byte prefilter for the engine pattern (not the slow every-line fallback)', () => {
    expect(prefilterActive()).toBe(true);
  });

  const logs = realLogs();
  it.each([1, 7, 64, 4096, 4 << 20])(
    'gives exactly the windowed lines of every real log (chunks of %i bytes)',
    (size) => {
      for (const { name, file } of logs) {
        const text = readText(file);
        const expected = referenceWindows(text);
        expect(expected.pushed.length, name).toBeGreaterThan(0);
        expect(scanInChunks(text, size), name).toEqual(expected);
      }
    },
  );

  it('handles CRLF and CR-only versions of the real logs the same way', () => {
    for (const { name, file } of logs) {
      const text = readText(file).replace(/\r\n|\r|\n/g, '\n');
      for (const eol of ['\r\n', '\r']) {
        const converted = text.replaceAll('\n', eol);
        const expected = referenceWindows(converted);
        expect(scanInChunks(converted, 7), `${name} ${JSON.stringify(eol)}`).toEqual(expected);
        expect(scanInChunks(converted, 4096), `${name} ${JSON.stringify(eol)}`).toEqual(expected);
      }
    }
  });

  it('keeps CR and LF of one CRLF together when they arrive in different chunks', () => {
    const session = new RecordingSession();
    const scanner = new LineScanner(session, { before: 0, after: 0 });
    scanner.write(Buffer.from('RuntimeError: one\r'));
    scanner.write(Buffer.from('\nValueError: two\r'));
    scanner.write(Buffer.from('\n'));
    expect(scanner.end()).toBe(2);
    expect(session.pushed).toEqual([
      { line: 1, text: 'RuntimeError: one' },
      { line: 2, text: 'ValueError: two' },
    ]);
  });

  it('reads the same with the every-line fallback as with the prefilter', () => {
    for (const { name, file } of logs.slice(0, 20)) {
      const text = readText(file);
      expect(scanInChunks(text, 13, { words: null }), name).toEqual(referenceWindows(text));
    }
  });

  it('cuts a line longer than the limit for matching, keeps it as one line, and keeps counting', () => {
    const max = 40;
    const long = `start ${'x'.repeat(200)} error far beyond the cut`;
    const text = `INFO ok\n${long}\nINFO after\nRuntimeError: near ${'y'.repeat(300)}\nlast`;
    for (const size of [1, 3, 7, 50, 1000]) {
      const result = scanInChunks(text, size, { maxLineChars: max });
      expect(result, `chunk ${size}`).toEqual(referenceWindows(text, { maxLineChars: max }));
      expect(result.lines).toBe(5);
      const near = result.pushed.find((p) => p.line === 4);
      expect(near?.text).toHaveLength(max);
      // The word after the cut of line 2 does not make line 2 a candidate on its own.
      expect(result.pushed.map((p) => p.line)).toEqual([1, 2, 3, 4, 5]);
    }
  });

  it('reads a single line longer than MAX_LINE_CHARS with bounded memory', () => {
    const line = `{"msg": "${'a'.repeat(MAX_LINE_CHARS)}", "error": "CUDA out of memory"}`;
    const text = `${line}\nRuntimeError: CUDA out of memory\n`;
    const result = scanInChunks(text, 64 * 1024);
    expect(result.lines).toBe(2);
    expect(result.pushed.map((p) => p.line)).toEqual([1, 2]);
    expect(result.pushed[0].text).toHaveLength(MAX_LINE_CHARS);
  });

  it('decodes multi-byte characters split across chunks', () => {
    const text = '模型加载失败 error: 显存不足 😀\n第二行\n';
    for (const size of [1, 2, 3, 5]) expect(scanInChunks(text, size)).toEqual(referenceWindows(text));
  });

  it('matches the reference on random text and random chunking', () => {
    const piece = fc.constantFrom(
      'error',
      'OOM',
      'Shm',
      'Traceback',
      'kv cache',
      'INFO',
      'ok',
      ' ',
      'x',
      '\n',
      '\r',
      '\r\n',
      'é',
      '中',
      'could not',
      'initializing',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 80 }),
        fc.integer({ min: 1, max: 17 }),
        fc.boolean(),
        (parts, size, fallback) => {
          const text = parts.join('');
          const options = { maxLineChars: 12, before: 2, after: 1, ...(fallback ? { words: null } : {}) };
          expect(scanInChunks(text, size, options)).toEqual(
            referenceWindows(text, { maxLineChars: 12, before: 2, after: 1 }),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
