/**
 * Keeps the last few logs with a line index, so the UI's virtualised log viewer can ask for any
 * window of lines without holding (or receiving) the whole text. Small logs are kept as text; big
 * files opened from disk are indexed by byte offset and read on demand.
 * Lines are split like the engine splits them (CRLF, CR or LF), so line numbers agree.
 */
import { randomUUID } from 'node:crypto';
import { open } from 'node:fs/promises';

interface LogSource {
  lineCount: number;
  lines(start: number, end: number): Promise<string[]>;
}

export function indexLines(text: string): { starts: Uint32Array; ends: Uint32Array } {
  let capacity = 1024;
  let starts = new Uint32Array(capacity);
  let ends = new Uint32Array(capacity);
  let count = 0;
  let lineStart = 0;
  const push = (end: number, next: number): void => {
    if (count === capacity) {
      capacity *= 2;
      const s = new Uint32Array(capacity);
      s.set(starts);
      starts = s;
      const e = new Uint32Array(capacity);
      e.set(ends);
      ends = e;
    }
    starts[count] = lineStart;
    ends[count] = end;
    count += 1;
    lineStart = next;
  };
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) push(i, i + 1);
    else if (code === 13) {
      const crlf = text.charCodeAt(i + 1) === 10;
      push(i, crlf ? i + 2 : i + 1);
      if (crlf) i += 1;
    }
  }
  push(text.length, text.length);
  return { starts: starts.slice(0, count), ends: ends.slice(0, count) };
}

function textSource(text: string): LogSource {
  const { starts, ends } = indexLines(text);
  return {
    lineCount: starts.length,
    lines: async (start, end) => {
      const out: string[] = [];
      for (let i = start; i < end; i++) out.push(text.slice(starts[i], ends[i]));
      return out;
    },
  };
}

const CHUNK = 4 * 1024 * 1024;

/** Byte offsets of every line start in a UTF-8 file (read once, in chunks). */
export async function indexFileLines(
  file: string,
  signal?: AbortSignal,
): Promise<{ starts: Float64Array; size: number }> {
  const handle = await open(file, 'r');
  try {
    let starts = new Float64Array(1 << 16);
    let count = 0;
    const push = (offset: number): void => {
      if (count === starts.length) {
        const grown = new Float64Array(starts.length * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[count++] = offset;
    };
    push(0);
    const buffer = Buffer.allocUnsafe(CHUNK);
    let position = 0;
    let pendingCr = false;
    for (;;) {
      if (signal?.aborted) throw Object.assign(new Error('Cancelled.'), { code: 'cancelled' });
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, position);
      if (bytesRead === 0) break;
      for (let i = 0; i < bytesRead; i++) {
        const byte = buffer[i];
        if (pendingCr) {
          pendingCr = false;
          if (byte === 10) {
            starts[count - 1] = position + i + 1;
            continue;
          }
        }
        if (byte === 10) push(position + i + 1);
        else if (byte === 13) {
          push(position + i + 1);
          pendingCr = true;
        }
      }
      position += bytesRead;
    }
    return { starts: starts.slice(0, count), size: position };
  } finally {
    await handle.close();
  }
}

async function fileSource(file: string, signal?: AbortSignal): Promise<LogSource> {
  const { starts, size } = await indexFileLines(file, signal);
  const decoder = new TextDecoder('utf-8', { fatal: false });
  return {
    lineCount: starts.length,
    lines: async (start, end) => {
      if (start >= end) return [];
      const from = starts[start];
      const to = end < starts.length ? starts[end] : size;
      const handle = await open(file, 'r');
      try {
        const bytes = Buffer.alloc(to - from);
        await handle.read(bytes, 0, bytes.length, from);
        const lines = decoder.decode(bytes).split(/\r\n|\r|\n/);
        return lines.slice(0, end - start);
      } finally {
        await handle.close();
      }
    },
  };
}

export class LogStore {
  private readonly logs = new Map<string, LogSource>();

  constructor(private readonly capacity = 4) {}

  private keep(source: LogSource): { logId: string; lineCount: number } {
    const logId = randomUUID();
    this.logs.set(logId, source);
    while (this.logs.size > this.capacity) {
      const oldest = this.logs.keys().next().value;
      if (oldest === undefined) break;
      this.logs.delete(oldest);
    }
    return { logId, lineCount: source.lineCount };
  }

  add(text: string): { logId: string; lineCount: number } {
    return this.keep(textSource(text));
  }

  /** A big file: indexed by byte offsets, lines read from disk when asked for. */
  async addFile(file: string, signal?: AbortSignal): Promise<{ logId: string; lineCount: number }> {
    return this.keep(await fileSource(file, signal));
  }

  has(logId: string): boolean {
    return this.logs.has(logId);
  }

  /** Lines [start, start+count) (0-based), clipped to the log. */
  async lines(
    logId: string,
    start: number,
    count: number,
  ): Promise<{ lines: string[]; lineCount: number } | undefined> {
    const log = this.logs.get(logId);
    if (!log) return undefined;
    const end = Math.min(log.lineCount, start + count);
    return { lines: await log.lines(Math.min(start, end), end), lineCount: log.lineCount };
  }
}
