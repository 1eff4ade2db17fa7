import type { CliCommand } from '../cli/io';

/** `serve-doctor plan …` — placeholder until the planner lands. */
export const planCommand: CliCommand = async (_args, io) => {
  io.stderr('serve-doctor plan: not implemented yet\n');
  return 2;
};
