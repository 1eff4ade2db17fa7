import type { CliCommand } from '../cli/io';

/** `serve-doctor gpus [--json]` — placeholder until the GPU detector lands. */
export const gpusCommand: CliCommand = async (_args, io) => {
  io.stderr('serve-doctor gpus: not implemented yet\n');
  return 2;
};
