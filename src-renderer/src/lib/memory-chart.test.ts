import { describe, expect, it } from 'vitest';
import { memorySegments } from './memory-chart';

const base = {
  totalGiB: 80,
  budgetGiB: 72,
  weightsGiB: 16,
  activationGiB: 2,
  nonTorchGiB: 1,
  cudaGraphGiB: 1,
  kvCacheGiB: 50,
};

describe('memorySegments', () => {
  it('adds headroom up to the GPU total', () => {
    const { segments, overflowGiB } = memorySegments(base);
    expect(segments.map((s) => s.key)).toEqual([
      'weights',
      'activation',
      'nonTorch',
      'cudaGraph',
      'kvCache',
      'headroom',
    ]);
    expect(segments.at(-1)!.gib).toBe(10);
    expect(segments.reduce((t, s) => t + s.fraction, 0)).toBeCloseTo(1);
    expect(overflowGiB).toBe(0);
  });

  it('reports overflow when the parts do not fit', () => {
    const { segments, overflowGiB } = memorySegments({ ...base, weightsGiB: 140, kvCacheGiB: 0 });
    expect(overflowGiB).toBe(64);
    expect(segments.some((s) => s.key === 'headroom')).toBe(false);
    expect(segments.reduce((t, s) => t + s.fraction, 0)).toBeCloseTo(1);
  });
});
