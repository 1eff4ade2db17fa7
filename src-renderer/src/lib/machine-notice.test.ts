import { describe, expect, it } from 'vitest';
import type { MachineComparisonView } from '../../../src-main/ipc/contract';
import { describeLogGpu, describeMachineGpus, plannedGpu } from './machine-notice';

const other: MachineComparisonView = {
  sameMachine: false,
  message: '',
  log: { memoryGiB: 22.05 },
  here: [{ name: 'NVIDIA H100 80GB HBM3', memoryGiB: 79.6, count: 2 }],
  planFor: { memoryGiB: 22.05, catalog: false },
};

describe('machine notice', () => {
  it('describes the log GPU and this machine GPUs', () => {
    expect(describeLogGpu({ gpuName: 'Tesla T4' })).toBe('Tesla T4');
    expect(describeLogGpu({ gpuName: 'NVIDIA L4', memoryGiB: 22.05 })).toBe('NVIDIA L4, 22.05 GiB');
    expect(describeMachineGpus(other.here)).toBe('2 × NVIDIA H100 80GB HBM3 (79.6 GiB)');
    expect(describeMachineGpus([{ name: 'Apple M2', count: 1 }])).toBe('Apple M2');
    expect(describeMachineGpus([])).toBe('');
  });

  it('names the planned GPU only when the log came from another machine', () => {
    expect(plannedGpu(other)).toBe('22.05 GiB');
    expect(plannedGpu({ ...other, sameMachine: true })).toBeUndefined();
    expect(plannedGpu({ ...other, sameMachine: 'unknown' })).toBeUndefined();
    expect(plannedGpu(null)).toBeUndefined();
  });
});
