/**
 * Ingestion: getting a log of any size, encoding or packaging into the diagnosis engine.
 *   diagnoseFile(path, { onProgress, signal }) — streaming, bounded memory
 *   diagnoseStream(chunks, …)                  — standard input or any byte stream
 *   diagnoseBytes(bytes)                       — a paste or dropped content in memory
 * Bad input throws IngestError with a `code` and a one-sentence message for the user.
 */
export { diagnoseFile, diagnoseStream, DEFAULT_CHUNK_BYTES } from './source';
export type { Progress, FileOptions, StreamOptions } from './source';
export { diagnoseBytes, decodeBytes, MAX_GUNZIPPED_BYTES } from './bytes';
export type { BytesOptions } from './bytes';
export { IngestError } from './errors';
export type { IngestErrorCode } from './errors';
export { detectEncoding, binaryReason, isGzip, isGb18030, SNIFF_BYTES } from './sniff';
export type { TextEncoding, EncodingGuess } from './sniff';
export { Utf8Normaliser, incompleteUtf8Tail, withoutNuls } from './decode';
export type { DecodingMode } from './decode';
export { LineScanner, splitLines, prefilterActive } from './scanner';
export type { LineSink, ScanOptions } from './scanner';
export { TextPipeline } from './pipeline';
export type { LineSession, PipelineOptions } from './pipeline';
