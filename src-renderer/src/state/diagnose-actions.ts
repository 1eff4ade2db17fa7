/** Starting, following and cancelling a diagnosis; the views only call these. */
import { ApiError, call, diagnoseDroppedFile, newJobId, onEvent } from '../api/client';
import type { DiagnoseResult } from '../../../src-main/ipc/contract';
import { diagnosis, t, ui } from './app.svelte';

let unsubscribe: (() => void) | undefined;

/** Follows progress events for the running job (called once at start-up). */
export function followProgress(): void {
  unsubscribe ??= onEvent((event) => {
    if (event.type === 'progress' && event.jobId === diagnosis.jobId) {
      diagnosis.bytesRead = event.bytesRead;
      diagnosis.totalBytes = event.totalBytes;
    }
  });
}

/**
 * Asks the core whether the log came from this machine; never holds up the result, and drops the
 * answer when another log is shown by then.
 */
async function compareWithMachine(result: DiagnoseResult): Promise<void> {
  const { report, historyId } = result;
  try {
    const machine = await call('compareLogWithMachine', {
      measurements: report.facts.measurements,
      findingFacts: report.findings.map((finding) => finding.facts),
    });
    if (diagnosis.result?.historyId === historyId) diagnosis.machine = machine;
  } catch {
    // No comparison: the notice is simply not shown.
  }
}

async function run(
  name: string,
  totalBytes: number,
  task: (jobId: string) => Promise<DiagnoseResult>,
): Promise<void> {
  const jobId = newJobId();
  Object.assign(diagnosis, { busy: true, jobId, name, bytesRead: 0, totalBytes, error: null });
  ui.view = 'diagnose';
  try {
    const result = await task(jobId);
    if (diagnosis.jobId !== jobId) return; // cancelled or superseded
    diagnosis.machine = null;
    diagnosis.result = result;
    void compareWithMachine(result);
  } catch (error) {
    if (diagnosis.jobId !== jobId) return;
    const cancelled = error instanceof ApiError && error.code === 'cancelled';
    diagnosis.error = cancelled
      ? t('diagnose.cancelled')
      : t('diagnose.failed', { message: (error as Error).message });
  } finally {
    if (diagnosis.jobId === jobId) Object.assign(diagnosis, { busy: false, jobId: null });
  }
}

export function diagnoseFile(file: File): Promise<void> {
  return run(file.name, file.size, (jobId) => diagnoseDroppedFile(file, jobId));
}

export function diagnosePath(path: string): Promise<void> {
  const name = path.split(/[\\/]/).pop() || path;
  return run(name, 0, (jobId) => call('diagnoseFile', { jobId, path }));
}

export function diagnosePaste(text: string): Promise<void> {
  return run(t('paste.label'), text.length, (jobId) => call('diagnoseText', { jobId, text }));
}

export function openHistory(id: string): Promise<void> {
  return run('', 0, () => call('historyGet', { id }));
}

export async function cancelDiagnosis(): Promise<void> {
  const jobId = diagnosis.jobId;
  if (!jobId) return;
  Object.assign(diagnosis, { busy: false, jobId: null, error: t('diagnose.cancelled') });
  await call('cancel', { jobId }).catch(() => undefined);
}

export function clearDiagnosis(): void {
  Object.assign(diagnosis, { result: null, error: null, machine: null });
}
