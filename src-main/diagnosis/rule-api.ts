/**
 * What a rule sees and returns. A rule is metadata + a matcher + a fix, one file per
 * diagnosis id under rules/ (ESLint-rule style).
 */
import type { LogDocument } from './document';
import type { Evidence, Fix, LogFacts, RuleMeta, SettingValue } from './types';

/** A match of one message pattern somewhere in the document. */
export interface Signal {
  /** Catalog message id (or a rule-local pattern name). */
  messageId: string;
  /** The diagnosis id the catalog assigns to the message. */
  diagnosis: string;
  groups: Record<string, string>;
  /** Offset in the document's text. */
  offset: number;
  evidence: Evidence;
}

export interface RuleContext {
  doc: LogDocument;
  facts: LogFacts;
  /** Catalog signals, in document order. */
  signals: readonly Signal[];
  /** Catalog signals whose diagnosis is `diagnosis`. */
  signalsFor(diagnosis: string): Signal[];
  /** Matches of a rule's own pattern (must have the `g` flag), collapsed by repeated text. */
  find(messageId: string, pattern: RegExp): Signal[];
  /** True when any kept line matches. */
  has(pattern: RegExp): boolean;
}

export interface Detection {
  confidence: number;
  evidence: Evidence[];
  /** Numbers read from the evidence, keyed by engine parameter names (snake_case). */
  facts: Record<string, SettingValue>;
  /** Ids this finding is the cause of: they are ranked after it when both are found. */
  outranks?: string[];
  /** Which message(s) matched, for debugging and the report. */
  messageIds?: string[];
}

export interface Rule {
  meta: RuleMeta;
  detect(ctx: RuleContext): Detection | null;
  fix(detection: Detection, ctx: RuleContext): Fix[];
}
