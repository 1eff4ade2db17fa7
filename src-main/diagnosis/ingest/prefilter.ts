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
    for (const char of w)
      if (char.charCodeAt(0) > 0x7f && char.toLowerCase() !== char.toUpperCase()) return null;
  }
  return words;
}

function hashWindow(window: number): number {
  return Math.imul(window, HASH_MULTIPLIER) >>> (32 - TABLE_BITS);
}

/** Any byte: a short word's key is "one byte, then the word". */
const FILLER_BYTES = 256;

/**
 * The candidate keys of a word: each is a list of 4-byte windows (as 32-bit numbers) that the
 * key stands for. A word of 4 bytes or more offers each of its windows; a 2- or 3-byte word has
 * one key: the word preceded by any byte(s).
 */
function keysOf(word: Uint8Array): number[][] {
  if (word.length >= KEY_BYTES) {
    const keys: number[][] = [];
    for (let at = 0; at + KEY_BYTES <= word.length; at++) {
      keys.push([((word[at] << 24) | (word[at + 1] << 16) | (word[at + 2] << 8) | word[at + 3]) >>> 0]);
    }
    return keys;
  }
  let tail = 0;
  for (const byte of word) tail = (tail << 8) | byte;
  const fillers = FILLER_BYTES ** (KEY_BYTES - word.length);
  const windows: number[] = [];
  for (let filler = 0; filler < fillers; filler++) windows.push(((filler << (word.length * 8)) | tail) >>> 0);
  return [windows];
}

/** Index into the bigram tables: two bytes folded to 7 bits each. */
function bigramIndex(first: number, second: number): number {
  return ((first & 0x7f) << 7) | (second & 0x7f);
}

/** A byte and, for an ASCII letter, its other case. */
function caseVariants(byte: number): number[] {
  const lower = LOWER[byte];
  return lower >= 0x61 && lower <= 0x7a ? [lower, lower - 0x20] : [byte];
}

export class Prefilter {
  /** Bit per hashed 4-byte window: set for every key. */
  private readonly table = new Uint8Array(1 << (TABLE_BITS - 3));
  /**
   * Wu-Manber style skip table: for the two bytes ending at i (raw, either case), how far the
   * end of a key can be from i (3 when the bigram occurs in no key). Folding bytes to 7 bits
   * only lowers shifts, never skips a key.
   */
  private readonly shift = new Uint8Array(1 << 14).fill(KEY_BYTES - 1);

  /**
   * `words`: the plain words (any case); `sample`: bytes of the input used to choose rare keys.
   * Words of one byte are not supported (see `supports`).
   */
  constructor(words: readonly string[], sample: Uint8Array) {
    const counts = countSample(sample);
    for (const word of words) {
      const bytes = Buffer.from(word, 'utf8').map((byte) => LOWER[byte]);
      const keys = keysOf(bytes);
      let best = keys[0];
      let bestCost = Infinity;
      for (const windows of keys) {
        const cost = keyCost(windows, counts);
        if (cost < bestCost) {
          best = windows;
          bestCost = cost;
        }
      }
      for (const window of best) this.add(window);
    }
  }

  private add(window: number): void {
    const hash = hashWindow(window);
    this.table[hash >>> 3] |= 1 << (hash & 7);
    for (let end = 1; end < KEY_BYTES; end++) {
      for (const first of caseVariants(byteOf(window, end - 1))) {
        for (const second of caseVariants(byteOf(window, end))) {
          const index = bigramIndex(first, second);
          this.shift[index] = Math.min(this.shift[index], KEY_BYTES - 1 - end);
        }
      }
    }
  }

  static supports(words: readonly string[]): boolean {
    return words.every((word) => Buffer.byteLength(word, 'utf8') >= 2);
  }

  /**
   * Index of the last byte of the first 4-byte window ending in [from, to) that may be a key, or
   * -1. A window may start one byte before `from` (taken as any byte), so that a short word at
   * the start of a line is seen. The caller confirms on the line holding the returned index.
   */
  find(bytes: Uint8Array, from: number, to: number): number {
    // Literal constants on purpose: this loop is the hot path of a 1 GB scan (KEY_BYTES = 4,
    // HASH_MULTIPLIER, 32 - TABLE_BITS = 12, bigram bytes folded to 7 bits).
    const table = this.table;
    const shift = this.shift;
    const lower = LOWER;
    let i = from + 1;
    while (i < to) {
      const skip = shift[((bytes[i - 1] & 0x7f) << 7) | (bytes[i] & 0x7f)];
      if (skip !== 0) {
        i += skip;
        continue;
      }
      const first = i - 3 >= from ? lower[bytes[i - 3]] : 0x0a;
      const window =
        (first << 24) | (lower[bytes[i - 2]] << 16) | (lower[bytes[i - 1]] << 8) | lower[bytes[i]];
      const hash = Math.imul(window, 0x9e3779b1) >>> 12;
      if ((table[hash >>> 3] & (1 << (hash & 7))) !== 0) return i;
      i++;
    }
    return -1;
  }
}

/** Byte `at` (0 = first) of a 4-byte window. */
function byteOf(window: number, at: number): number {
  return (window >>> ((KEY_BYTES - 1 - at) * 8)) & 0xff;
}

interface SampleCounts {
  windows: Uint8Array;
  bigrams: Uint32Array;
}

/**
 * How much scanning time a key would cost on text like the sample: every occurrence of its
 * 4-byte window is a false hit to confirm, and every occurrence of its last bigram (then, less,
 * its earlier ones) stops the skip loop.
 */
function keyCost(windows: readonly number[], counts: SampleCounts): number {
  let cost = 0;
  const bigramCost = new Set<number>();
  for (const window of windows) {
    cost += counts.windows[hashWindow(window)] * 64;
    for (let end = 1; end < KEY_BYTES; end++) {
      const index = bigramIndex(byteOf(window, end - 1), byteOf(window, end));
      if (!bigramCost.has(index)) {
        bigramCost.add(index);
        cost += counts.bigrams[index] / 3 ** (KEY_BYTES - 1 - end);
      }
    }
  }
  return cost;
}

/** Saturating counts of hashed 4-byte windows, and counts of folded bigrams, in the sample. */
function countSample(sample: Uint8Array): SampleCounts {
  const windows = new Uint8Array(1 << TABLE_BITS);
  const bigrams = new Uint32Array(1 << 14);
  let window = 0;
  for (let i = 0; i < sample.length; i++) {
    window = (window << 8) | LOWER[sample[i]];
    if (i >= 1) bigrams[bigramIndex(LOWER[sample[i - 1]], LOWER[sample[i]])]++;
    if (i < KEY_BYTES - 1) continue;
    const hash = hashWindow(window >>> 0);
    if (windows[hash] < 255) windows[hash]++;
  }
  return { windows, bigrams };
}
