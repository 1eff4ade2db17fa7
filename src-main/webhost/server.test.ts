import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppHandlers } from '../ipc/create-handlers';
import type { CoreServices } from '../ipc/core-services';
import type { DiagnosisReport } from '../diagnosis/types';
import { startWebHost, type WebHost } from './server';
import { parseUiArgs } from './ui-command';

const report = (lines: number): DiagnosisReport => ({
  findings: [],
  facts: { engine: 'vllm', settings: {}, measurements: {} },
  errorLines: [],
  stats: { lines, bytes: 0, millis: 1 },
});

const fakeCore: CoreServices = {
  diagnoseText: (text) => report(text.split('\n').length),
  diagnoseBytes: async (bytes) => report(bytes.length),
  diagnoseFile: async () => report(0),
  decode: (bytes) => Buffer.from(bytes).toString('utf8'),
  detectGpus: async () => ({ gpus: [], status: 'no-gpu' }),
  refreshGpus: async () => ({ gpus: [], status: 'no-gpu' }),
  gpuCatalog: async () => [],
  searchModels: async () => [],
  loadModelFolder: async (folder) => ({ id: folder }),
  planLaunch: async () => {
    throw new Error('not used');
  },
  machineGpus: async () => ({
    gpus: [],
    status: 'no-gpu',
    statusMessage: '',
    warnings: [],
    detectedAt: '',
    durationMs: 0,
  }),
};

let host: WebHost;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'sd-webhost-'));
  const renderer = path.join(root, 'renderer');
  mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'secret.txt'), 'secret');
  host = await startWebHost({
    rendererDir: renderer,
    token: 'test-token-123',
    port: 0,
    createHandlers: (emit) =>
      createAppHandlers({
        dataDir: path.join(root, 'data'),
        emit,
        core: fakeCore,
        appInfo: { name: 'Serve Doctor', version: '0', platform: 'web', canPickFiles: false },
      }),
  });
});

afterAll(() => host.close());

const api = (
  channel: string,
  body: unknown,
  headers: Record<string, string> = { 'X-Serve-Doctor-Token': 'test-token-123' },
) =>
  fetch(`http://127.0.0.1:${host.port}/api/${channel}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });

describe('web host', () => {
  it('binds to 127.0.0.1 and prints a URL with the token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=test-token-123`);
  });

  it('answers 403 without the token, or with a wrong one', async () => {
    expect((await fetch(`http://127.0.0.1:${host.port}/`)).status).toBe(403);
    expect((await fetch(`http://127.0.0.1:${host.port}/?token=nope`)).status).toBe(403);
    expect((await fetch(`http://127.0.0.1:${host.port}/assets/app.js`)).status).toBe(403);
    expect((await api('appInfo', {}, {})).status).toBe(403);
    expect((await api('appInfo', {}, { 'X-Serve-Doctor-Token': 'test-token-12' })).status).toBe(403);
  });

  it('serves the UI with a CSP and an HttpOnly cookie for its assets', async () => {
    const page = await fetch(host.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'.*script-src 'self'/);
    const cookie = page.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const asset = await fetch(`http://127.0.0.1:${host.port}/assets/app.js`, {
      headers: { cookie: cookie.split(';')[0] },
    });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
  });

  it('never accepts the cookie alone for the API', async () => {
    const response = await api('appInfo', {}, { cookie: 'serve_doctor_token=test-token-123' });
    expect(response.status).toBe(403);
  });

  it('refuses foreign Host headers (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      request(
        {
          host: '127.0.0.1',
          port: host.port,
          path: '/?token=test-token-123',
          headers: { host: 'evil.example:80' },
        },
        (res) => resolve(res.statusCode ?? 0),
      ).end();
    });
    expect(status).toBe(403);
  });

  it('does not serve files outside the renderer folder', async () => {
    const response = await fetch(`http://127.0.0.1:${host.port}/..%2fsecret.txt?token=test-token-123`);
    expect(response.status).toBe(404);
  });

  it('validates input and reports unknown channels', async () => {
    expect((await api('logLines', { logId: 'a/b', start: 0, count: 1 })).status).toBe(400);
    expect((await api('nope', {})).status).toBe(404);
    const desktopOnly = await (await api('chooseLogFile', {})).json();
    expect(desktopOnly).toMatchObject({ ok: false, error: { code: 'not-available' } });
  });

  it('diagnoses an upload and pages its lines', async () => {
    const upload = await fetch(`http://127.0.0.1:${host.port}/api/upload?jobId=j1&name=vllm.log`, {
      method: 'POST',
      headers: { 'X-Serve-Doctor-Token': 'test-token-123' },
      body: 'one\r\ntwo\nthree',
    });
    const result = (await upload.json()) as {
      ok: true;
      value: { logId: string; lineCount: number; source: { name: string } };
    };
    expect(result.ok).toBe(true);
    expect(result.value.lineCount).toBe(3);
    expect(result.value.source.name).toBe('vllm.log');
    const lines = await (await api('logLines', { logId: result.value.logId, start: 1, count: 5 })).json();
    expect(lines).toEqual({ ok: true, value: { start: 1, lines: ['two', 'three'], lineCount: 3 } });
    const history = await (await api('historyList', {})).json();
    expect(history.value[0]).toMatchObject({ source: { kind: 'upload', name: 'vllm.log' } });
  });
});

describe('parseUiArgs', () => {
  it('reads --port N and --port=N', () => {
    expect(parseUiArgs(['--port', '0'])).toEqual({ port: 0 });
    expect(parseUiArgs(['--port=9000'])).toEqual({ port: 9000 });
    expect(() => parseUiArgs(['--port', 'x'])).toThrow(/port/);
    expect(() => parseUiArgs(['--host', '0.0.0.0'])).toThrow(/unknown option/);
  });
});
