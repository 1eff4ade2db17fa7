/** Turns a per-GPU memory breakdown into stacked-bar segments (fractions of the GPU's memory). */
import type { GpuMemoryBreakdown } from '../../../src-main/ipc/contract';
import type { MessageKey } from './messages';

export interface MemorySegment {
  key: 'weights' | 'activation' | 'nonTorch' | 'cudaGraph' | 'kvCache' | 'headroom';
  label: MessageKey;
  gib: number;
  /** Share of the GPU's total memory, 0..1 (the bar is scaled down if the parts exceed the total). */
  fraction: number;
}

const PARTS: [MemorySegment['key'], keyof GpuMemoryBreakdown, MessageKey][] = [
  ['weights', 'weightsGiB', 'mem.weights'],
  ['activation', 'activationGiB', 'mem.activation'],
  ['nonTorch', 'nonTorchGiB', 'mem.nonTorch'],
  ['cudaGraph', 'cudaGraphGiB', 'mem.cudaGraph'],
  ['kvCache', 'kvCacheGiB', 'mem.kvCache'],
];

export function memorySegments(gpu: GpuMemoryBreakdown): { segments: MemorySegment[]; overflowGiB: number } {
  const used = PARTS.map(([key, field, label]) => ({
    key,
    label,
    gib: Math.max(0, Number(gpu[field]) || 0),
  }));
  const sum = used.reduce((total, part) => total + part.gib, 0);
  const total = Math.max(gpu.totalGiB, 0);
  const scaleTo = Math.max(total, sum) || 1;
  const headroom = Math.max(0, total - sum);
  const segments: MemorySegment[] = [
    ...used.map((part) => ({ ...part, fraction: part.gib / scaleTo })),
    { key: 'headroom', label: 'mem.headroom', gib: headroom, fraction: headroom / scaleTo },
  ];
  return { segments: segments.filter((s) => s.gib > 0), overflowGiB: Math.max(0, sum - total) };
}

export function gib(value: number): string {
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} GiB`;
}
