/** Finds Debian's Chromium (never downloads a browser) and launches it headless. */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM_PATH && existsSync(env.CHROMIUM_PATH)) return env.CHROMIUM_PATH;
  return CANDIDATES.find((path) => existsSync(path));
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) {
    // Fail loudly: a browser suite that silently passes without a browser proves nothing.
    throw new Error(
      'No Chromium found (looked for CHROMIUM_PATH, /usr/bin/chromium, …). Install Debian’s: ' +
        'apt-get update && apt-get install -y chromium',
    );
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}
