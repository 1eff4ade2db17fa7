/** Words for the "this log came from another machine" notice (pure, unit-tested). */
import type { MachineComparisonView, MachineGpuGroup } from '../../../src-main/ipc/contract';

/** The log's GPU as the log shows it: "Tesla T4", "22.05 GiB", or "NVIDIA L4, 22.05 GiB". */
export function describeLogGpu(log: MachineComparisonView['log']): string {
  return [log.gpuName, log.memoryGiB !== undefined ? `${log.memoryGiB} GiB` : undefined]
    .filter(Boolean)
    .join(', ');
}

/** This machine's GPUs: "2 × NVIDIA H100 80GB HBM3 (79.6 GiB)"; empty when none were found. */
export function describeMachineGpus(groups: MachineGpuGroup[]): string {
  return groups
    .map((group) => {
      const memory = group.memoryGiB !== undefined ? ` (${group.memoryGiB} GiB)` : '';
      return `${group.count > 1 ? `${group.count} × ` : ''}${group.name}${memory}`;
    })
    .join(', ');
}

/** The GPU plans are made for when the log came from another machine, or undefined otherwise. */
export function plannedGpu(comparison: MachineComparisonView | null | undefined): string | undefined {
  if (comparison?.sameMachine !== false || !comparison.planFor) return undefined;
  return describeLogGpu({ gpuName: comparison.planFor.gpuName, memoryGiB: comparison.planFor.memoryGiB });
}
