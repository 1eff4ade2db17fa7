import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where the built renderer lives: next to the CLI bundle (out/cli → out/renderer) or in the repo. */
export function findRendererDir(env: NodeJS.ProcessEnv, here: string | undefined): string | undefined {
  const candidates = [
    env.SERVE_DOCTOR_RENDERER_DIR,
    here && path.resolve(here, '../renderer'),
    here && path.resolve(here, '../../out/renderer'),
    path.resolve(process.cwd(), 'out/renderer'),
  ];
  return candidates.find(
    (dir): dir is string => Boolean(dir) && existsSync(path.join(dir as string, 'index.html')),
  );
}

/** The folder for history and settings of the web host (the desktop app uses Electron's userData). */
export function defaultDataDir(env: NodeJS.ProcessEnv): string {
  if (env.SERVE_DOCTOR_DATA_DIR) return env.SERVE_DOCTOR_DATA_DIR;
  const home = os.homedir();
  if (process.platform === 'win32')
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'serve-doctor');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'serve-doctor');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'serve-doctor');
}
