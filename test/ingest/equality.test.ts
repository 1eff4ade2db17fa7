import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../src-main/diagnosis';
import { diagnoseBytes, diagnoseFile } from '../../src-main/diagnosis/ingest';
import { readText, realLogs, withoutMillis } from './helpers';

// The streaming reader feeds the engine only the candidate windows; the report must be the one
// the engine gives for the whole text in memory.
describe('streaming ingestion gives the in-memory report', () => {
  const logs = realLogs();

  it('covers the whole dev corpus and the framework-error fixtures', () => {
    expect(logs.filter((l) => l.name.startsWith('dev/')).length).toBeGreaterThanOrEqual(60);
    expect(logs.filter((l) => l.name.startsWith('framework-errors/')).length).toBeGreaterThanOrEqual(5);
  });

  it.each(logs.map((l) => [l.name, l.file]))('%s', async (_name, file) => {
    const text = readText(file);
    const expected = withoutMillis(diagnoseText(text));
    expect(withoutMillis(await diagnoseFile(file))).toEqual(expected);
    expect(withoutMillis(await diagnoseFile(file, { chunkSize: 7 }))).toEqual(expected);
    expect(withoutMillis(diagnoseBytes(Buffer.from(text, 'utf8'), { chunkSize: 5 }))).toEqual(expected);
  });

  it('reads CRLF and UTF-16 copies of the corpus to the same findings', () => {
    for (const { name, file } of logs) {
      const text = readText(file).replace(/\r\n|\r|\n/g, '\r\n');
      const expected = withoutMillis(diagnoseText(text));
      expect(withoutMillis(diagnoseBytes(Buffer.from(text, 'utf8'), { chunkSize: 11 })), name).toEqual(
        expected,
      );
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      const fromUtf16 = withoutMillis(diagnoseBytes(utf16, { chunkSize: 11 }));
      expect(fromUtf16.findings, name).toEqual(expected.findings);
      expect(fromUtf16.facts, name).toEqual(expected.facts);
      expect(fromUtf16.stats.lines, name).toBe(expected.stats.lines);
    }
  });
});
