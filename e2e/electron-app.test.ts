/**
 * The desktop app's window through Playwright's `_electron`: it opens, the preload bridge is the
 * only thing exposed (no Node in the page), the handlers answer, and navigation is blocked.
 * Where the Electron binary is not installed (it cannot be downloaded on some build machines) or
 * there is no display, the test reports itself skipped with the reason.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { displayProblem, findElectronBinary } from './helpers/electron-binary';
import { ROOT } from './helpers/web-host';

const binary = findElectronBinary(ROOT);
const skipReason = binary.reason ?? displayProblem();
if (skipReason) console.warn(`[electron-app.test] skipped: ${skipReason}`);

describe('desktop window (Electron)', () => {
  it.skipIf(Boolean(skipReason))(
    `opens a secure window over the shared handlers${skipReason ? ` — skipped: ${skipReason}` : ''}`,
    async () => {
      execFileSync(
        process.execPath,
        [path.join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
        {
          cwd: ROOT,
          stdio: 'pipe',
        },
      );
      const userData = mkdtempSync(path.join(tmpdir(), 'serve-doctor-electron-'));
      const app = await electron.launch({
        executablePath: binary.path,
        args: [
          path.join(ROOT, 'out/e2e-electron/main/index.js'),
          `--user-data-dir=${userData}`,
          ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
        ],
        cwd: ROOT,
        env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' },
        timeout: 30_000,
      });
      try {
        const page = await app.firstWindow();
        await page.waitForSelector('[data-testid="drop-zone"] input[type="file"]');
        expect(await page.title()).toBe('Serve Doctor');
        const exposure = await page.evaluate(() => ({
          bridge: typeof window.serveDoctor,
          platform: window.serveDoctor?.platform,
          require: typeof (window as unknown as { require?: unknown }).require,
          process: typeof (window as unknown as { process?: unknown }).process,
        }));
        expect(exposure).toEqual({
          bridge: 'object',
          platform: 'electron',
          require: 'undefined',
          process: 'undefined',
        });
        const info = await page.evaluate(() => window.serveDoctor!.invoke('appInfo', {}));
        expect(info).toMatchObject({ ok: true, value: { platform: 'electron' } });
        const bad = await page.evaluate(() =>
          window.serveDoctor!.invoke('logLines', { logId: '../x', start: -1, count: 0 }),
        );
        expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
        await page.evaluate(() => {
          window.location.href = 'https://example.com/';
        });
        await page.waitForTimeout(300);
        expect(page.url()).toMatch(/^file:/);
        mkdirSync(path.join(ROOT, 'e2e/screenshots'), { recursive: true });
        await page.screenshot({ path: path.join(ROOT, 'e2e/screenshots/electron-window.png') });
      } finally {
        await app.close();
      }
    },
    120_000,
  );
});
