import { describe, expect, it } from 'vitest';
import { parseManualGpuEntry } from './manual-entry';

describe('parseManualGpuEntry', () => {
  it('reads counts, names and memory in the ways people write them', () => {
    const { gpus, problems } = parseManualGpuEntry(
      '2x A100 80GB\nRTX 4090, 24 GB; L40S 46068 MiB x2 + MI300X 192GB',
    );
    expect(problems).toEqual([]);
    expect(gpus.map((g) => [g.vendor, g.index, g.name, g.memoryTotalMiB, g.computeCapability])).toEqual([
      ['NVIDIA', 0, 'A100', 81920, '8.0'],
      ['NVIDIA', 1, 'A100', 81920, '8.0'],
      ['NVIDIA', 2, 'RTX 4090', 24576, '8.9'],
      ['NVIDIA', 3, 'L40S', 46068, '8.9'],
      ['NVIDIA', 4, 'L40S', 46068, '8.9'],
      ['AMD', 0, 'MI300X', 196608, undefined],
    ]);
    expect(gpus[0].sources).toEqual(['manual', 'name-table']);
    expect(gpus[0].fieldSources?.memoryTotalMiB).toBe('manual');
  });

  it('keeps memory that is part of the product name in the name', () => {
    const { gpus } = parseManualGpuEntry('NVIDIA H100 80GB HBM3');
    expect(gpus[0]).toMatchObject({
      name: 'NVIDIA H100 80GB HBM3',
      memoryTotalMiB: 81920,
      computeCapability: '9.0',
    });
  });

  it('explains what is missing instead of guessing', () => {
    expect(parseManualGpuEntry('RTX 4090').problems[0]).toMatch(/how much memory/);
    expect(parseManualGpuEntry('24GB').problems[0]).toMatch(/which GPU/);
    expect(parseManualGpuEntry('100x A100 80GB').problems[0]).toMatch(/between 1 and 64/);
    expect(parseManualGpuEntry('   ').problems[0]).toMatch(/at least one GPU/);
  });
});
