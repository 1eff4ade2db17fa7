import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CANDIDATE_PATTERN,
  CONTEXT_AFTER,
  CONTEXT_BEFORE,
  MAX_LINE_CHARS,
} from '../../src-main/diagnosis/scan';
import { splitLines } from '../../src-main/diagnosis/ingest';
import type { DiagnosisReport } from '../../src-main/diagnosis/types';
import type { LineSession } from '../../src-main/diagnosis/ingest';

const root = path.resolve(__dirname, '..', 'fixtures');

/** Every real log the tests replay: the dev corpus and the framework-error snippets. */
export function realLogs(): { name: string; file: string }[] {
  const dev = path.join(root, 'corpus', 'dev');
  const framework = path.join(root, 'framework-errors');
  return [
    ...readdirSync(dev)
      .filter((f) => f.endsWith('.log'))
      .map((f) => ({ name: `dev/${f}`, file: path.join(dev, f) })),
    ...readdirSync(framework)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => ({ name: `framework-errors/${f}`, file: path.join(framework, f) })),
  ].sort((a, b) => a.name.localeCompare(b.name));
}

export function readText(file: string): string {
  return readFileSync(file, 'utf8');
}

export interface Pushed {
  line: number;
  text: string;
}

/** A session that records what it is fed. */
export class RecordingSession implements LineSession {
  pushed: Pushed[] = [];
  totals: { lines: number; bytes: number } | null = null;

  pushLine(lineNumber: number, raw: string): void {
    this.pushed.push({ line: lineNumber, text: raw });
  }

  finish(totals: { lines: number; bytes: number }): DiagnosisReport {
    this.totals = totals;
    return {
      findings: [],
      facts: { engine: 'unknown', settings: {}, measurements: {} },
      errorLines: [],
      stats: { ...totals, millis: 0 },
    };
  }
}

/**
 * The lines a windowed reader must give, worked out the slow and obvious way: split the whole
 * text, cut long lines, mark every line within the window of a candidate.
 */
export function referenceWindows(
  text: string,
  options: { before?: number; after?: number; maxLineChars?: number; candidate?: RegExp } = {},
): { pushed: Pushed[]; lines: number } {
  const before = options.before ?? CONTEXT_BEFORE;
  const after = options.after ?? CONTEXT_AFTER;
  const max = options.maxLineChars ?? MAX_LINE_CHARS;
  const candidate = options.candidate ?? CANDIDATE_PATTERN;
  const lines = splitLines(text).map((line) => (line.length > max ? line.slice(0, max) : line));
  const keep = new Array<boolean>(lines.length).fill(false);
  lines.forEach((line, index) => {
    if (!candidate.test(line)) return;
    for (let k = Math.max(0, index - before); k <= Math.min(lines.length - 1, index + after); k++)
      keep[k] = true;
  });
  const pushed: Pushed[] = [];
  keep.forEach((kept, index) => {
    if (kept) pushed.push({ line: index + 1, text: lines[index] });
  });
  return { pushed, lines: lines.length };
}

/** Report without its timing, for deep equality. */
export function withoutMillis(report: DiagnosisReport): Omit<DiagnosisReport, 'stats'> & {
  stats: { lines: number; bytes: number };
} {
  const { millis: _millis, ...stats } = report.stats;
  return { ...report, stats };
}
