import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GpuReport } from '../gpu';
import { fakeNvidiaSmi } from '../../test/helpers/fake-nvidia-smi';
import { createAppHandlers } from './create-handlers';
import { createCoreServices, type CoreServices } from './core-services';
import { dispatch } from './dispatch';
import { logGpuFacts } from './machine-comparison';

const h100: GpuReport = {
  gpus: [
    {
      index: 0,
      vendor: 'NVIDIA',
      name: 'NVIDIA H100 80GB HBM3',
      memoryTotalMiB: 81559,
      sources: ['nvidia-smi'],
    },
    {
      index: 1,
      vendor: 'NVIDIA',
      name: 'NVIDIA H100 80GB HBM3',
      memoryTotalMiB: 81559,
      sources: ['nvidia-smi'],
    },
  ],
  status: 'ok',
  statusMessage: '',
  warnings: [],
  detectedAt: '2025-01-01T00:00:00Z',
  durationMs: 1,
};
const unreadable: GpuReport = { ...h100, gpus: [], status: 'nvidia-smi-timeout' };

function handlersOver(report: GpuReport, calls = { count: 0 }) {
  const core: CoreServices = {
    ...createCoreServices({ PATH: '' }),
    machineGpus: async () => {
      calls.count += 1;
      return report;
    },
  };
  return createAppHandlers({
    dataDir: mkdtempSync(path.join(tmpdir(), 'sd-machine-')),
    emit: () => undefined,
    appInfo: { name: 'Serve Doctor', version: '0', platform: 'web', canPickFiles: false },
    core,
  });
}

describe('logGpuFacts', () => {
  it('reads the measurements first, then the findings, and ignores unusable values', () => {
    expect(
      logGpuFacts({
        measurements: { total_gpu_memory_gib: 22.05 },
        findingFacts: [{ gpu_name: 'Tesla T4' }],
      }),
    ).toEqual({ gpuName: 'Tesla T4', totalGpuMemoryGiB: 22.05 });
    expect(logGpuFacts({ measurements: {}, findingFacts: [{ total_gib: 139.72 }] })).toEqual({
      totalGpuMemoryGiB: 139.72,
    });
    expect(
      logGpuFacts({ measurements: { gpu_name: ' ', total_gpu_memory_gib: -1 }, findingFacts: [{}] }),
    ).toEqual({});
  });
});

describe('compareLogWithMachine channel', () => {
  it('says "same machine" when the log matches a GPU here, with nothing to plan for', async () => {
    const result = await dispatch(handlersOver(h100), 'compareLogWithMachine', {
      measurements: { total_gpu_memory_gib: 79.18 },
      findingFacts: [],
    });
    expect(result).toMatchObject({ ok: true, value: { sameMachine: true } });
    expect((result as { value: { planFor?: unknown } }).value.planFor).toBeUndefined();
  });

  it('says "another machine" for an L4 log on an H100 machine and plans for the log memory', async () => {
    const result = await dispatch(handlersOver(h100), 'compareLogWithMachine', {
      measurements: { total_gpu_memory_gib: 22.05 },
      findingFacts: [{ total_gib: 22.05 }],
    });
    expect(result).toMatchObject({
      ok: true,
      value: {
        sameMachine: false,
        log: { memoryGiB: 22.05 },
        here: [{ name: 'NVIDIA H100 80GB HBM3', memoryGiB: 79.6, count: 2 }],
        planFor: { memoryGiB: 22.05, catalog: false },
      },
    });
  });

  it('plans for the catalog GPU the log names', async () => {
    const result = await dispatch(handlersOver(h100), 'compareLogWithMachine', {
      measurements: { gpu_name: 'Tesla T4' },
    });
    expect(result).toMatchObject({ ok: true, value: { sameMachine: false, planFor: { catalog: true } } });
    const planFor = (result as { value: { planFor: { gpuName: string; memoryGiB: number } } }).value.planFor;
    expect(planFor.gpuName).toMatch(/T4/);
    expect(planFor.memoryGiB).toBeGreaterThan(10);
  });

  it('says "unknown" when the log names no GPU or this machine cannot be read', async () => {
    const calls = { count: 0 };
    expect(await dispatch(handlersOver(h100, calls), 'compareLogWithMachine', {})).toMatchObject({
      ok: true,
      value: { sameMachine: 'unknown', here: [{ count: 2 }] },
    });
    expect(calls.count).toBe(1);
    expect(
      await dispatch(handlersOver(unreadable), 'compareLogWithMachine', {
        measurements: { total_gpu_memory_gib: 22.05 },
      }),
    ).toMatchObject({ ok: true, value: { sameMachine: 'unknown', here: [] } });
  });

  it('validates its input', async () => {
    const handlers = handlersOver(h100);
    expect(
      await dispatch(handlers, 'compareLogWithMachine', { measurements: { total_gpu_memory_gib: [1] } }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(
      await dispatch(handlers, 'compareLogWithMachine', { measurements: {}, findingFacts: 'x' }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('detects this machine once over the stand-in nvidia-smi and reuses the report', async () => {
    const gpu = fakeNvidiaSmi('nvidia-h100-idle');
    const core = createCoreServices(gpu.env);
    const [first, second] = await Promise.all([core.machineGpus(), core.machineGpus()]);
    expect(first).toBe(second);
    expect(first.gpus[0]?.name).toContain('H100');
    expect(await core.machineGpus()).toBe(first);
  }, 15_000);
});
