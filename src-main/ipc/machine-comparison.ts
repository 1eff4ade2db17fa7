/**
 * Compares the GPU a diagnosed log ran on with this machine's GPUs (pure): reads the log's GPU name
 * and memory out of the report's facts, asks the GPU module whether they match, and says which GPU
 * plans should be made for when the log came from another machine.
 */
import { compareLogGpu, type GpuReport, type LogGpuFacts } from '../gpu';
import { findGpu } from '../planner';
import type { ChannelParsedInput, MachineComparisonView, MachineGpuGroup } from './contract';

type ReportGpuFacts = ChannelParsedInput<'compareLogWithMachine'>;

const MEMORY_KEYS = ['total_gpu_memory_gib', 'total_gib'] as const;

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= 4096
    ? value
    : undefined;
}

function gpuName(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, 256) : undefined;
}

/** The log's GPU: the whole-log measurements first, then the first finding that read one. */
export function logGpuFacts(input: ReportGpuFacts): LogGpuFacts {
  const sources: Record<string, unknown>[] = [input.measurements, ...input.findingFacts];
  let name: string | undefined;
  let memory: number | undefined;
  for (const facts of sources) {
    name ??= gpuName(facts.gpu_name);
    for (const key of MEMORY_KEYS) memory ??= positive(facts[key]);
  }
  return {
    ...(name ? { gpuName: name } : {}),
    ...(memory !== undefined ? { totalGpuMemoryGiB: memory } : {}),
  };
}

/** This machine's GPUs (typed-in ones left out, as in the comparison), one entry per kind. */
function machineGroups(report: GpuReport): MachineGpuGroup[] {
  const groups: MachineGpuGroup[] = [];
  for (const gpu of report.gpus) {
    if (gpu.sources.includes('manual')) continue;
    const memoryGiB =
      gpu.memoryTotalMiB !== undefined ? Math.round((gpu.memoryTotalMiB / 1024) * 10) / 10 : undefined;
    const same = groups.find((g) => g.name === gpu.name && g.memoryGiB === memoryGiB);
    if (same) same.count += 1;
    else groups.push({ name: gpu.name, ...(memoryGiB !== undefined ? { memoryGiB } : {}), count: 1 });
  }
  return groups;
}

/**
 * The hardware to plan for when the log came from another machine: the catalog GPU the log names
 * (with the memory the log measured, else the catalog's), or the log's GPU name / memory as given.
 */
function hardwareFromLog(facts: LogGpuFacts): MachineComparisonView['planFor'] {
  const memoryGiB = facts.totalGpuMemoryGiB;
  const spec = facts.gpuName ? findGpu(facts.gpuName) : undefined;
  if (spec) return { gpuName: spec.name, memoryGiB: memoryGiB ?? spec.memoryGiB, catalog: true };
  if (!facts.gpuName && memoryGiB === undefined) return undefined;
  return {
    ...(facts.gpuName ? { gpuName: facts.gpuName } : {}),
    ...(memoryGiB !== undefined ? { memoryGiB } : {}),
    catalog: false,
  };
}

export function compareWithMachine(facts: LogGpuFacts, report: GpuReport): MachineComparisonView {
  const { sameMachine, message } = compareLogGpu(facts, report);
  const planFor = sameMachine === false ? hardwareFromLog(facts) : undefined;
  return {
    sameMachine,
    message,
    log: {
      ...(facts.gpuName ? { gpuName: facts.gpuName } : {}),
      ...(facts.totalGpuMemoryGiB !== undefined ? { memoryGiB: facts.totalGpuMemoryGiB } : {}),
    },
    here: machineGroups(report),
    ...(planFor ? { planFor } : {}),
  };
}
