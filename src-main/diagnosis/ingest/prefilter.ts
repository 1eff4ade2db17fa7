/**
 * A fast, conservative test for "this stretch of bytes may contain a candidate word".
 *
 * CANDIDATE_SOURCE is an alternation of plain words. Every word is given one 4-byte key (a
 * window of the word, lower-cased), and the scanner hashes every 4-byte window of the input
 * against a bit table of those keys. A line with a real match always contains its word's key, so
 * no candidate is missed; a hit is then confirmed on the decoded line with CANDIDATE_PATTERN
 * itself. Keys are picked per input from the windows that are rarest in a sample of it, which
 * keeps false hits on busy INFO lines rare.
 *
 * When the pattern is not a plain alternation (or has words that are case-sensitive outside
 * ASCII), `parsePlainWords` returns null and the scanner checks every line with the regex.
 */

const TABLE_BITS = 20;
const HASH_MULTIPLIER = 0x9e3779b1;
const KEY_BYTES = 4;

/** ASCII upper case to lower case; every other byte unchanged. */
const LOWER = new Uint8Array(256);
for (let byte = 0; byte < 256; byte++) LOWER[byte] = byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte;

const REGEX_SYNTAX = '.*+?^${}()|[]\\/';

/**
 * The words of a case-insensitive alternation of plain words, or null when `source` uses any
 * other regular-expression syntax.
 */
export function parsePlainWords(source: string): string[] | null {
  const words: string[] = [];
  let word = '';
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') {
      const next = source[i + 1];
      if (next === undefined || !REGEX_SYNTAX.includes(next) || next === '/') return null;
      word += next;
      i++;
    } else if (char === '|') {
      words.push(word);
      word = '';
    } else if (REGEX_SYNTAX.includes(char)) {
      return null;
    } else {
      word += char;
    }
  }
  words.push(word);
  for (const w of words) {
    // Case folding of non-ASCII letters is not modelled by the byte table.
    if (w.length === 0) return null;
    for (const char of w) if (char.charCodeAt(0) > 0x7f && char.toLowerCase() !== char.toUpperCase()) return null;
  }
  return words;
}

function hashWindow(window: number): number {
  return Math.imul(window, HASH_MULTIPLIER) >>> (32 - TABLE_BITS);
}

/** The 4-byte windows of a word as 32-bit numbers; short words get every possible filler byte. */
function windowsOf(word: Uint8Array): number[][] {
  if (word.length >= KEY_BYTES) {
    const windows: number[][] = [];
    for (let at = 0; at + KEY_BYTES <= word.length; at++) {
      windows.push([((word[at] << 24) | (word[at + 1] << 16) | (word[at + 2] << 8) | word[at + 3]) >>> 0]);
    }
    return windows;
  }
  // 2- and 3-byte words: the word followed by any byte (a word never ends the input unterminated).
  const fillers = word.length === 3 ? 256 : 65536;
  const windows: number[] = [];
  for (let filler = 0; filler < fillers; filler++) {
    let value = 0;
    for (const byte of word) value = (value << 8) | byte;
    value = ((value << ((KEY_BYTES - word.length) * 8)) | filler) >>> 0;
    windows.push(value);
  }
  return [windows];
}

export class Prefilter {
  private readonly table = new Uint8Array(1 << (TABLE_BITS - 3));

  /**
   * `words`: the plain words (any case); `sample`: bytes of the input used to choose rare keys.
   * Words of one byte are not supported (parsePlainWords callers fall back to the regex).
   */
  constructor(words: readonly string[], sample: Uint8Array) {
    const counts = countWindows(sample);
    for (const word of words) {
      const bytes = Buffer.from(word, 'utf8').map((byte) => LOWER[byte]);
      const candidates = windowsOf(bytes);
      let best = candidates[0];
      let bestCount = Infinity;
      for (const windows of candidates) {
        let count = 0;
        for (const window of windows) count += counts[hashWindow(window)];
        if (count < bestCount) {
          best = windows;
          bestCount = count;
        }
      }
      for (const window of best) {
        const hash = hashWindow(window);
        this.table[hash >>> 3] |= 1 << (hash & 7);
      }
    }
  }

  static supports(words: readonly string[]): boolean {
    return words.every((word) => Buffer.byteLength(word, 'utf8') >= 2);
  }

  /**
   * Position of the first byte of the first 4-byte window in [from, to) whose hash is a key's,
   * or -1. The caller confirms on the line that holds that position.
   */
  find(bytes: Uint8Array, from: number, to: number): number {
    if (to - from < 4) return -1;
    const table = this.table;
    const lower = LOWER;
    // Literal constants on purpose: this loop is the hot path of a 1 GB scan (KEY_BYTES = 4,
    // HASH_MULTIPLIER, 32 - TABLE_BITS = 12).
    let window = (lower[bytes[from]] << 16) | (lower[bytes[from + 1]] << 8) | lower[bytes[from + 2]];
    for (let i = from + 3; i < to; i++) {
      window = (window << 8) | lower[bytes[i]];
      const hash = Math.imul(window, 0x9e3779b1) >>> 12;
      if ((table[hash >>> 3] & (1 << (hash & 7))) !== 0) return i - 3;
    }
    return -1;
  }
}

/** Saturating counts of hashed 4-byte windows in the sample. */
function countWindows(sample: Uint8Array): Uint8Array {
  const counts = new Uint8Array(1 << TABLE_BITS);
  let window = 0;
  for (let i = 0; i < sample.length; i++) {
    window = (window << 8) | LOWER[sample[i]];
    if (i < KEY_BYTES - 1) continue;
    const hash = hashWindow(window >>> 0);
    if (counts[hash] < 255) counts[hash]++;
  }
  return counts;
}
