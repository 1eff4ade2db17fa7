/**
 * Bytes of one log (already decompressed) → diagnosis report, chunk by chunk and synchronously:
 * sniff the head (binary? which encoding?), decode to UTF-8, scan for candidate windows, and feed
 * those lines to a diagnosis session.
 */
import { DiagnosisSession } from '../engine';
import type { DiagnosisReport } from '../types';
import { Utf8Normaliser, asBuffer } from './decode';
import { binaryInput, emptyInput, type InputSubject } from './errors';
import { LineScanner, type ScanOptions } from './scanner';
import { SNIFF_BYTES, binaryReason, detectEncoding } from './sniff';

/** What the pipeline needs from a diagnosis session (DiagnosisSession by default). */
export interface LineSession {
  pushLine(lineNumber: number, raw: string): void;
  finish(totals: { lines: number; bytes: number }): DiagnosisReport;
}

export interface PipelineOptions {
  /** For tests: a session that records what it is fed. */
  session?: LineSession;
  scan?: ScanOptions;
}

/** Leading NUL padding (left by log rotation) longer than this makes the input binary. */
const MAX_LEADING_NULS = 16 * 1024 * 1024;

export class TextPipeline {
  private readonly subject: InputSubject;
  private readonly session: LineSession;
  private readonly scanner: LineScanner;
  private head: Buffer[] = [];
  private headLength = 0;
  private leadingNuls = 0;
  private normaliser: Utf8Normaliser | null = null;
  private sawText = false;

  constructor(subject: InputSubject, options: PipelineOptions = {}) {
    this.subject = subject;
    this.session = options.session ?? new DiagnosisSession();
    this.scanner = new LineScanner(this.session, options.scan);
  }

  /** The decoding chosen (after the head was seen). */
  get decoding(): string | null {
    return this.normaliser?.decoding ?? null;
  }

  write(input: Uint8Array): void {
    if (input.length === 0) return;
    if (this.normaliser) {
      this.feed(this.normaliser.write(input));
      return;
    }
    let chunk = asBuffer(input);
    if (this.headLength === 0) {
      let zeros = 0;
      while (zeros < chunk.length && chunk[zeros] === 0) zeros++;
      this.leadingNuls += zeros;
      if (this.leadingNuls > MAX_LEADING_NULS) {
        throw binaryInput(this.subject, 'starts with more than 16 MB of NUL bytes');
      }
      chunk = chunk.subarray(zeros);
      if (chunk.length === 0) return;
      // Keep UTF-16 byte pairs aligned: give back one NUL when an odd number was skipped.
      if (this.leadingNuls % 2 === 1) chunk = Buffer.concat([Buffer.alloc(1), chunk]);
    }
    this.head.push(Buffer.from(chunk));
    this.headLength += chunk.length;
    if (this.headLength >= SNIFF_BYTES) this.startDecoding();
  }

  finish(totals: { bytes: number }): DiagnosisReport {
    if (!this.normaliser) this.startDecoding();
    const normaliser = this.normaliser as Utf8Normaliser;
    this.feed(normaliser.end());
    if (!this.sawText) {
      if (this.leadingNuls > 0) throw binaryInput(this.subject, 'holds nothing but NUL bytes');
      throw emptyInput(this.subject);
    }
    const lines = this.scanner.end();
    return this.session.finish({ lines, bytes: totals.bytes });
  }

  private startDecoding(): void {
    const head = Buffer.concat(this.head);
    this.head = [];
    const { encoding, bomLength } = detectEncoding(head);
    const body = head.subarray(bomLength);
    const reason = binaryReason(body, encoding);
    if (reason) throw binaryInput(this.subject, reason);
    this.normaliser = new Utf8Normaliser(encoding);
    this.feed(this.normaliser.write(body));
  }

  private feed(utf8: Buffer): void {
    if (utf8.length === 0) return;
    if (!this.sawText) this.sawText = hasNonBlank(utf8);
    this.scanner.write(utf8);
  }
}

function hasNonBlank(bytes: Buffer): boolean {
  for (const byte of bytes) {
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0b && byte !== 0x0c)
      return true;
  }
  return false;
}
