/**
 * Where the Electron binary is, without triggering the electron package's download-on-require
 * (require('electron') tries to fetch the binary when it is missing).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function findElectronBinary(
  root: string,
  env: NodeJS.ProcessEnv = process.env,
): { path?: string; reason?: string } {
  if (env.SERVE_DOCTOR_ELECTRON && existsSync(env.SERVE_DOCTOR_ELECTRON))
    return { path: env.SERVE_DOCTOR_ELECTRON };
  const pkg = path.join(root, 'node_modules', 'electron');
  if (!existsSync(pkg)) return { reason: 'the electron package is not installed' };
  const pathFile = path.join(pkg, 'path.txt');
  if (!existsSync(pathFile)) {
    return { reason: 'the Electron binary was never downloaded (node_modules/electron/path.txt is missing)' };
  }
  const relative = readFileSync(pathFile, 'utf8').trim();
  const dist = env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(pkg, 'dist');
  const binary = path.join(dist, relative);
  if (!existsSync(binary)) return { reason: `the Electron binary is missing at ${binary}` };
  return { path: binary };
}

/** Electron on Linux needs a display server (run under xvfb-run where there is none). */
export function displayProblem(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (process.platform !== 'linux') return undefined;
  return env.DISPLAY || env.WAYLAND_DISPLAY
    ? undefined
    : 'no DISPLAY: run under xvfb-run to test the Electron window';
}
