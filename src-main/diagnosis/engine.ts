/**
 * The diagnosis pipeline: lines → normalised lines → facts → rules → ranked findings with fixes.
 *
 * A session processes only the lines within CONTEXT_BEFORE / CONTEXT_AFTER of a candidate line
 * (scan.ts), so feeding it every line or only those windows gives the same report. Memory stays
 * bounded: the rules read at most HEAD_LINES + TAIL_LINES lines around error candidates.
 */
import { LogDocument } from './document';
import { FactCollector, KWARG_LINE } from './facts';
import { normaliseLine } from './normalise';
import { rankFindings } from './rank';
import type { Detection, Rule, RuleContext, Signal } from './rule-api';
import { RULES } from './rules';
import {
  CANDIDATE_PATTERN,
  CONTEXT_AFTER,
  CONTEXT_BEFORE,
  ERROR_PATTERN,
  FACT_PATTERN,
  MAX_LINE_CHARS,
} from './scan';
import { catalogSignals, findSignals } from './signals';
import { collectErrorLines } from './error-lines';
import { notesFor } from './notes';
import type { DiagnosisReport, Finding, LogLine } from './types';

/** Lines kept from the start of the error windows (start-up failures are often early). */
const HEAD_LINES = 4000;
/** Lines kept from the end of the error windows (the failure is usually at the end). */
const TAIL_LINES = 16000;

const FLAG_LINE = /^\s*--?[a-z][\w-]*(?:[=\s]|$)/i;

interface PendingLine {
  line: number;
  raw: string;
}

export class DiagnosisSession {
  private readonly facts = new FactCollector();
  /** Unprocessed lines that may still fall into the window of a coming candidate. */
  private pending: PendingLine[] = [];
  /** Processed lines not (yet) in the document, for the context before an error line. */
  private recent: LogLine[] = [];
  private readonly head: LogLine[] = [];
  private tail: LogLine[] = [];
  private lastDocLine = 0;
  private candidateWindowEnd = 0;
  private errorWindowEnd = 0;
  private lastLine = 0;
  private byteCount = 0;
  private readonly started = Date.now();

  /** Feed line `lineNumber` (1-based, ascending; gaps allowed) of the user's text. */
  pushLine(lineNumber: number, rawLine: string): void {
    const raw = rawLine.length > MAX_LINE_CHARS ? rawLine.slice(0, MAX_LINE_CHARS) : rawLine;
    this.lastLine = lineNumber;
    this.byteCount += rawLine.length + 1;
    if (CANDIDATE_PATTERN.test(raw)) {
      for (const pending of this.pending) {
        if (pending.line >= lineNumber - CONTEXT_BEFORE) this.process(pending.line, pending.raw);
      }
      this.pending = [];
      this.process(lineNumber, raw);
      this.candidateWindowEnd = lineNumber + CONTEXT_AFTER;
      return;
    }
    if (lineNumber <= this.candidateWindowEnd) {
      this.process(lineNumber, raw);
      return;
    }
    this.pending.push({ line: lineNumber, raw });
    if (this.pending.length > CONTEXT_BEFORE) this.pending.shift();
  }

  /** Feed the next line (numbered one after the previous). */
  push(raw: string): void {
    this.pushLine(this.lastLine + 1, raw);
  }

  private process(lineNumber: number, raw: string): void {
    const line = normaliseLine(lineNumber, raw);
    const isFact = FACT_PATTERN.test(raw) || FLAG_LINE.test(line.text) || KWARG_LINE.test(line.text);
    this.facts.add(line.raw, line.text, isFact);
    const logLine: LogLine = { line: line.line, raw: line.raw, text: line.text };
    if (line.proc) logLine.proc = line.proc;
    if (ERROR_PATTERN.test(raw)) {
      for (const previous of this.recent) {
        if (previous.line >= lineNumber - CONTEXT_BEFORE) this.keep(previous);
      }
      this.recent = [];
      this.keep(logLine);
      this.errorWindowEnd = lineNumber + CONTEXT_AFTER;
      return;
    }
    if (lineNumber <= this.errorWindowEnd) {
      this.keep(logLine);
      return;
    }
    this.recent.push(logLine);
    if (this.recent.length > CONTEXT_BEFORE) this.recent.shift();
  }

  private keep(line: LogLine): void {
    if (line.line <= this.lastDocLine) return;
    this.lastDocLine = line.line;
    if (this.head.length < HEAD_LINES) {
      this.head.push(line);
      return;
    }
    this.tail.push(line);
    // Trim in batches so that keeping the tail costs O(1) per line.
    if (this.tail.length > TAIL_LINES * 2) this.tail = this.tail.slice(this.tail.length - TAIL_LINES);
  }

  private documentLines(): LogLine[] {
    const tail = this.tail.length > TAIL_LINES ? this.tail.slice(this.tail.length - TAIL_LINES) : this.tail;
    return [...this.head, ...tail];
  }

  /** Totals may be given by a streaming reader that skipped lines. */
  finish(totals?: { lines: number; bytes: number }): DiagnosisReport {
    const doc = new LogDocument(this.documentLines());
    const facts = this.facts.result();
    const findings = runRules(doc, facts);
    return {
      findings,
      notes: notesFor(doc, facts, findings),
      facts,
      errorLines: findings.length ? [] : collectErrorLines(doc),
      stats: {
        lines: totals?.lines ?? this.lastLine,
        bytes: totals?.bytes ?? this.byteCount,
        millis: Date.now() - this.started,
      },
    };
  }
}

function buildContext(doc: LogDocument, facts: DiagnosisReport['facts']): RuleContext {
  const lowerText = doc.text.toLowerCase();
  const signals = catalogSignals(doc, lowerText);
  return {
    doc,
    facts,
    signals,
    signalsFor: (diagnosis: string): Signal[] => signals.filter((signal) => signal.diagnosis === diagnosis),
    find: (messageId: string, pattern: RegExp): Signal[] =>
      findSignals(doc, lowerText, { id: messageId, diagnosis: '', pattern }),
    has: (pattern: RegExp): boolean => {
      pattern.lastIndex = 0;
      const found = pattern.test(doc.text);
      pattern.lastIndex = 0;
      return found;
    },
  };
}

function toFinding(rule: Rule, detection: Detection, ctx: RuleContext): Finding {
  const hasEvidence = detection.evidence.length > 0;
  // Nothing is reported at high confidence without evidence lines.
  const confidence = hasEvidence ? detection.confidence : Math.min(detection.confidence, 0.5);
  return {
    id: rule.meta.id,
    title: rule.meta.title,
    titleZh: rule.meta.titleZh,
    confidence: Math.round(confidence * 100) / 100,
    evidence: detection.evidence,
    facts: detection.facts,
    fixes: rule.fix(detection, ctx),
    docs: rule.meta.docs,
  };
}

export function runRules(doc: LogDocument, facts: DiagnosisReport['facts']): Finding[] {
  if (doc.lineCount === 0) return [];
  const ctx = buildContext(doc, facts);
  const detected: Array<{ rule: Rule; detection: Detection }> = [];
  for (const rule of RULES) {
    const detection = rule.detect(ctx);
    if (detection) detected.push({ rule, detection });
  }
  const ranked = rankFindings(detected);
  return ranked.map(({ rule, detection }) => toFinding(rule, detection, ctx));
}

export function diagnoseText(text: string): DiagnosisReport {
  const session = new DiagnosisSession();
  if (text.length === 0) return session.finish({ lines: 0, bytes: 0 });
  const lines = text.split(/\r\n|\r|\n/);
  // A final line terminator ends the last line; it does not start an empty one.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i += 1) session.pushLine(i + 1, lines[i]);
  return session.finish({ lines: lines.length, bytes: Buffer.byteLength(text, 'utf8') });
}
