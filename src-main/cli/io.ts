/** What a command needs from the outside world, so that tests can run commands in-process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress bars are drawn only then). */
  stderrIsTTY: boolean;
  /** Reads all of standard input (for `-`). */
  readStdin: () => AsyncIterable<Buffer>;
  env: NodeJS.ProcessEnv;
}

/** A command takes its arguments (after the sub-command name) and returns the exit code. */
export type CliCommand = (args: string[], io: CliIO) => Promise<number>;

/** An error whose message is meant for the user, printed as one line with exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
