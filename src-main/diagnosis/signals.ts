/**
 * Signals: every match of a known message pattern in the document, collapsed so that the same
 * text printed by every tensor-parallel rank is one piece of evidence with a repeat count.
 */
import catalogData from './catalog/vllm-messages.json';
import type { LogDocument } from './document';
import type { Signal } from './rule-api';

interface CatalogEntry {
  id: string;
  diagnosis: string;
  regex: string;
  engine: string;
  versions: string;
}

export interface CompiledMessage {
  id: string;
  diagnosis: string;
  pattern: RegExp;
  /** A word the text must contain (lower case) for the pattern to have a chance; '' if none. */
  requiredWord: string;
}

/**
 * The longest plain word that every match must contain: a literal run at the top level of the
 * pattern (outside groups, classes and alternations). Used to skip patterns cheaply.
 */
export function requiredWordOf(source: string): string {
  let depth = 0;
  let best = '';
  let current = '';
  let inClass = false;
  const flush = (): void => {
    if (current.length > best.length) best = current;
    current = '';
  };
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i];
    if (char === '\\') {
      flush();
      i += 1;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      continue;
    }
    if (char === '[') {
      flush();
      inClass = true;
      continue;
    }
    if (char === '(') {
      flush();
      depth += 1;
      continue;
    }
    if (char === ')') {
      flush();
      depth -= 1;
      continue;
    }
    if (char === '|' && depth === 0) return '';
    if (depth === 0 && /[A-Za-z0-9_']/.test(char)) {
      // A quantifier right after a character makes that character optional.
      const next = source[i + 1];
      if (next === '?' || next === '*' || next === '{') {
        flush();
        continue;
      }
      current += char;
    } else {
      flush();
    }
  }
  flush();
  return best.length >= 4 ? best.toLowerCase() : '';
}

/**
 * A pattern that opens with a greedy run (`(?<model>\S+)`, `(?<q>[\w.\-]+)`) would retry that
 * run from every character of a long token; anchoring it to the start of the token makes the
 * same matches in linear time.
 */
export function anchorLeadingRun(source: string): string {
  const leading = /^\(\?<\w+>(\\S|\[[^\]]+\])\+\)/.exec(source);
  if (leading) return `(?<!${leading[1]})${source}`;
  // An optional leading `(?:(?<cls>\w+)\.)?` (a class name before `__init__`): same idea.
  const optional = /^\(\?:\(\?<(\w+)>\\w\+\)/.exec(source);
  if (optional) return `(?:(?<!\\w)(?<${optional[1]}>\\w+)` + source.slice(optional[0].length);
  return source;
}

/**
 * A lazy `.*?` / `.+?` cannot cross the line break of a hard-wrapped paste; let it cross line
 * breaks (not the gap between two separate windows of the log), for a bounded length.
 */
export function lazyDotsCrossWraps(source: string): string {
  return source.replace(/(?<!\\)\.\*\?/g, '[^\u2063]{0,400}?').replace(/(?<!\\)\.\+\?/g, '[^\u2063]{1,400}?');
}

/** Some pastes lose the backticks around names (Markdown ate them): make each one optional. */
export function optionalBackticks(source: string): string {
  return source.replace(/`(?![?*+])/g, '`?');
}

/**
 * People reflow long messages and drop the parentheses around numbers
 * (`max seq len (1048576),\n22.5 GiB KV cache is needed`): make literal parentheses optional.
 */
export function optionalParentheses(source: string): string {
  return source.replace(/(?<!\\)\\([()])(?![?*+{])/g, '\\$1?');
}

/** A pattern that ends with a literal period: the paste may stop right before it. */
export function optionalFinalPeriod(source: string): string {
  return source.endsWith('\\.') && !source.endsWith('\\\\.') ? `${source.slice(0, -2)}(?:\\.|$)` : source;
}

/** People type `14.57GiB`, `utilization(0.4,` and `RTX ..GPU`: whitespace before units, `(` and `GPU` is optional. */
export function optionalSpaceBeforeGlued(source: string): string {
  return source
    .replace(/\\s\+(?=\\\(|\[KMGT]\?i\?B|Gi\?B|GiB|MiB|GPU\b)/g, '\\s*')
    .replace(/,\\s\+/g, ',\\s*');
}

function compile(entry: { id: string; diagnosis: string; regex: string }): CompiledMessage {
  return {
    id: entry.id,
    diagnosis: entry.diagnosis,
    pattern: new RegExp(
      optionalSpaceBeforeGlued(
        optionalFinalPeriod(
          optionalParentheses(optionalBackticks(lazyDotsCrossWraps(anchorLeadingRun(entry.regex)))),
        ),
      ),
      'gim',
    ),
    requiredWord: requiredWordOf(entry.regex),
  };
}

export const CATALOG: readonly CompiledMessage[] = (catalogData as CatalogEntry[]).map(compile);

function namedGroups(match: RegExpExecArray): Record<string, string> {
  const groups: Record<string, string> = {};
  if (match.groups) {
    // A value captured across a hard wrap reads as one line.
    for (const [key, value] of Object.entries(match.groups))
      if (value !== undefined) groups[key] = value.replace(/\s+/g, ' ');
  }
  return groups;
}

/** Bound on matches per pattern, so a pathological paste cannot make the rules slow. */
const MAX_MATCHES_PER_PATTERN = 2000;

/** Text before / after an occurrence of a pattern's required word that a match may span. */
const WINDOW_BEFORE = 600;
const WINDOW_AFTER = 2000;

/**
 * Where to run a pattern: around each occurrence of its required word (merged windows), or the
 * whole text when it has none. Bounding the text a pattern runs on keeps every pattern linear
 * in the size of the log, whatever its shape.
 */
function searchWindows(
  text: string,
  lowerText: string,
  requiredWord: string | undefined,
  occurrences?: readonly number[],
): Array<[number, number]> {
  if (!requiredWord) return [[0, text.length]];
  const windows: Array<[number, number]> = [];
  const found = occurrences ?? allOccurrences(lowerText, requiredWord);
  for (const at of found) {
    const start = Math.max(0, at - WINDOW_BEFORE);
    const end = Math.min(text.length, at + requiredWord.length + WINDOW_AFTER);
    const last = windows[windows.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else windows.push([start, end]);
  }
  return windows;
}

function allOccurrences(lowerText: string, word: string): number[] {
  const found: number[] = [];
  for (let at = lowerText.indexOf(word); at >= 0; at = lowerText.indexOf(word, at + word.length))
    found.push(at);
  return found;
}

/** Every catalog required word, as one alternation: the document is scanned once for all. */
const REQUIRED_WORDS_PATTERN = new RegExp(
  [...new Set(CATALOG.map((message) => message.requiredWord).filter(Boolean))]
    .sort((a, b) => b.length - a.length)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|'),
  'g',
);

/** Required words inside other required words: one alternation scan would hide them. */
const NESTED_WORDS: readonly string[] = (() => {
  const words = [...new Set(CATALOG.map((message) => message.requiredWord).filter(Boolean))];
  return words.filter((word) => words.some((other) => other !== word && other.includes(word)));
})();

/** Offsets of each required word in the lower-cased document, from one scan. */
function requiredWordOccurrences(lowerText: string): Map<string, number[]> {
  const occurrences = new Map<string, number[]>();
  for (const word of NESTED_WORDS) occurrences.set(word, allOccurrences(lowerText, word));
  REQUIRED_WORDS_PATTERN.lastIndex = 0;
  for (
    let match = REQUIRED_WORDS_PATTERN.exec(lowerText);
    match;
    match = REQUIRED_WORDS_PATTERN.exec(lowerText)
  ) {
    if (NESTED_WORDS.includes(match[0])) continue;
    const list = occurrences.get(match[0]);
    if (list) list.push(match.index);
    else occurrences.set(match[0], [match.index]);
  }
  REQUIRED_WORDS_PATTERN.lastIndex = 0;
  return occurrences;
}

/**
 * All matches of `pattern` (which must have the g flag), with identical matched text collapsed
 * into the first occurrence carrying a repeat count.
 */
export function findSignals(
  doc: LogDocument,
  lowerText: string,
  message: { id: string; diagnosis: string; pattern: RegExp; requiredWord?: string },
  occurrences?: readonly number[],
): Signal[] {
  if (message.requiredWord && occurrences && occurrences.length === 0) return [];
  const byText = new Map<string, Signal>();
  const pattern = message.pattern;
  let count = 0;
  let coveredUpTo = 0;
  for (const [start, end] of searchWindows(doc.text, lowerText, message.requiredWord, occurrences)) {
    const slice = start === 0 && end === doc.text.length ? doc.text : doc.text.slice(start, end);
    pattern.lastIndex = 0;
    for (let match = pattern.exec(slice); match; match = pattern.exec(slice)) {
      if (match[0].length === 0) pattern.lastIndex += 1;
      const offset = start + match.index;
      if (offset < coveredUpTo) continue;
      coveredUpTo = offset + Math.max(1, match[0].length);
      count += 1;
      if (count > MAX_MATCHES_PER_PATTERN) break;
      const key = match[0].replace(/\s+/g, ' ').trim();
      const existing = byText.get(key);
      if (existing) {
        existing.evidence.repeats = (existing.evidence.repeats ?? 0) + 1;
        continue;
      }
      byText.set(key, {
        messageId: message.id,
        diagnosis: message.diagnosis,
        groups: namedGroups(match),
        offset,
        evidence: doc.evidenceAt(offset),
      });
    }
    pattern.lastIndex = 0;
    if (count > MAX_MATCHES_PER_PATTERN) break;
  }
  return [...byText.values()];
}

export function catalogSignals(doc: LogDocument, lowerText: string): Signal[] {
  const all: Signal[] = [];
  const occurrences = requiredWordOccurrences(lowerText);
  for (const message of CATALOG) {
    const found = message.requiredWord ? (occurrences.get(message.requiredWord) ?? []) : undefined;
    all.push(...findSignals(doc, lowerText, message, found));
  }
  return all.sort((a, b) => a.offset - b.offset);
}
