/**
 * What the first bytes of an input say about it: compressed, binary, or text in which encoding.
 */

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface EncodingGuess {
  encoding: TextEncoding;
  /** Bytes of byte-order mark to skip (0 when there is none). */
  bomLength: number;
}

/** How many bytes of the head are looked at to decide. */
export const SNIFF_BYTES = 64 * 1024;

export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

function startsWith(head: Uint8Array, magic: readonly number[], offset = 0): boolean {
  if (head.length < offset + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (head[offset + i] !== magic[i]) return false;
  return true;
}

function ascii(text: string): number[] {
  return Array.from(text, (c) => c.charCodeAt(0));
}

/** Known file signatures, each with what to tell the user ("it looks like …"). */
const SIGNATURES: readonly { magic: readonly number[]; offset?: number; what: string }[] = [
  { magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: 'a PNG image' },
  { magic: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { magic: ascii('GIF87a'), what: 'a GIF image' },
  { magic: ascii('GIF89a'), what: 'a GIF image' },
  { magic: ascii('%PDF-'), what: 'a PDF document' },
  {
    magic: [0x50, 0x4b, 0x03, 0x04],
    what: 'a ZIP archive (or a Word/Excel document); unzip it and open the log inside',
  },
  { magic: [0x50, 0x4b, 0x05, 0x06], what: 'an empty ZIP archive' },
  { magic: [0x7f, 0x45, 0x4c, 0x46], what: 'a Linux program (ELF)' },
  { magic: [0xcf, 0xfa, 0xed, 0xfe], what: 'a macOS program (Mach-O)' },
  {
    magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c],
    what: 'a 7-Zip archive; extract it and open the log inside',
  },
  { magic: ascii('Rar!\x1a\x07'), what: 'a RAR archive; extract it and open the log inside' },
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'an xz archive; decompress it first' },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], what: 'a zstd archive; decompress it first' },
  { magic: ascii('BZh'), what: 'a bzip2 archive; decompress it first' },
  { magic: ascii('SQLite format 3\0'), what: 'an SQLite database' },
  { magic: ascii('ustar'), offset: 257, what: 'a tar archive; extract it and open the log inside' },
  { magic: [0x1f, 0x8b], what: 'a gzip file inside a gzip file; decompress it once by hand' },
  { magic: ascii('PAR1'), what: 'a Parquet data file' },
  { magic: [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59], what: 'a NumPy array file' },
];

/** Encoding from a byte-order mark, or from the zero bytes of BOM-less UTF-16 text. */
export function detectEncoding(head: Uint8Array): EncodingGuess {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8', bomLength: 3 };
  if (startsWith(head, [0xff, 0xfe])) return { encoding: 'utf-16le', bomLength: 2 };
  if (startsWith(head, [0xfe, 0xff])) return { encoding: 'utf-16be', bomLength: 2 };
  const pairs = Math.min(head.length, SNIFF_BYTES) >> 1;
  if (pairs < 4) return { encoding: 'utf-8', bomLength: 0 };
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) evenZeros++;
    if (head[2 * i + 1] === 0) oddZeros++;
  }
  // ASCII-range text in UTF-16 has a zero in every other byte and almost none in the rest.
  if (oddZeros >= pairs * 0.6 && evenZeros <= pairs * 0.05) return { encoding: 'utf-16le', bomLength: 0 };
  if (evenZeros >= pairs * 0.6 && oddZeros <= pairs * 0.05) return { encoding: 'utf-16be', bomLength: 0 };
  return { encoding: 'utf-8', bomLength: 0 };
}

function isControlByte(byte: number): boolean {
  // Tab, LF, VT, FF, CR and ESC (ANSI colours) are normal in logs; backspace is tolerated too.
  return (
    (byte < 0x20 &&
      byte !== 0x09 &&
      byte !== 0x0a &&
      byte !== 0x0b &&
      byte !== 0x0c &&
      byte !== 0x0d &&
      byte !== 0x1b &&
      byte !== 0x08) ||
    byte === 0x7f
  );
}

/**
 * Why the head cannot be a text log (completing "it …"), or null when it can.
 * `head` is the start of the input after any leading NUL padding; `encoding` from detectEncoding.
 */
export function binaryReason(head: Uint8Array, encoding: TextEncoding): string | null {
  for (const signature of SIGNATURES) {
    if (startsWith(head, signature.magic, signature.offset ?? 0)) return `looks like ${signature.what}`;
  }
  if (encoding !== 'utf-8') return null;
  const sample = head.subarray(0, SNIFF_BYTES);
  if (sample.length === 0) return null;
  let zeros = 0;
  let controls = 0;
  for (const byte of sample) {
    if (byte === 0) zeros++;
    else if (isControlByte(byte)) controls++;
  }
  const kb = Math.max(1, Math.round(sample.length / 1024));
  // Short pastes are judged as if they were at least this long: two NUL bytes in a one-line
  // paste do not make it binary.
  const judged = Math.max(sample.length, 256);
  if (zeros > judged * 0.3) {
    return `is mostly NUL bytes (${percent(zeros, sample.length)} of the first ${kb} KB)`;
  }
  if (controls + zeros > judged * 0.1) {
    return `has too many control bytes for text (${percent(controls + zeros, sample.length)} of the first ${kb} KB)`;
  }
  if (!looksDecodable(sample)) return 'is neither UTF-8, UTF-16 nor GB18030 text';
  return null;
}

/** True unless the sample is full of bytes that no supported encoding reads as text. */
function looksDecodable(sample: Uint8Array): boolean {
  const text = Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength).toString('utf8');
  let replaced = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) replaced++;
  // A few stray bytes (a cut character, one Latin-1 letter) are fine.
  if (replaced <= 3 || replaced < text.length * 0.02) return true;
  return isGb18030(sample);
}

/** Whether the bytes decode as GB18030 without a single error (a character cut at the end is fine). */
export function isGb18030(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('gb18030', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function percent(part: number, whole: number): string {
  return `${Math.round((part / whole) * 100)}%`;
}
