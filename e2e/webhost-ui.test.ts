/**
 * The UI in Debian's Chromium against `serve-doctor ui` (the same renderer and handlers as the
 * desktop app): token check, a real log from the dev corpus, the GPU view over the stand-in
 * nvidia-smi, the guided setup, and Chinese. Screenshots of each view go to e2e/screenshots/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeNvidiaSmi } from '../test/helpers/fake-nvidia-smi';
import { launchChromium } from './helpers/chromium';
import { buildForWebHost, ROOT, startUi, type RunningHost } from './helpers/web-host';

const CORPUS = path.join(ROOT, 'test/fixtures/corpus/dev');
const SHOTS = path.join(ROOT, 'e2e/screenshots');

function expectedFirst(file: string): string {
  for (const line of readFileSync(path.join(CORPUS, 'labels.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const label = JSON.parse(line) as { file: string; expected: string[] };
    if (label.file === file) return label.expected[0];
  }
  throw new Error(`${file} is not labelled`);
}

let host: RunningHost;
let browser: Browser;
let page: Page;

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  buildForWebHost();
  const gpu = fakeNvidiaSmi('nvidia-h100-busy');
  host = await startUi({
    ...gpu.env,
    PATH: `${gpu.env.PATH}${path.delimiter}${process.env.PATH ?? ''}`,
  });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'en-US' });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('serve-doctor ui', () => {
  it('refuses requests without the token', async () => {
    const noToken = await fetch(`${host.origin}/`);
    expect(noToken.status).toBe(403);
    const wrongToken = await fetch(`${host.origin}/?token=${'x'.repeat(host.token.length)}`);
    expect(wrongToken.status).toBe(403);
    const apiNoToken = await fetch(`${host.origin}/api/appInfo`, { method: 'POST', body: '{}' });
    expect(apiNoToken.status).toBe(403);
    const assetNoToken = await fetch(`${host.origin}/assets/`);
    expect(assetNoToken.status).toBe(403);
    const ok = await fetch(host.url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("default-src 'none'");
    const api = await fetch(`${host.origin}/api/appInfo`, {
      method: 'POST',
      headers: { 'X-Serve-Doctor-Token': host.token },
      body: '{}',
    });
    expect(await api.json()).toMatchObject({ ok: true, value: { platform: 'web' } });
    const invalid = await fetch(`${host.origin}/api/logLines`, {
      method: 'POST',
      headers: { 'X-Serve-Doctor-Token': host.token },
      body: JSON.stringify({ logId: '../etc', start: -1, count: 1 }),
    });
    expect(invalid.status).toBe(400);
  });

  it('diagnoses a real log chosen in the drop zone, with a corrected command and the evidence in the log', async () => {
    const file = 'v0-kv-llama31-8b-3090-29k.log';
    await page.goto(host.url);
    await expect(page.title()).resolves.toBe('Serve Doctor');
    await shot('01-start');
    await page.setInputFiles('[data-testid="drop-zone"] input[type="file"]', path.join(CORPUS, file));
    const first = page.locator('[data-diagnosis-id]').first();
    await first.waitFor();
    expect(await first.getAttribute('data-diagnosis-id')).toBe(expectedFirst(file));
    const command = first.locator('[data-testid="command"]').first();
    await expect(command.textContent()).resolves.toMatch(/max[-_]model[-_]len/);
    // Jump to the first evidence line: it is rendered and highlighted in the virtualised log.
    const evidence = first.locator('.evidence .line').first();
    const line = await evidence.textContent();
    await evidence.click();
    const row = page.locator(`[data-testid="log-viewer"] .row[data-line="${line}"]`);
    await row.waitFor();
    expect(await row.getAttribute('class')).toMatch(/\bhl\b/);
    await shot('02-diagnosis');

    // The report exports as Markdown, redacted by default.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download Markdown' }).click(),
    ]);
    const markdown = readFileSync((await download.path())!, 'utf8');
    expect(markdown).toContain('## Root cause: ');
    expect(markdown).toContain(expectedFirst(file));

    // A fix opens the guided setup pre-filled.
    await first.getByRole('button', { name: 'Plan these settings in Guided setup' }).first().click();
    await page.getByText('Pre-filled from the diagnosis.').waitFor();
    expect(await page.locator('.steps [aria-current="step"]').textContent()).toContain('Model');
  });

  it('says when a log came from another machine and plans for its GPU', async () => {
    // An L4 log (22.05 GiB) on the stand-in H100 machine.
    await page.goto(host.url);
    await page.setInputFiles(
      '[data-testid="drop-zone"] input[type="file"]',
      path.join(CORPUS, 'freemem-ci-ansi-l4-responses-test.log'),
    );
    const notice = page.locator('[data-testid="other-machine"]');
    await notice.waitFor({ timeout: 15_000 });
    const text = await notice.textContent();
    expect(text).toContain('This log came from another machine');
    expect(text).toContain('22.05 GiB');
    expect(text).toContain('H100');

    // A Tesla T4 log: its fix plans for the catalog T4, not the H100s here.
    await page.getByRole('button', { name: 'Diagnose another log' }).click();
    await page.setInputFiles(
      '[data-testid="drop-zone"] input[type="file"]',
      path.join(CORPUS, 'bf16-t4-openchat-server.log'),
    );
    await expect(notice.textContent()).resolves.toContain('Tesla T4');
    await page.getByRole('button', { name: 'Plan these settings in Guided setup' }).first().click();
    await expect(page.locator('[data-testid="prefilled-log-gpu"]').textContent()).resolves.toContain('T4');
  });

  it('diagnoses a log dropped onto the window', async () => {
    const file = 'freemem-h200-mixtral-fp8-gmu09.log';
    await page.goto(host.url);
    const text = readFileSync(path.join(CORPUS, file), 'utf8');
    await page.evaluate(
      ({ name, content }) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([content], name, { type: 'text/plain' }));
        const zone = document.querySelector('[data-testid="drop-zone"]')!;
        zone.dispatchEvent(
          new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
        );
      },
      { name: file, content: text },
    );
    const first = page.locator('[data-diagnosis-id]').first();
    await first.waitFor();
    expect(await first.getAttribute('data-diagnosis-id')).toBe(expectedFirst(file));
  });

  it('shows the GPUs from nvidia-smi with memory bars and processes', async () => {
    await page.click('[data-view="gpus"]');
    const card = page.locator('[data-testid="gpu-card"]').first();
    await card.waitFor({ timeout: 15_000 });
    await expect(card.locator('h3').textContent()).resolves.toContain('H100');
    expect(await card.locator('[role="meter"]').getAttribute('aria-valuenow')).not.toBe('0');
    await expect(card.locator('table.procs tbody tr').count()).resolves.toBeGreaterThan(0);
    await shot('03-gpus');
  });

  it('walks the guided setup to a plan with a memory chart and commands', async () => {
    await page.click('[data-view="wizard"]');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.fill('[data-testid="model-search"]', 'llama 3.1 8b');
    await page.locator('[role="option"]').first().click();
    await page.locator('[data-testid="chosen-model"]').waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Or choose').check();
    await page.fill('[data-testid="gpu-name"]', 'NVIDIA GeForce RTX 3090');
    await page.fill('[data-testid="gpu-memory"]', '23.6');
    await page.fill('[data-testid="gpu-count"]', '1');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.fill('[data-testid="max-model-len"]', '16384');
    await page.fill('[data-testid="concurrency"]', '4');
    await page.click('[data-testid="make-plan"]');
    const verdict = page.locator('[data-testid="plan-verdict"]');
    await verdict.waitFor();
    expect(['true', 'false']).toContain(await verdict.getAttribute('data-fits'));
    await page.locator('[data-testid="memory-chart"] .seg').first().waitFor();
    await expect(page.locator('[data-testid="command"]').first().textContent()).resolves.toContain(
      'vllm serve',
    );
    await shot('04-wizard');
  });

  it('switches to Chinese at once', async () => {
    await page.selectOption('[data-testid="language"]', 'zh-CN');
    await expect(page.locator('[data-view="diagnose"]').textContent()).resolves.toBe('诊断');
    await page.click('[data-view="diagnose"]');
    const title = page.locator('[data-diagnosis-id] h3').first();
    await title.waitFor();
    expect(await title.textContent()).toMatch(/[\u4e00-\u9fff]/);
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('zh-CN');
    await shot('05-chinese');
    await page.click('[data-view="history"]');
    await page.locator('[data-testid="history-entry"]').first().waitFor();
    await shot('06-history');
    await page.selectOption('[data-testid="language"]', 'en');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.click('[data-view="diagnose"]');
    await page.locator('[data-diagnosis-id]').first().waitFor();
    await shot('07-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
