import type { DiagnosisReport, LogFacts } from './types';

/**
 * One diagnosis run. Feed it lines in ascending order, then call finish().
 * Lines may have gaps (a streaming reader may skip lines outside every candidate window; see
 * scan.ts), so each line carries its own 1-based number.
 * (Placeholder body: the pipeline lands next; the API is stable.)
 */
export class DiagnosisSession {
  private lastLine = 0;
  private byteCount = 0;
  private readonly started = Date.now();

  /** Feed line `lineNumber` (1-based) of the user's text, without its terminator. */
  pushLine(lineNumber: number, raw: string): void {
    this.lastLine = lineNumber;
    this.byteCount += raw.length + 1;
  }

  /** Feed the next line (numbered one after the previous). */
  push(raw: string): void {
    this.pushLine(this.lastLine + 1, raw);
  }

  /** Totals may be given by a streaming reader that skipped lines. */
  finish(totals?: { lines: number; bytes: number }): DiagnosisReport {
    const facts: LogFacts = { engine: 'unknown', settings: {}, measurements: {} };
    return {
      findings: [],
      facts,
      errorLines: [],
      stats: {
        lines: totals?.lines ?? this.lastLine,
        bytes: totals?.bytes ?? this.byteCount,
        millis: Date.now() - this.started,
      },
    };
  }
}

export function diagnoseText(text: string): DiagnosisReport {
  const session = new DiagnosisSession();
  for (const line of text.split(/\r\n|\r|\n/)) session.push(line);
  return session.finish();
}
