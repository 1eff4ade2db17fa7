import type { DiagnosisReport, LogFacts } from './types';

/** Placeholder; the real pipeline lands next. */
export class DiagnosisSession {
  private lineCount = 0;
  private byteCount = 0;
  private readonly started = Date.now();

  /** Feed one line of the user's text (without its line terminator). */
  push(line: string): void {
    this.lineCount += 1;
    this.byteCount += line.length + 1;
  }

  finish(): DiagnosisReport {
    const facts: LogFacts = { engine: 'unknown', settings: {}, measurements: {} };
    return {
      findings: [],
      facts,
      errorLines: [],
      stats: { lines: this.lineCount, bytes: this.byteCount, millis: Date.now() - this.started },
    };
  }
}

export function diagnoseText(text: string): DiagnosisReport {
  const session = new DiagnosisSession();
  for (const line of text.split(/\r\n|\r|\n/)) session.push(line);
  return session.finish();
}
