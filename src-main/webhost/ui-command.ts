import type { CliCommand } from '../cli/io';

/** `serve-doctor ui [--port N]` — placeholder until the web host lands. */
export const uiCommand: CliCommand = async (_args, io) => {
  io.stderr('serve-doctor ui: not implemented yet\n');
  return 2;
};
