/**
 * Recent diagnoses, kept on this computer only: an index (newest first), one JSON record per
 * diagnosis, and a copy of the log when it was pasted or uploaded (files opened from disk are
 * re-read from their path). Every write is atomic, and writes are serialised, so a crash never
 * leaves a corrupt history; an unreadable index is treated as empty rather than fatal.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { writeFileAtomic } from './atomic-write';
import type { HistorySummary, LogSourceInfo } from '../ipc/contract';
import type { DiagnosisReport } from '../diagnosis/types';

export const HISTORY_LIMIT = 50;

export interface HistoryRecord {
  summary: HistorySummary;
  report: DiagnosisReport;
}

const ID_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;

export class HistoryStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly dir: string) {}

  private indexFile(): string {
    return path.join(this.dir, 'index.json');
  }
  private recordFile(id: string): string {
    return path.join(this.dir, 'records', `${id}.json`);
  }
  logCopyFile(id: string): string {
    return path.join(this.dir, 'logs', `${id}.log`);
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  async list(): Promise<HistorySummary[]> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.indexFile(), 'utf8'));
      return Array.isArray(parsed) ? (parsed as HistorySummary[]).filter((e) => ID_PATTERN.test(e?.id)) : [];
    } catch {
      return [];
    }
  }

  async add(source: LogSourceInfo, report: DiagnosisReport, logCopy?: string): Promise<HistorySummary> {
    return this.serial(async () => {
      const id = randomUUID();
      const top = report.findings[0];
      const summary: HistorySummary = {
        id,
        time: new Date().toISOString(),
        source,
        findingCount: report.findings.length,
        ...(top
          ? { top: { id: top.id, title: top.title, titleZh: top.titleZh, confidence: top.confidence } }
          : {}),
      };
      if (logCopy !== undefined) await writeFileAtomic(this.logCopyFile(id), logCopy);
      const record: HistoryRecord = { summary, report };
      await writeFileAtomic(this.recordFile(id), JSON.stringify(record));
      const entries = [summary, ...(await this.list())];
      const kept = entries.slice(0, HISTORY_LIMIT);
      await writeFileAtomic(this.indexFile(), JSON.stringify(kept, null, 1));
      for (const dropped of entries.slice(HISTORY_LIMIT)) await this.removeFiles(dropped.id);
      return summary;
    });
  }

  async get(id: string): Promise<HistoryRecord | undefined> {
    if (!ID_PATTERN.test(id)) return undefined;
    try {
      return JSON.parse(await readFile(this.recordFile(id), 'utf8')) as HistoryRecord;
    } catch {
      return undefined;
    }
  }

  async readLogCopy(id: string): Promise<string | undefined> {
    if (!ID_PATTERN.test(id)) return undefined;
    try {
      return await readFile(this.logCopyFile(id), 'utf8');
    } catch {
      return undefined;
    }
  }

  async delete(id: string): Promise<boolean> {
    return this.serial(async () => {
      const entries = await this.list();
      const kept = entries.filter((e) => e.id !== id);
      if (kept.length === entries.length) return false;
      await writeFileAtomic(this.indexFile(), JSON.stringify(kept, null, 1));
      await this.removeFiles(id);
      return true;
    });
  }

  async clear(): Promise<number> {
    return this.serial(async () => {
      const entries = await this.list();
      await writeFileAtomic(this.indexFile(), '[]');
      for (const entry of entries) await this.removeFiles(entry.id);
      return entries.length;
    });
  }

  private async removeFiles(id: string): Promise<void> {
    if (!ID_PATTERN.test(id)) return;
    await rm(this.recordFile(id), { force: true });
    await rm(this.logCopyFile(id), { force: true });
  }
}
