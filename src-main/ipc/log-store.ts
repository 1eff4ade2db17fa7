/**
 * Keeps the last few logs in memory with a line index, so the UI's virtualised log viewer can ask
 * for any window of lines without holding (or receiving) the whole text.
 * Lines are split like the engine splits them (CRLF, CR or LF), so line numbers agree.
 */
import { randomUUID } from 'node:crypto';

interface StoredLog {
  text: string;
  /** Start offset of each line in `text`. */
  starts: Uint32Array;
  /** End offset (exclusive, terminator excluded) of each line. */
  ends: Uint32Array;
}

export function indexLines(text: string): { starts: Uint32Array; ends: Uint32Array } {
  let capacity = 1024;
  let starts = new Uint32Array(capacity);
  let ends = new Uint32Array(capacity);
  let count = 0;
  let lineStart = 0;
  const push = (end: number, next: number): void => {
    if (count === capacity) {
      capacity *= 2;
      const s = new Uint32Array(capacity);
      s.set(starts);
      starts = s;
      const e = new Uint32Array(capacity);
      e.set(ends);
      ends = e;
    }
    starts[count] = lineStart;
    ends[count] = end;
    count += 1;
    lineStart = next;
  };
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) push(i, i + 1);
    else if (code === 13) {
      const crlf = text.charCodeAt(i + 1) === 10;
      push(i, crlf ? i + 2 : i + 1);
      if (crlf) i += 1;
    }
  }
  push(text.length, text.length);
  return { starts: starts.slice(0, count), ends: ends.slice(0, count) };
}

export class LogStore {
  private readonly logs = new Map<string, StoredLog>();

  constructor(private readonly capacity = 4) {}

  add(text: string): { logId: string; lineCount: number } {
    const logId = randomUUID();
    const { starts, ends } = indexLines(text);
    this.logs.set(logId, { text, starts, ends });
    while (this.logs.size > this.capacity) {
      const oldest = this.logs.keys().next().value;
      if (oldest === undefined) break;
      this.logs.delete(oldest);
    }
    return { logId, lineCount: starts.length };
  }

  has(logId: string): boolean {
    return this.logs.has(logId);
  }

  /** Lines [start, start+count) (0-based), clipped to the log. */
  lines(logId: string, start: number, count: number): { lines: string[]; lineCount: number } | undefined {
    const log = this.logs.get(logId);
    if (!log) return undefined;
    const lineCount = log.starts.length;
    const end = Math.min(lineCount, start + count);
    const lines: string[] = [];
    for (let i = start; i < end; i++) lines.push(log.text.slice(log.starts[i], log.ends[i]));
    return { lines, lineCount };
  }
}
