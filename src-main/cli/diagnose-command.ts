import { readFile } from 'node:fs/promises';
import type { CliCommand } from './io';
import { UsageError } from './io';
import { diagnoseText } from '../diagnosis';

/** `serve-doctor diagnose <file|-> [--json]` — placeholder reader; streaming ingestion replaces it. */
export const diagnoseCommand: CliCommand = async (args, io) => {
  const json = args.includes('--json');
  const target = args.find((a) => a === '-' || !a.startsWith('-'));
  if (!target) throw new UsageError('which log? Give a file path, or - to read standard input.');
  let text: string;
  try {
    if (target === '-') {
      const chunks: Buffer[] = [];
      for await (const chunk of io.readStdin()) chunks.push(Buffer.from(chunk));
      text = Buffer.concat(chunks).toString('utf8');
    } else {
      text = await readFile(target, 'utf8');
    }
  } catch (error) {
    throw new UsageError(`cannot read ${target}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const report = diagnoseText(text);
  io.stdout(json ? JSON.stringify(report, null, 2) + '\n' : `${report.findings.length} findings\n`);
  return 0;
};
