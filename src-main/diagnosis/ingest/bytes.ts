/**
 * In-memory entry points for content that arrives as bytes (a paste or a dropped file in the UI).
 */
import { gunzipSync } from 'node:zlib';
import type { DiagnosisReport } from '../types';
import { decodeToString } from './decode';
import { IngestError, binaryInput, emptyInput, type InputSubject } from './errors';
import { TextPipeline, type PipelineOptions } from './pipeline';
import { DEFAULT_CHUNK_BYTES } from './source';
import { binaryReason, detectEncoding, isGzip } from './sniff';

/** Gzip content in memory may expand to at most this many bytes (streaming has no limit). */
export const MAX_GUNZIPPED_BYTES = 512 * 1024 * 1024;

export interface BytesOptions extends PipelineOptions {
  subject?: InputSubject;
  chunkSize?: number;
}

function gunzipped(bytes: Uint8Array, subject: InputSubject): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_GUNZIPPED_BYTES });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      throw new IngestError(
        'too-large',
        `${capitalised(subject)} expands to more than ${MAX_GUNZIPPED_BYTES >> 20} MB; save it to a file and open the file instead.`,
      );
    }
    throw new IngestError('unreadable', `${capitalised(subject)} is damaged gzip data.`);
  }
}

function capitalised(subject: string): string {
  return subject.charAt(0).toUpperCase() + subject.slice(1);
}

/** Diagnoses content given as bytes, with the same decoding as diagnoseFile. */
export function diagnoseBytes(bytes: Uint8Array, options: BytesOptions = {}): DiagnosisReport {
  const subject = options.subject ?? 'the pasted text';
  if (bytes.length === 0) throw emptyInput(subject);
  const data = gunzipped(bytes, subject);
  const pipeline = new TextPipeline(subject, options);
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_BYTES;
  for (let at = 0; at < data.length; at += chunkSize) pipeline.write(data.subarray(at, at + chunkSize));
  return pipeline.finish({ bytes: bytes.length });
}

/**
 * The text of content given as bytes, decoded as diagnoseBytes decodes it (BOM, UTF-16,
 * GB18030, gzip, NUL bytes dropped). Throws IngestError for binary or empty content.
 */
export function decodeBytes(bytes: Uint8Array, subject: InputSubject = 'the pasted text'): string {
  const data = gunzipped(bytes, subject);
  let start = 0;
  while (start < data.length && data[start] === 0) start++;
  const body = data.subarray(start - (start % 2));
  const { encoding, bomLength } = detectEncoding(body);
  const reason = binaryReason(body.subarray(bomLength), encoding);
  if (reason) throw binaryInput(subject, reason);
  const text = decodeToString(body, encoding, bomLength);
  if (!/\S/.test(text)) throw emptyInput(subject);
  return text;
}
