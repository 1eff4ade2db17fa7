import type { CliCommand } from '../cli/io';
import { UsageError } from '../cli/io';
import { detectGpus, type DetectOptions } from './detect';
import { formatGpuReport } from './format-report';
import type { GpuReport } from './types';

const USAGE = 'usage: serve-doctor gpus [--json] [--timeout <ms>] [--no-system-info]';

/** Builds `serve-doctor gpus`; tests hand in a `detect` that injects recorded systeminformation answers. */
export function createGpusCommand(
  detect: (options: DetectOptions) => Promise<GpuReport> = detectGpus,
): CliCommand {
  return async (args, io) => {
    let json = false;
    const options: DetectOptions = { env: io.env };
    for (let i = 0; i < args.length; i += 1) {
      const arg = args[i];
      if (arg === '--json') json = true;
      else if (arg === '--no-system-info') options.useSystemInformation = false;
      else if (arg === '--timeout' || arg.startsWith('--timeout=')) {
        const value = arg.includes('=') ? arg.slice('--timeout='.length) : args[++i];
        const ms = Number(value);
        if (!Number.isInteger(ms) || ms <= 0)
          throw new UsageError(`--timeout needs a whole number of milliseconds. ${USAGE}`);
        options.timeoutMs = ms;
      } else if (arg === '--help' || arg === '-h') {
        io.stdout(`${USAGE}\n`);
        return 0;
      } else throw new UsageError(`unknown option '${arg}'. ${USAGE}`);
    }
    const report = await detect(options);
    io.stdout(json ? JSON.stringify(report, null, 2) + '\n' : formatGpuReport(report));
    // A missing, hung or broken nvidia-smi is an answer, not a failure of this command.
    return 0;
  };
}

/** `serve-doctor gpus [--json]`: this machine's GPUs as a table, or as JSON. */
export const gpusCommand: CliCommand = createGpusCommand();
