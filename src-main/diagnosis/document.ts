/**
 * The part of a log the rules read: the kept lines (error candidates with their context), joined
 * into one text so that a message hard-wrapped over several lines still matches a pattern
 * written with `\s+`. Offsets map back to the user's 1-based line numbers.
 */
import type { Evidence, LogLine } from './types';

/** Joins two kept lines that were not adjacent in the log; `\s` does not match it. */
const GAP = '\n\u2063\n';

export class LogDocument {
  readonly text: string;
  private readonly starts: number[] = [];
  private readonly lines: LogLine[];

  constructor(lines: LogLine[]) {
    this.lines = lines;
    const width = terminalWrapWidth(lines);
    const parts: string[] = [];
    let offset = 0;
    let previous = -1;
    for (let i = 0; i < lines.length; i += 1) {
      const line = lines[i];
      if (parts.length) {
        const adjacent = line.line === previous + 1;
        const wrapped = adjacent && width !== undefined && isWrapContinuation(lines[i - 1], line, width);
        // A terminal that wraps at a fixed width cuts words in two: join those halves back.
        const separator = wrapped ? '' : adjacent ? '\n' : GAP;
        parts.push(separator);
        offset += separator.length;
      }
      this.starts.push(offset);
      parts.push(line.text);
      offset += line.text.length;
      previous = line.line;
    }
    this.text = parts.join('');
  }

  get lineCount(): number {
    return this.lines.length;
  }

  allLines(): readonly LogLine[] {
    return this.lines;
  }

  /** Index into the kept lines of the line holding text offset `offset`. */
  indexAt(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  lineAt(offset: number): LogLine {
    return this.lines[this.indexAt(offset)];
  }

  /** Evidence for a match: the line where it starts (its normalised text, shortened if huge). */
  evidenceAt(offset: number): Evidence {
    const line = this.lineAt(offset);
    return { line: line.line, text: shorten(line.text) };
  }

  /** Kept lines from index `from` (inclusive) backwards, at most `count`. */
  before(index: number, count: number): LogLine[] {
    return this.lines.slice(Math.max(0, index - count), index);
  }
}

/** A line nothing was stripped from (no worker, level or time prefix), not indented. */
function isBareContinuation(line: LogLine): boolean {
  return line.proc === undefined && line.text === line.raw.trimEnd() && /^\S/.test(line.text);
}

/** Joined only where the cut fell inside a word (a word character on both sides). */
function isWrapContinuation(previous: LogLine, next: LogLine, width: number): boolean {
  return (
    previous.raw.length === width &&
    isBareContinuation(next) &&
    /\w$/.test(previous.text) &&
    /^\w/.test(next.text)
  );
}

/**
 * The width at which a terminal hard-wrapped this paste, if it did. A terminal cuts every long line
 * at the same width, so every line followed by a bare continuation has exactly that length (at
 * least two such lines, at least 80 columns); a paste wrapped at spaces has lines of varied length.
 */
function terminalWrapWidth(lines: readonly LogLine[]): number | undefined {
  const counts = new Map<number, number>();
  let continued = 0;
  for (let i = 0; i + 1 < lines.length; i += 1) {
    const length = lines[i].raw.length;
    if (length < 60 || lines[i + 1].line !== lines[i].line + 1 || !isBareContinuation(lines[i + 1])) continue;
    continued += 1;
    if (length >= 80) counts.set(length, (counts.get(length) ?? 0) + 1);
  }
  let best: number | undefined;
  for (const [length, count] of counts) if (best === undefined || count > counts.get(best)!) best = length;
  if (best === undefined) return undefined;
  const count = counts.get(best)!;
  return count >= 2 && count === continued ? best : undefined;
}

export function shorten(text: string, max = 600): string {
  const trimmed = text.trim();
  return trimmed.length > max ? `${trimmed.slice(0, max - 1)}…` : trimmed;
}
