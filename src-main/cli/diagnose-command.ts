import type { CliCommand, CliIO } from './io';
import { UsageError } from './io';
import { formatReport } from './report-format';
import { IngestError, diagnoseFile, diagnoseStream, type Progress } from '../diagnosis/ingest';
import type { DiagnosisReport } from '../diagnosis/types';

/** Files at least this big get a progress bar (when stderr is a terminal). */
const PROGRESS_MIN_BYTES = 64 * 1024 * 1024;
const PROGRESS_INTERVAL_MS = 100;
const BAR_WIDTH = 30;

/** A progress line on stderr, redrawn at most every PROGRESS_INTERVAL_MS, cleared at the end. */
export function progressBar(io: CliIO): { update: (progress: Progress) => void; done: () => void } {
  let last = 0;
  let drawn = false;
  return {
    update({ bytesRead, totalBytes }) {
      const now = Date.now();
      if (totalBytes < PROGRESS_MIN_BYTES || now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      const ratio = Math.min(1, bytesRead / totalBytes);
      const filled = Math.round(ratio * BAR_WIDTH);
      const mb = (bytes: number): string => (bytes / 1e6).toFixed(0);
      io.stderr(
        `\rreading [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${Math.floor(ratio * 100)}% ` +
          `${mb(bytesRead)}/${mb(totalBytes)} MB`,
      );
      drawn = true;
    },
    done() {
      if (drawn) io.stderr('\r\x1b[2K');
    },
  };
}

/** `serve-doctor diagnose <file|-> [--json]`: streams the log through the engine. */
export const diagnoseCommand: CliCommand = async (args, io) => {
  const json = args.includes('--json');
  const target = args.find((a) => a === '-' || !a.startsWith('-'));
  if (!target) throw new UsageError('which log? Give a file path, or - to read standard input.');
  const bar = io.stderrIsTTY ? progressBar(io) : null;
  let report: DiagnosisReport;
  try {
    report =
      target === '-'
        ? await diagnoseStream(io.readStdin(), { subject: 'standard input' })
        : await diagnoseFile(target, { onProgress: bar?.update });
  } catch (error) {
    if (error instanceof IngestError) throw new UsageError(error.message);
    throw error;
  } finally {
    bar?.done();
  }
  io.stdout(json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
  return 0;
};
