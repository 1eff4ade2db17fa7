import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HistoryStore } from '../app/history-store';
import { isAllowedDocUrl } from '../app/links';
import { fitToDisplays } from '../app/window-state';
import type { DiagnosisReport } from '../diagnosis/types';
import { CHANNEL_NAMES } from './channels';
import { inputSchemas, type AppEvent } from './contract';
import { dispatch } from './dispatch';
import { createAppHandlers } from './create-handlers';
import { createCoreServices } from './core-services';
import { indexLines, LogStore } from './log-store';

const report: DiagnosisReport = {
  findings: [
    {
      id: 'kv-cache-insufficient',
      title: 'KV',
      titleZh: 'KV',
      confidence: 0.9,
      evidence: [],
      facts: {},
      fixes: [],
      docs: [],
    },
  ],
  facts: { engine: 'vllm', settings: {}, measurements: {} },
  errorLines: [],
  stats: { lines: 1, bytes: 1, millis: 1 },
};

describe('contract', () => {
  it('has a schema for every channel', () => {
    expect(Object.keys(inputSchemas).sort()).toEqual([...CHANNEL_NAMES].sort());
  });
});

describe('dispatch', () => {
  const handlers = createAppHandlers({
    dataDir: mkdtempSync(path.join(tmpdir(), 'sd-ipc-')),
    emit: () => undefined,
    appInfo: { name: 'Serve Doctor', version: '0', platform: 'web', canPickFiles: false },
  });

  it('rejects unknown channels and invalid input with codes', async () => {
    expect(await dispatch(handlers, 'eval', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown-channel' },
    });
    expect(await dispatch(handlers, 'historyGet', { id: '../../etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(await dispatch(handlers, 'settingsSet', { language: 'fr' })).toMatchObject({ ok: false });
    expect(await dispatch(handlers, 'diagnoseText', { jobId: 'a b', text: 'x' })).toMatchObject({
      ok: false,
    });
  });

  it('runs valid requests and keeps settings', async () => {
    expect(await dispatch(handlers, 'settingsSet', { language: 'zh-CN' })).toMatchObject({
      ok: true,
      value: { language: 'zh-CN', keepSensitive: false },
    });
    expect(await dispatch(handlers, 'settingsGet', undefined)).toMatchObject({
      ok: true,
      value: { language: 'zh-CN' },
    });
  });

  it('diagnoses pasted text with the real engine and reopens it from the history', async () => {
    const text = 'INFO starting\nValueError: something\n';
    const first = await dispatch(handlers, 'diagnoseText', { jobId: 'j1', text });
    expect(first.ok).toBe(true);
    const value = (first as { value: { historyId: string; lineCount: number } }).value;
    expect(value.lineCount).toBe(3);
    const again = await dispatch(handlers, 'historyGet', { id: value.historyId });
    expect(again).toMatchObject({ ok: true, value: { lineCount: 3, source: { kind: 'paste' } } });
  });
});

describe('diagnoseFile (desktop)', () => {
  it('streams a real log through the engine with progress, and pages its lines', async () => {
    const events: AppEvent[] = [];
    const handlers = createAppHandlers({
      dataDir: mkdtempSync(path.join(tmpdir(), 'sd-ipc-')),
      emit: (event) => events.push(event),
      appInfo: { name: 'Serve Doctor', version: '0', platform: 'electron', canPickFiles: true },
      desktop: {
        chooseLogFile: async () => null,
        chooseModelFolder: async () => null,
        saveTextFile: async () => null,
        openExternal: async () => false,
      },
    });
    const file = path.resolve(__dirname, '../../test/fixtures/corpus/dev/v0-kv-llama31-8b-3090-29k.log');
    const result = await dispatch(handlers, 'diagnoseFile', { jobId: 'f1', path: file });
    expect(result.ok).toBe(true);
    const value = (result as { value: { logId: string; lineCount: number; report: DiagnosisReport } }).value;
    expect(value.report.findings[0]?.id).toBe('kv-cache-insufficient');
    expect(events.some((e) => e.type === 'progress' && e.jobId === 'f1')).toBe(true);
    const lines = await dispatch(handlers, 'logLines', { logId: value.logId, start: 0, count: 2 });
    expect(lines).toMatchObject({ ok: true, value: { lineCount: value.lineCount } });
    const missing = await dispatch(handlers, 'diagnoseFile', { jobId: 'f2', path: '/no/such/file.log' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});

describe('cancel', () => {
  it('stops a file that is being read', async () => {
    const handlers = createAppHandlers({
      dataDir: mkdtempSync(path.join(tmpdir(), 'sd-ipc-')),
      emit: () => undefined,
      appInfo: { name: 'Serve Doctor', version: '0', platform: 'electron', canPickFiles: true },
      desktop: {
        chooseLogFile: async () => null,
        chooseModelFolder: async () => null,
        saveTextFile: async () => null,
        openExternal: async () => false,
      },
    });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sd-big-')), 'big.log');
    writeFileSync(file, 'INFO 01-01 00:00:00 worker.py:1] loading weights shard\n'.repeat(400_000));
    const running = dispatch(handlers, 'diagnoseFile', { jobId: 'big', path: file });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await dispatch(handlers, 'cancel', { jobId: 'big' })).toMatchObject({
      ok: true,
      value: { cancelled: true },
    });
    expect(await running).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });
});

describe('log store', () => {
  it('splits lines like the engine (CRLF, CR, LF)', async () => {
    const { starts } = indexLines('a\r\nb\rc\nd');
    expect(starts.length).toBe(4);
    const store = new LogStore(2);
    const { logId, lineCount } = store.add('a\r\nb\rc\nd');
    expect(lineCount).toBe(4);
    expect((await store.lines(logId, 0, 10))?.lines).toEqual(['a', 'b', 'c', 'd']);
    expect((await store.lines(logId, 3, 10))?.lines).toEqual(['d']);
  });

  it('indexes a million lines quickly and forgets old logs', async () => {
    const text = 'INFO line\n'.repeat(1_000_000);
    const started = performance.now();
    const store = new LogStore(1);
    const { logId, lineCount } = store.add(text);
    expect(lineCount).toBe(1_000_001);
    expect(performance.now() - started).toBeLessThan(2000);
    expect((await store.lines(logId, 999_999, 5))?.lines).toEqual(['INFO line', '']);
    store.add('other');
    expect(store.has(logId)).toBe(false);
  });
});

describe('file-backed log', () => {
  it('indexes a file by byte offsets and reads windows of lines, CRLF across chunks included', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sd-log-')), 'big.log');
    const text = 'first\r\n' + 'é line\n'.repeat(10) + 'cr only\rlast';
    writeFileSync(file, text);
    const store = new LogStore();
    const { logId, lineCount } = await store.addFile(file);
    expect(lineCount).toBe(indexLines(text).starts.length);
    expect((await store.lines(logId, 0, 2))?.lines).toEqual(['first', 'é line']);
    expect((await store.lines(logId, 11, 5))?.lines).toEqual(['cr only', 'last']);
  });
});

describe('history store', () => {
  it('adds, lists newest first, deletes, and survives a corrupt index', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sd-history-'));
    const store = new HistoryStore(dir);
    const a = await store.add({ kind: 'paste', name: 'a', bytes: 1 }, report, 'log a');
    const b = await store.add({ kind: 'file', name: 'b.log', path: '/x/b.log', bytes: 2 }, report);
    expect((await store.list()).map((e) => e.id)).toEqual([b.id, a.id]);
    expect(await store.readLogCopy(a.id)).toBe('log a');
    expect((await store.get(b.id))?.summary.top?.id).toBe('kv-cache-insufficient');
    expect(await store.delete(a.id)).toBe(true);
    expect(await store.readLogCopy(a.id)).toBeUndefined();
    expect((await store.list()).map((e) => e.id)).toEqual([b.id]);
    // No temporary files are left behind.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    writeFileSync(path.join(dir, 'index.json'), '{"trunc');
    expect(await store.list()).toEqual([]);
    expect(JSON.parse(readFileSync(path.join(dir, 'records', `${b.id}.json`), 'utf8')).summary.id).toBe(b.id);
  });

  it('serialises concurrent writes', async () => {
    const store = new HistoryStore(mkdtempSync(path.join(tmpdir(), 'sd-history-')));
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.add({ kind: 'paste', name: `p${i}`, bytes: 1 }, report, 'x'),
      ),
    );
    expect((await store.list()).length).toBe(10);
  });
});

describe('documentation links', () => {
  it('allows only the documentation sites', () => {
    expect(isAllowedDocUrl('https://docs.vllm.ai/en/latest/')).toBe(true);
    expect(isAllowedDocUrl('https://inference.readthedocs.io/zh-cn/latest/')).toBe(true);
    expect(isAllowedDocUrl('https://github.com/vllm-project/vllm/issues/1')).toBe(true);
    expect(isAllowedDocUrl('https://github.com/xorbitsai/inference')).toBe(true);
    expect(isAllowedDocUrl('https://pytorch.org/docs/stable/notes/cuda.html')).toBe(true);
    expect(isAllowedDocUrl('https://github.com/evil/repo')).toBe(false);
    expect(isAllowedDocUrl('http://docs.vllm.ai/')).toBe(false);
    expect(isAllowedDocUrl('https://docs.vllm.ai.evil.com/')).toBe(false);
    expect(isAllowedDocUrl('https://user@docs.vllm.ai/')).toBe(false);
    expect(isAllowedDocUrl('file:///etc/passwd')).toBe(false);
    expect(isAllowedDocUrl('javascript:alert(1)')).toBe(false);
  });
});

describe('window state', () => {
  it('drops a position that is no longer on any display', () => {
    const state = { x: 3000, y: 100, width: 1200, height: 800, maximized: false };
    expect(fitToDisplays(state, [{ x: 0, y: 0, width: 1920, height: 1080 }])).toEqual({
      width: 1200,
      height: 800,
      maximized: false,
    });
    expect(fitToDisplays({ ...state, x: 100 }, [{ x: 0, y: 0, width: 1920, height: 1080 }])).toEqual({
      ...state,
      x: 100,
    });
  });
});

describe('core services: planner and GPU adapters', () => {
  const core = createCoreServices({ PATH: '' });

  it('plans a catalog model that fits, with commands per target and a breakdown per GPU', async () => {
    const [model] = await core.searchModels('llama 3.1 8b');
    expect(model?.id).toBeTruthy();
    const plan = await core.planLaunch({
      engine: 'vllm',
      model: model.id,
      hardware: { gpuName: 'NVIDIA H100 80GB HBM3', memoryGiB: 79.2, count: 2, usedGiB: [] },
      needs: { maxModelLen: 8192, concurrency: 4 },
      settings: {},
    });
    expect(plan).toMatchObject({ available: true, fits: true });
    expect(plan.perGpu).toHaveLength(2);
    expect(plan.commands['vllm-cli']).toContain('vllm serve');
    expect(Object.keys(plan.commands)).toEqual(
      expect.arrayContaining(['vllm-python', 'xinference-cli', 'docker']),
    );
  });

  it('says clearly when a model does not fit, with alternatives', async () => {
    const [model] = await core.searchModels('llama 3.1 70b');
    const plan = await core.planLaunch({
      engine: 'vllm',
      model: model.id,
      hardware: { gpuName: 'NVIDIA GeForce RTX 3090', memoryGiB: 23.6, count: 1, usedGiB: [] },
      needs: { maxModelLen: 32768, concurrency: 8 },
      settings: {},
    });
    expect(plan.fits).toBe(false);
    expect(plan.warnings.length + plan.alternatives.length + plan.recommendations.length).toBeGreaterThan(0);
  });

  it('rejects an unknown model with a code', async () => {
    await expect(
      core.planLaunch({
        engine: 'vllm',
        model: 'no-such-model-xyz',
        hardware: { gpuName: 'x', memoryGiB: 24, count: 1, usedGiB: [] },
        needs: { maxModelLen: 1024, concurrency: 1 },
        settings: {},
      }),
    ).rejects.toMatchObject({ code: 'unknown-model' });
  });

  it('reads a model folder (config.json) and plans for it', async () => {
    const folder = path.join(mkdtempSync(path.join(tmpdir(), 'sd-model-')), 'Tiny-Llama-Test');
    mkdirSync(folder);
    writeFileSync(
      path.join(folder, 'config.json'),
      JSON.stringify({
        architectures: ['LlamaForCausalLM'],
        model_type: 'llama',
        hidden_size: 2048,
        intermediate_size: 5632,
        num_hidden_layers: 22,
        num_attention_heads: 32,
        num_key_value_heads: 4,
        vocab_size: 32000,
        max_position_embeddings: 2048,
        torch_dtype: 'float16',
        tie_word_embeddings: false,
      }),
    );
    const model = await core.loadModelFolder(folder);
    expect(model).toMatchObject({ path: folder, contextLength: 2048 });
    const plan = await core.planLaunch({
      engine: 'xinference',
      modelPath: folder,
      hardware: { gpuName: 'T4', memoryGiB: 14.6, count: 1, usedGiB: [] },
      needs: { maxModelLen: 2048, concurrency: 2 },
      settings: {},
    });
    expect(plan.fits).toBe(true);
    await expect(core.loadModelFolder(path.join(folder, 'missing'))).rejects.toMatchObject({
      code: 'model-unreadable',
    });
  });

  it('reports no GPU when nvidia-smi is absent', async () => {
    const report = await core.detectGpus();
    expect(Array.isArray(report.gpus)).toBe(true);
    expect(typeof report.status).toBe('string');
  });
});
