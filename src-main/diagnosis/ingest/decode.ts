/**
 * Turns the bytes of a log in any supported encoding into UTF-8 bytes, chunk by chunk:
 * UTF-8 (BOM skipped), UTF-16LE/BE, and GB18030/GBK when the text is not valid UTF-8.
 * NUL bytes are dropped (logs cut by log rotation often carry a few).
 * The line scanner works on the UTF-8 bytes this gives; ASCII stays one byte per character.
 */
import { isUtf8 } from 'node:buffer';
import { isGb18030, type TextEncoding } from './sniff';

/** The decoding in force; `utf-8-lossy` keeps invalid bytes (they show as U+FFFD). */
export type DecodingMode = 'utf-8' | 'utf-8-lossy' | 'gb18030' | 'utf-16le' | 'utf-16be';

export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Bytes at the end of `bytes` that start a UTF-8 character not yet complete (0 to 3). */
export function incompleteUtf8Tail(bytes: Uint8Array): number {
  const end = bytes.length;
  for (let back = 1; back <= Math.min(4, end); back++) {
    const byte = bytes[end - back];
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? back : 0;
  }
  return 0;
}

export function withoutNuls(bytes: Buffer): Buffer {
  let next = bytes.indexOf(0);
  if (next === -1) return bytes;
  const out = Buffer.allocUnsafe(bytes.length);
  let length = 0;
  let from = 0;
  while (next !== -1) {
    length += bytes.copy(out, length, from, next);
    from = next + 1;
    next = bytes.indexOf(0, from);
  }
  length += bytes.copy(out, length, from);
  return out.subarray(0, length);
}

function stripNulChars(text: string): string {
  return text.includes('\0') ? text.replaceAll('\0', '') : text;
}

export class Utf8Normaliser {
  private mode: DecodingMode;
  private pending: Buffer = Buffer.alloc(0);
  private decoder: TextDecoder | null = null;

  constructor(encoding: TextEncoding) {
    this.mode = encoding;
    if (encoding !== 'utf-8') this.decoder = new TextDecoder(encoding);
  }

  get decoding(): DecodingMode {
    return this.mode;
  }

  /** UTF-8 bytes for the next piece of input (may hold back an incomplete character). */
  write(chunk: Uint8Array): Buffer {
    if (this.decoder) return this.transcode(chunk, true);
    let bytes = asBuffer(chunk);
    if (this.pending.length > 0) bytes = Buffer.concat([this.pending, bytes]);
    const tail = incompleteUtf8Tail(bytes);
    this.pending = tail > 0 ? Buffer.from(bytes.subarray(bytes.length - tail)) : Buffer.alloc(0);
    const complete = withoutNuls(bytes.subarray(0, bytes.length - tail));
    if (this.mode === 'utf-8' && !isUtf8(complete)) {
      // Decide once: GB18030 when these bytes read cleanly as GB18030, else UTF-8 with replacements.
      if (isGb18030(Buffer.concat([complete, this.pending]))) {
        this.mode = 'gb18030';
        this.decoder = new TextDecoder('gb18030');
        const rest = Buffer.concat([complete, this.pending]);
        this.pending = Buffer.alloc(0);
        return this.transcode(rest, true);
      }
      this.mode = 'utf-8-lossy';
    }
    return complete;
  }

  /** The bytes still held back at the end of the input. */
  end(): Buffer {
    if (this.decoder) return this.transcode(new Uint8Array(0), false);
    const rest = withoutNuls(this.pending);
    this.pending = Buffer.alloc(0);
    return rest;
  }

  private transcode(chunk: Uint8Array, stream: boolean): Buffer {
    const decoder = this.decoder as TextDecoder;
    return Buffer.from(stripNulChars(decoder.decode(chunk, { stream })), 'utf8');
  }
}

/** Whole-input decoding with the same rules, for text that is already in memory. */
export function decodeToString(bytes: Uint8Array, encoding: TextEncoding, bomLength: number): string {
  const normaliser = new Utf8Normaliser(encoding);
  const body = normaliser.write(bytes.subarray(bomLength));
  const rest = normaliser.end();
  return (rest.length ? Buffer.concat([body, rest]) : body).toString('utf8');
}
