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
    if (depth === 0 && /[A-Za-z0-9_'`]/.test(char)) {
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

function compile(entry: { id: string; diagnosis: string; regex: string }): CompiledMessage {
  return {
    id: entry.id,
    diagnosis: entry.diagnosis,
    pattern: new RegExp(entry.regex, 'gim'),
    requiredWord: requiredWordOf(entry.regex),
  };
}

export const CATALOG: readonly CompiledMessage[] = (catalogData as CatalogEntry[]).map(compile);

function namedGroups(match: RegExpExecArray): Record<string, string> {
  const groups: Record<string, string> = {};
  if (match.groups) {
    for (const [key, value] of Object.entries(match.groups)) if (value !== undefined) groups[key] = value;
  }
  return groups;
}

/** Bound on matches per pattern, so a pathological paste cannot make the rules slow. */
const MAX_MATCHES_PER_PATTERN = 2000;

/**
 * All matches of `pattern` (which must have the g flag), with identical matched text collapsed
 * into the first occurrence carrying a repeat count.
 */
export function findSignals(
  doc: LogDocument,
  lowerText: string,
  message: { id: string; diagnosis: string; pattern: RegExp; requiredWord?: string },
): Signal[] {
  if (message.requiredWord && !lowerText.includes(message.requiredWord)) return [];
  const byText = new Map<string, Signal>();
  const pattern = message.pattern;
  pattern.lastIndex = 0;
  let count = 0;
  for (let match = pattern.exec(doc.text); match; match = pattern.exec(doc.text)) {
    if (match[0].length === 0) pattern.lastIndex += 1;
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
      offset: match.index,
      evidence: doc.evidenceAt(match.index),
    });
  }
  pattern.lastIndex = 0;
  return [...byText.values()];
}

export function catalogSignals(doc: LogDocument, lowerText: string): Signal[] {
  const all: Signal[] = [];
  for (const message of CATALOG) all.push(...findSignals(doc, lowerText, message));
  return all.sort((a, b) => a.offset - b.offset);
}
