import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import {
  IngestError,
  Utf8Normaliser,
  binaryReason,
  decodeBytes,
  detectEncoding,
  incompleteUtf8Tail,
} from '../../src-main/diagnosis/ingest';

const SAMPLE =
  '2025-03-22 INFO 启动模型 Qwen2-7B\nRuntimeError: CUDA out of memory. 显存不足 (GiB)\n最后一行 ✓ 😀\n';
/** Characters GBK can encode. */
const SAMPLE_GBK =
  '2025-03-22 INFO 启动模型 Qwen2-7B\nRuntimeError: CUDA out of memory. 显存不足 (GiB)\n最后一行。\n';

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1];
    be[i + 1] = le[i];
  }
  return be;
}

function expectIngestError(run: () => unknown, code: string, message: RegExp): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).code).toBe(code);
    expect((error as IngestError).message).toMatch(message);
    return;
  }
  throw new Error('expected an IngestError');
}

describe('detectEncoding', () => {
  it('reads byte-order marks', () => {
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x41]))).toEqual({
      encoding: 'utf-8',
      bomLength: 3,
    });
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x41, 0]))).toEqual({
      encoding: 'utf-16le',
      bomLength: 2,
    });
    expect(detectEncoding(Buffer.from([0xfe, 0xff, 0, 0x41]))).toEqual({
      encoding: 'utf-16be',
      bomLength: 2,
    });
    expect(detectEncoding(Buffer.from('plain text log'))).toEqual({ encoding: 'utf-8', bomLength: 0 });
  });

  it('recognises BOM-less UTF-16 of ASCII text by its zero bytes', () => {
    expect(detectEncoding(Buffer.from('INFO starting server', 'utf16le')).encoding).toBe('utf-16le');
    expect(detectEncoding(utf16be('INFO starting server')).encoding).toBe('utf-16be');
  });
});

describe('binaryReason', () => {
  const cases: [string, number[], RegExp][] = [
    ['PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], /PNG image/],
    ['JPEG', [0xff, 0xd8, 0xff, 0xe0, 0, 16], /JPEG image/],
    ['ZIP', [0x50, 0x4b, 0x03, 0x04, 20, 0], /ZIP archive/],
    ['ELF', [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], /ELF/],
    ['PDF', [...Buffer.from('%PDF-1.7\n')], /PDF document/],
  ];
  it.each(cases)('names a %s file', (_name, bytes, reason) => {
    expect(binaryReason(Buffer.from(bytes), 'utf-8')).toMatch(reason);
  });

  it('calls NUL-heavy and random data binary but lets a log with a few NUL bytes through', () => {
    expect(binaryReason(Buffer.alloc(4096, 0).fill(65, 0, 100), 'utf-8')).toMatch(/NUL bytes/);
    const random = Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 2654435761) >>> 24));
    expect(binaryReason(random, 'utf-8')).not.toBeNull();
    const log = Buffer.from(`${'INFO all good\n'.repeat(50)}\0\0\0ERROR after a rotation\n`);
    expect(binaryReason(log, 'utf-8')).toBeNull();
  });
});

describe('decoding', () => {
  it('finds an incomplete UTF-8 character at the end of a chunk', () => {
    const bytes = Buffer.from('a中');
    expect(incompleteUtf8Tail(bytes)).toBe(0);
    expect(incompleteUtf8Tail(bytes.subarray(0, 2))).toBe(1);
    expect(incompleteUtf8Tail(bytes.subarray(0, 3))).toBe(2);
    expect(incompleteUtf8Tail(Buffer.from('😀').subarray(0, 3))).toBe(3);
  });

  it('decodes UTF-8 with and without BOM, UTF-16LE/BE with BOM', () => {
    expect(decodeBytes(Buffer.from(SAMPLE))).toBe(SAMPLE);
    expect(decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE)]))).toBe(SAMPLE);
    expect(decodeBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SAMPLE, 'utf16le')]))).toBe(
      SAMPLE,
    );
    expect(decodeBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(SAMPLE)]))).toBe(SAMPLE);
  });

  it('decodes GBK / GB18030 text that is not valid UTF-8', () => {
    expect(decodeBytes(iconv.encode(SAMPLE_GBK, 'gbk'))).toBe(SAMPLE_GBK);
    expect(decodeBytes(iconv.encode(SAMPLE, 'gb18030'))).toBe(SAMPLE);
    // GBK after a long ASCII start still switches (the decision is made where UTF-8 first fails).
    const late = `${'INFO ascii only\n'.repeat(10_000)}${SAMPLE_GBK}`;
    expect(decodeBytes(iconv.encode(late, 'gbk'))).toBe(late);
  });

  it('decodes chunk by chunk with characters split across chunks', () => {
    const encodings: [string, Buffer][] = [
      ['utf-8', Buffer.from(SAMPLE)],
      ['utf-16le', Buffer.from(SAMPLE, 'utf16le')],
      ['utf-16be', utf16be(SAMPLE)],
      ['gbk', iconv.encode(SAMPLE_GBK, 'gbk')],
    ];
    for (const [name, bytes] of encodings) {
      const expected = name === 'gbk' ? SAMPLE_GBK : SAMPLE;
      for (const size of [1, 2, 3, 5]) {
        const normaliser = new Utf8Normaliser(name === 'gbk' ? 'utf-8' : (name as 'utf-8'));
        const out: Buffer[] = [];
        for (let at = 0; at < bytes.length; at += size)
          out.push(normaliser.write(bytes.subarray(at, at + size)));
        out.push(normaliser.end());
        expect(Buffer.concat(out).toString('utf8'), `${name} / ${size}`).toBe(expected);
      }
    }
  });

  it('drops NUL bytes, keeps invalid UTF-8 as replacement characters', () => {
    expect(decodeBytes(Buffer.from('ab\0c\0\nd'))).toBe('abc\nd');
    expect(decodeBytes(Buffer.concat([Buffer.alloc(5000), Buffer.from('after rotation\n')]))).toBe(
      'after rotation\n',
    );
    expect(decodeBytes(Buffer.from([0x41, 0xff, 0x0a, 0x42]))).toBe('A\uFFFD\nB');
  });

  it('decompresses gzip by its magic bytes', () => {
    expect(decodeBytes(gzipSync(Buffer.from(SAMPLE)))).toBe(SAMPLE);
    // No BOM: UTF-16LE is recognised by the zero bytes of its ASCII part.
    expect(decodeBytes(gzipSync(Buffer.from(SAMPLE, 'utf16le')))).toBe(SAMPLE);
    expect(
      decodeBytes(gzipSync(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SAMPLE, 'utf16le')]))),
    ).toBe(SAMPLE);
  });

  it('refuses binary and empty content with one sentence', () => {
    expectIngestError(
      () => decodeBytes(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
      'binary',
      /PNG image\.$/,
    );
    expectIngestError(() => decodeBytes(Buffer.from(' \n\t\r\n')), 'empty', /is empty/);
    expectIngestError(
      () => decodeBytes(gzipSync(gzipSync(Buffer.from(SAMPLE)))),
      'binary',
      /gzip file inside/,
    );
  });
});
