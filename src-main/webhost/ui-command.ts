/**
 * `serve-doctor ui [--port N]` — serves the desktop app's UI on 127.0.0.1 for GPU servers reached
 * over SSH. The first stdout line is the URL with its token; nothing else is printed before it.
 */
import type { CliCommand } from '../cli/io';
import { UsageError } from '../cli/io';
import { createAppHandlers } from '../ipc/create-handlers';
import { newToken } from './auth';
import { defaultDataDir, findRendererDir } from './paths';
import { startWebHost } from './server';
import packageJson from '../../package.json';

export const DEFAULT_UI_PORT = 8717;

export function parseUiArgs(args: string[]): { port: number } {
  let port = DEFAULT_UI_PORT;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    let value: string | undefined;
    if (arg === '--port') value = args[++i];
    else if (arg.startsWith('--port=')) value = arg.slice('--port='.length);
    else throw new UsageError(`unknown option '${arg}'. Usage: serve-doctor ui [--port N]`);
    if (value === undefined || !/^\d+$/.test(value) || Number(value) > 65535) {
      throw new UsageError('--port needs a number from 0 to 65535 (0 picks a free port).');
    }
    port = Number(value);
  }
  return { port };
}

export const uiCommand: CliCommand = async (args, io) => {
  const { port } = parseUiArgs(args);
  const here = typeof __dirname === 'string' ? __dirname : undefined;
  const rendererDir = findRendererDir(io.env, here);
  if (!rendererDir) {
    io.stderr(
      'serve-doctor ui: the UI is not built. Run `npm run build:renderer` (or `npm install`) first.\n',
    );
    return 1;
  }
  const dataDir = defaultDataDir(io.env);
  let host;
  try {
    host = await startWebHost({
      rendererDir,
      port,
      token: newToken(),
      createHandlers: (emit) =>
        createAppHandlers({
          dataDir,
          emit,
          appInfo: {
            name: 'Serve Doctor',
            version: packageJson.version,
            platform: 'web',
            canPickFiles: false,
          },
        }),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      io.stderr(`serve-doctor ui: port ${port} is in use. Try --port 0 for any free port.\n`);
      return 1;
    }
    throw error;
  }
  io.stdout(`${host.url}\n`);
  io.stderr(
    `Serve Doctor UI on 127.0.0.1:${host.port} (Ctrl+C to stop). From another machine: ` +
      `ssh -L ${host.port}:127.0.0.1:${host.port} <this host>, then open the address above.\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await host.close();
  return 0;
};
