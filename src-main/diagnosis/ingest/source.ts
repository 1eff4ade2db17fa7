/**
 * Streaming entry points: a file on disk or any stream of bytes (stdin), plain or gzip.
 */
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { DiagnosisReport } from '../types';
import {
  IngestError,
  cancelled,
  directoryInput,
  emptyInput,
  fileSubject,
  fromFileSystemError,
  type InputSubject,
} from './errors';
import { TextPipeline, type PipelineOptions } from './pipeline';
import { isGzip } from './sniff';

export interface Progress {
  bytesRead: number;
  /** 0 when the size is not known in advance (a pipe). */
  totalBytes: number;
}

export interface StreamOptions extends PipelineOptions {
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
}

export interface FileOptions extends StreamOptions {
  /** Bytes per read; tests use tiny chunks to exercise lines across chunk boundaries. */
  chunkSize?: number;
}

export const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;

/** Diagnoses the file at `path`, reading it in chunks (never the whole file at once). */
export async function diagnoseFile(path: string, options: FileOptions = {}): Promise<DiagnosisReport> {
  const subject = fileSubject(path);
  if (options.signal?.aborted) throw cancelled();
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw directoryInput(subject);
    size = info.isFile() ? info.size : 0;
    if (info.isFile() && size === 0) throw emptyInput(subject);
  } catch (error) {
    throw fromFileSystemError(error, subject);
  }
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw fromFileSystemError(error, subject);
  }
  try {
    return await diagnoseStream(readChunks(handle, options.chunkSize ?? DEFAULT_CHUNK_BYTES, subject), {
      ...options,
      subject,
      totalBytes: size,
    });
  } finally {
    await handle.close().catch(() => undefined);
  }
}

type FileHandle = Awaited<ReturnType<typeof open>>;

async function* readChunks(
  handle: FileHandle,
  chunkSize: number,
  subject: InputSubject,
): AsyncGenerator<Buffer> {
  for (;;) {
    // A fresh buffer each time: gzip decompression may still hold the previous one.
    const buffer = Buffer.allocUnsafe(chunkSize);
    let bytesRead: number;
    try {
      ({ bytesRead } = await handle.read(buffer, 0, chunkSize, null));
    } catch (error) {
      throw fromFileSystemError(error, subject);
    }
    if (bytesRead === 0) return;
    yield bytesRead === chunkSize ? buffer : buffer.subarray(0, bytesRead);
  }
}

/** Diagnoses a stream of bytes (a file's chunks, standard input, a dropped file). */
export async function diagnoseStream(
  source: AsyncIterable<Uint8Array>,
  options: StreamOptions & { subject?: InputSubject; totalBytes?: number } = {},
): Promise<DiagnosisReport> {
  const subject = options.subject ?? 'the input';
  const totalBytes = options.totalBytes ?? 0;
  const { signal, onProgress } = options;
  let bytesRead = 0;

  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      if (signal?.aborted) throw cancelled();
      bytesRead += chunk.length;
      onProgress?.({ bytesRead, totalBytes: Math.max(totalBytes, bytesRead) });
      yield chunk;
    }
  }

  const raw = counted();
  // Peek at the first two bytes to see whether this is gzip.
  const first: Uint8Array[] = [];
  let firstLength = 0;
  while (firstLength < 2) {
    const next = await raw.next();
    if (next.done) break;
    first.push(next.value);
    firstLength += next.value.length;
  }
  if (firstLength === 0) throw emptyInput(subject);
  const head = Buffer.concat(first);
  async function* replayed(): AsyncGenerator<Uint8Array> {
    yield head;
    for (;;) {
      const next = await raw.next();
      if (next.done) return;
      yield next.value;
    }
  }
  const gzip = isGzip(head);
  const text = gzip ? gunzipped(replayed(), subject) : replayed();
  const pipeline = new TextPipeline(subject, options);
  for await (const chunk of text) {
    if (signal?.aborted) throw cancelled();
    pipeline.write(chunk);
  }
  if (signal?.aborted) throw cancelled();
  return pipeline.finish({ bytes: bytesRead });
}

async function* gunzipped(source: AsyncIterable<Uint8Array>, subject: InputSubject): AsyncGenerator<Buffer> {
  const gunzip = createGunzip();
  const input = Readable.from(source, { objectMode: false });
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    if (error instanceof IngestError) throw error;
    throw new IngestError(
      'unreadable',
      `${subject.charAt(0).toUpperCase()}${subject.slice(1)} is a damaged gzip file: ${describe(error)}.`,
    );
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.replace(/\.$/, '') : String(error);
}
