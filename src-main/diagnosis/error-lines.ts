/**
 * For logs where no known problem was found: the lines that look like errors, so the user sees
 * something concrete instead of a guess. Exception lines and ERROR lines, repeats collapsed,
 * the last ones first (the failure is usually at the end).
 */
import type { LogDocument } from './document';
import { shorten } from './document';
import type { Evidence } from './types';

const EXCEPTION_LINE = /^(?:[\w.]+(?:Error|Exception|Exit|Interrupt)|AssertionError|Killed)\b[:\s]/;
const ERROR_WORD = /\b(?:ERROR|FATAL|CRITICAL|error:|failed|Failed)\b/;
const MAX_LINES = 12;

export function collectErrorLines(doc: LogDocument): Evidence[] {
  const byText = new Map<string, Evidence>();
  const lines = doc.allLines();
  for (let i = lines.length - 1; i >= 0 && byText.size < MAX_LINES * 4; i -= 1) {
    const line = lines[i];
    const text = line.text.trim();
    if (!text || text.startsWith('File "')) continue;
    const strong = EXCEPTION_LINE.test(text);
    if (!strong && !ERROR_WORD.test(line.raw)) continue;
    const key = text.replace(/\d+/g, '#');
    const existing = byText.get(key);
    if (existing) {
      existing.repeats = (existing.repeats ?? 0) + 1;
      existing.line = line.line;
      continue;
    }
    byText.set(key, { line: line.line, text: shorten(text) });
  }
  return [...byText.values()].sort((a, b) => a.line - b.line).slice(-MAX_LINES);
}
