/**
 * Line splitting and candidate windows over UTF-8 bytes.
 *
 * LineScanner takes the UTF-8 bytes of a log chunk by chunk and gives its sink only the lines
 * within CONTEXT_BEFORE / CONTEXT_AFTER of a line matching CANDIDATE_PATTERN, each with its
 * true 1-based number (see scan.ts for why that gives the same report as every line).
 * Lines end at CR, LF or CRLF (also when CR and LF arrive in different chunks); the text after
 * the last terminator is one more line when it is not empty (as diagnoseText counts). A line longer than
 * MAX_LINE_CHARS is cut to that length for matching and still counts as one line; the scanner
 * keeps at most a bounded prefix of it in memory.
 */
import { CANDIDATE_PATTERN, CANDIDATE_SOURCE, CONTEXT_AFTER, CONTEXT_BEFORE, MAX_LINE_CHARS } from '../scan';
import { Prefilter, parsePlainWords } from './prefilter';

const LF = 0x0a;
const CR = 0x0d;
const PREFILTER_SAMPLE_BYTES = 1 << 20;
const NEWLINE = Buffer.from('\n');

/**
 * The line rule, for text already in memory: CRLF, CR and LF all end a line; a terminator at the
 * very end does not start another (empty) line; empty text has no lines.
 */
export function splitLines(text: string): string[] {
  if (text.length === 0) return [];
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export interface LineSink {
  pushLine(lineNumber: number, raw: string): void;
}

export interface ScanOptions {
  /** Lines the rules may look at (matched case-insensitively, without the g flag). */
  candidate?: RegExp;
  before?: number;
  after?: number;
  maxLineChars?: number;
  /**
   * The plain words of `candidate` for the byte prefilter; null checks every line with the regex.
   * Defaults to the words parsed from CANDIDATE_SOURCE.
   */
  words?: readonly string[] | null;
}

interface HeldLine {
  line: number;
  text: string;
}

const DEFAULT_WORDS = parsePlainWords(CANDIDATE_SOURCE);

/** Whether the default candidate pattern runs through the byte prefilter (a test watches this). */
export function prefilterActive(): boolean {
  return DEFAULT_WORDS !== null && Prefilter.supports(DEFAULT_WORDS);
}

export class LineScanner {
  private readonly sink: LineSink;
  private readonly candidate: RegExp;
  private readonly before: number;
  private readonly after: number;
  private readonly maxLineChars: number;
  /** UTF-8 bytes that surely hold the first maxLineChars UTF-16 units of a line. */
  private readonly maxLineBytes: number;
  private readonly words: readonly string[] | null;
  private prefilter: Prefilter | null | undefined;

  /** Number of the line that starts at the next unscanned byte. */
  private lineNumber = 1;
  private carry: Buffer = Buffer.alloc(0);
  /** The carried line is longer than maxLineBytes; its remaining bytes are dropped. */
  private carryCut = false;
  /** The last chunk ended with CR: a LF at the start of the next one belongs to it. */
  private skipLeadingLF = false;
  private emitThrough = 0;
  private held: HeldLine[] = [];
  private ended = false;

  constructor(sink: LineSink, options: ScanOptions = {}) {
    this.sink = sink;
    this.candidate = options.candidate ?? CANDIDATE_PATTERN;
    this.before = options.before ?? CONTEXT_BEFORE;
    this.after = options.after ?? CONTEXT_AFTER;
    this.maxLineChars = options.maxLineChars ?? MAX_LINE_CHARS;
    this.maxLineBytes = this.maxLineChars * 3 + 4;
    const words = options.words === undefined ? DEFAULT_WORDS : options.words;
    this.words = words && Prefilter.supports(words) ? words : null;
  }

  /** Lines seen so far (complete ones). */
  get linesSoFar(): number {
    return this.lineNumber - 1;
  }

  write(input: Uint8Array): void {
    if (this.ended) throw new Error('LineScanner.write after end');
    let chunk = Buffer.isBuffer(input)
      ? input
      : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    if (chunk.length === 0) return;
    if (this.skipLeadingLF) {
      this.skipLeadingLF = false;
      if (chunk[0] === LF) chunk = chunk.subarray(1);
      if (chunk.length === 0) return;
    }
    if (this.carryCut) {
      const terminator = firstTerminator(chunk);
      if (terminator === -1) return; // still inside the over-long line
      chunk = chunk.subarray(terminator);
      this.carryCut = false;
    }
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const last = Math.max(bytes.lastIndexOf(LF), bytes.lastIndexOf(CR));
    const complete = last + 1;
    if (complete > 0) {
      this.scan(bytes, complete);
      if (bytes[last] === CR && complete === bytes.length) this.skipLeadingLF = true;
    }
    let rest = bytes.subarray(complete);
    if (rest.length > this.maxLineBytes) {
      rest = rest.subarray(0, this.maxLineBytes);
      this.carryCut = true;
    }
    this.carry = Buffer.from(rest);
  }

  /** Scans the last line and returns the number of lines in the input. */
  end(): number {
    if (!this.ended) {
      if (this.carry.length > 0) {
        const last = Buffer.concat([this.carry, NEWLINE]);
        this.scan(last, last.length);
      }
      this.carry = Buffer.alloc(0);
      this.carryCut = false;
      this.ended = true;
    }
    return this.lineNumber - 1;
  }

  /** Scans bytes [0, end), where end is just after a line terminator. */
  private scan(bytes: Buffer, end: number): void {
    if (this.prefilter === undefined) {
      this.prefilter = this.words
        ? new Prefilter(this.words, bytes.subarray(0, PREFILTER_SAMPLE_BYTES))
        : null;
    }
    const firstCR = bytes.indexOf(CR);
    const terminators = new TerminatorCursor(bytes, firstCR !== -1 && firstCR < end);
    let pos = 0;
    while (pos < end) {
      if (this.lineNumber <= this.emitThrough) {
        const lineEnd = terminators.next(pos);
        this.emit(this.lineNumber, this.decodeLine(bytes, pos, lineEnd));
        pos = terminators.after(lineEnd);
        this.lineNumber++;
        continue;
      }
      const hit = this.prefilter ? this.prefilter.find(bytes, pos, end) : pos;
      if (hit === -1) {
        this.skip(bytes, pos, end, terminators);
        return;
      }
      const lineStart = terminators.lineStartOf(hit, pos);
      if (lineStart > pos) this.skip(bytes, pos, lineStart, terminators);
      const lineEnd = terminators.next(lineStart);
      const text = this.decodeLine(bytes, lineStart, lineEnd);
      if (this.candidate.test(text)) {
        for (const held of this.held) this.sink.pushLine(held.line, held.text);
        this.emit(this.lineNumber, text);
      } else {
        this.hold(this.lineNumber, text);
      }
      pos = terminators.after(lineEnd);
      this.lineNumber++;
    }
  }

  private emit(line: number, text: string): void {
    if (this.candidate.test(text)) this.emitThrough = Math.max(this.emitThrough, line + this.after);
    this.held = [];
    this.sink.pushLine(line, text);
  }

  private hold(line: number, text: string): void {
    if (this.before === 0) return;
    this.held.push({ line, text });
    if (this.held.length > this.before) this.held.shift();
  }

  /** Counts the lines in [from, to) (to is a line start) and holds the last `before` of them. */
  private skip(bytes: Buffer, from: number, to: number, terminators: TerminatorCursor): void {
    const count = terminators.count(from, to);
    const keep = Math.min(count, this.before);
    const kept: HeldLine[] = [];
    let lineEndAfter = to;
    for (let k = 0; k < keep; k++) {
      const terminatorStart = terminators.terminatorEndingAt(lineEndAfter, from);
      const start = terminators.lineStartOf(terminatorStart, from);
      kept.unshift({
        line: this.lineNumber + count - 1 - k,
        text: this.decodeLine(bytes, start, terminatorStart),
      });
      lineEndAfter = start;
    }
    if (kept.length > 0) this.held = [...this.held, ...kept].slice(-this.before);
    this.lineNumber += count;
  }

  private decodeLine(bytes: Buffer, start: number, end: number): string {
    const text = bytes.toString('utf8', start, Math.min(end, start + this.maxLineBytes));
    return text.length > this.maxLineChars ? text.slice(0, this.maxLineChars) : text;
  }
}

function firstTerminator(bytes: Buffer): number {
  const lf = bytes.indexOf(LF);
  const cr = bytes.indexOf(CR);
  if (lf === -1) return cr;
  if (cr === -1) return lf;
  return Math.min(lf, cr);
}

/**
 * Finds line terminators in one buffer, remembering the next LF and CR it saw so that walking
 * forward costs one native search per terminator.
 */
class TerminatorCursor {
  private nextLF = -2;
  private nextCR = -2;

  constructor(
    private readonly bytes: Buffer,
    private readonly hasCR: boolean,
  ) {}

  /** Index of the first terminator at or after `from` (CR of a CRLF), or the buffer length. */
  next(from: number): number {
    if (this.nextLF !== -1 && this.nextLF < from) this.nextLF = this.bytes.indexOf(LF, from);
    let at = this.nextLF === -1 ? this.bytes.length : this.nextLF;
    if (this.hasCR) {
      if (this.nextCR !== -1 && this.nextCR < from) this.nextCR = this.bytes.indexOf(CR, from);
      if (this.nextCR !== -1 && this.nextCR < at) at = this.nextCR;
    }
    return at;
  }

  /** Index just after the terminator that starts at `at`. */
  after(at: number): number {
    return this.bytes[at] === CR && this.bytes[at + 1] === LF ? at + 2 : at + 1;
  }

  /** Lines that end in [from, to). */
  count(from: number, to: number): number {
    let count = 0;
    if (!this.hasCR) {
      for (let at = this.bytes.indexOf(LF, from); at !== -1 && at < to; at = this.bytes.indexOf(LF, at + 1))
        count++;
      return count;
    }
    for (let at = this.next(from); at < to; at = this.next(this.after(at))) count++;
    return count;
  }

  /** Start of the line holding byte `at` (a terminator byte belongs to the line it ends). */
  lineStartOf(at: number, floor: number): number {
    let probe = at;
    if (this.bytes[probe] === LF && probe > floor && this.bytes[probe - 1] === CR) probe--;
    if (probe <= floor) return floor;
    let last = this.bytes.lastIndexOf(LF, probe - 1);
    if (this.hasCR) last = Math.max(last, this.bytes.lastIndexOf(CR, probe - 1));
    return last < floor ? floor : last + 1;
  }

  /** Start of the terminator that ends just before `lineStart` (> floor). */
  terminatorEndingAt(lineStart: number, floor: number): number {
    const at = lineStart - 1;
    return this.bytes[at] === LF && at - 1 >= floor && this.bytes[at - 1] === CR ? at - 1 : at;
  }
}
