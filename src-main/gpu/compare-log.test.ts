import { describe, expect, it } from 'vitest';
import { compareLogGpu, gpuNamesMatch, logMemoryMatches } from './compare-log';
import type { GpuInfo, GpuReport } from './types';

const H100: GpuInfo = {
  index: 0,
  vendor: 'NVIDIA',
  name: 'NVIDIA H100 80GB HBM3',
  memoryTotalMiB: 81559,
  sources: ['nvidia-smi'],
};

function report(gpus: GpuInfo[], status: GpuReport['status'] = 'ok'): GpuReport {
  return { gpus, status, statusMessage: '', warnings: [], detectedAt: '', durationMs: 0 };
}

describe('compareLogGpu', () => {
  it('accepts the H100 log figure PyTorch prints (79.18 GiB) against nvidia-smi 81559 MiB', () => {
    expect(logMemoryMatches(79.18, 81559)).toBe(true);
    const result = compareLogGpu(
      { gpuName: 'NVIDIA H100 80GB HBM3', totalGpuMemoryGiB: 79.18 },
      report([H100]),
    );
    expect(result.sameMachine).toBe(true);
    expect(result.message).toMatch(/matches this machine's GPU 0/);
  });

  it('says the log came from another machine when its GPU differs', () => {
    const result = compareLogGpu(
      { gpuName: 'NVIDIA GeForce RTX 3090', totalGpuMemoryGiB: 23.69 },
      report([H100]),
    );
    expect(result.sameMachine).toBe(false);
    expect(result.message).toMatch(
      /another machine.*plans are made for the log's GPU \(NVIDIA GeForce RTX 3090 with 23.69 GiB\)/,
    );
  });

  it('says so when only the memory differs (an H100 with 93 GiB is an H100 NVL, not this card)', () => {
    const result = compareLogGpu({ totalGpuMemoryGiB: 93.1 }, report([H100]));
    expect(result.sameMachine).toBe(false);
    expect(result.message).toMatch(/93.1 GiB, but this machine has NVIDIA H100 80GB HBM3 \(79.6 GiB\)/);
  });

  it('matches short names from logs against full product names', () => {
    expect(gpuNamesMatch('H100', 'NVIDIA H100 80GB HBM3')).toBe(true);
    expect(gpuNamesMatch('RTX 3090', 'NVIDIA GeForce RTX 3090')).toBe(true);
    expect(gpuNamesMatch('RTX 3090 Ti', 'NVIDIA GeForce RTX 3090')).toBe(false);
    expect(gpuNamesMatch('A100', 'NVIDIA H100 80GB HBM3')).toBe(false);
    expect(gpuNamesMatch('NVIDIA', 'NVIDIA H100')).toBe(false);
    expect(gpuNamesMatch('A100 80GB PCIe', 'NVIDIA A100-SXM4-80GB')).toBe(true);
    expect(gpuNamesMatch('A100 40GB', 'NVIDIA A100-SXM4-80GB')).toBe(false);
    expect(gpuNamesMatch('L40', 'NVIDIA L40S')).toBe(false);
  });

  it('treats a machine without GPUs as another machine, and a failed detection as unknown', () => {
    expect(compareLogGpu({ gpuName: 'Tesla T4' }, report([], 'no-gpu')).sameMachine).toBe(false);
    expect(compareLogGpu({ gpuName: 'Tesla T4' }, report([], 'nvidia-smi-timeout'))).toMatchObject({
      sameMachine: 'unknown',
      message: expect.stringMatching(/could not be read \(nvidia-smi-timeout\)/),
    });
    expect(compareLogGpu({}, report([H100])).sameMachine).toBe('unknown');
  });

  it('ignores GPUs the user typed in: they are not this machine', () => {
    const typed: GpuInfo = { ...H100, sources: ['manual'] };
    expect(compareLogGpu({ gpuName: 'H100' }, report([typed], 'no-gpu')).sameMachine).toBe(false);
  });
});
