/**
 * The `serve-doctor` command line: one core, the same engine as the desktop app.
 *   serve-doctor diagnose <file|-> [--json]
 *   serve-doctor gpus [--json]
 *   serve-doctor plan --model … [--json]
 *   serve-doctor ui [--port N]
 */
import type { CliCommand, CliIO } from './cli/io';
import { UsageError } from './cli/io';
import { diagnoseCommand } from './cli/diagnose-command';
import { gpusCommand } from './gpu/gpus-command';
import { planCommand } from './planner/plan-command';
import { uiCommand } from './webhost/ui-command';
import packageJson from '../package.json';

const HELP = `serve-doctor — diagnose vLLM / Xinference launch failures and plan settings that fit

Usage:
  serve-doctor diagnose <log file | -> [--json]   name the root cause of a log (- reads stdin)
  serve-doctor gpus [--json]                      list this machine's GPUs
  serve-doctor plan --model <id|folder|config.json> [options] [--json]
                                                  plan launch settings that fit
  serve-doctor ui [--port N]                      serve the app's UI on 127.0.0.1
  serve-doctor --help | --version
`;

const COMMANDS: Record<string, CliCommand> = {
  diagnose: diagnoseCommand,
  gpus: gpusCommand,
  plan: planCommand,
  ui: uiCommand,
};

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(HELP);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${packageJson.version}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`serve-doctor: unknown command '${name}'. Try: serve-doctor --help\n`);
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`serve-doctor ${name}: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`serve-doctor ${name}: unexpected error: ${message}\n`);
    return 1;
  }
}

export function processIO(): CliIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    readStdin: () => process.stdin,
    env: process.env,
  };
}

/** Runs the CLI in this process with the real stdin/stdout/stderr (used by bin/serve-doctor.cjs). */
export function main(argv: string[] = process.argv.slice(2)): void {
  runCli(argv, processIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`serve-doctor: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
