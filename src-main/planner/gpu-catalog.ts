/** The GPU catalog (`resources/gpus.json`) and conversion of detected GPUs to PyTorch's memory figure. */
import gpusJson from '../../resources/gpus.json';
import type { GpuSpec } from './types';

interface RawGpu {
  id: string;
  name: string;
  aliases: string[];
  memory_gib: number;
  compute_capability: string;
  bf16: boolean;
  fp8: boolean;
  nvlink: boolean;
  unified_memory?: boolean;
  approximate?: boolean;
  source: string;
}

const GPUS: GpuSpec[] = (gpusJson.gpus as RawGpu[]).map((g) => ({
  id: g.id,
  name: g.name,
  aliases: g.aliases,
  memoryGiB: g.memory_gib,
  computeCapability: g.compute_capability,
  bf16: g.bf16,
  fp8: g.fp8,
  nvlink: g.nvlink,
  unifiedMemory: g.unified_memory,
  approximate: g.approximate,
  source: g.source,
}));

function squash(text: string): string {
  return text
    .toLowerCase()
    .replace(/^nvidia\s+|^tesla\s+|geforce\s+/g, '')
    .replace(/[^a-z0-9]/g, '');
}

export function listGpus(): GpuSpec[] {
  return [...GPUS];
}

/**
 * Finds a GPU by id, exact alias, or the name nvidia-smi prints. Falls back to the longest alias that
 * the name contains (`NVIDIA H100 80GB HBM3 MIG` → H100), so unusual suffixes still match.
 */
export function findGpu(name: string): GpuSpec | undefined {
  const wanted = squash(name);
  if (!wanted) return undefined;
  const exact = GPUS.find((g) => squash(g.id) === wanted || g.aliases.some((a) => squash(a) === wanted));
  if (exact) return exact;
  let best: { gpu: GpuSpec; length: number } | undefined;
  for (const gpu of GPUS) {
    for (const alias of [gpu.name, ...gpu.aliases]) {
      const key = squash(alias);
      if (key.length >= 3 && wanted.includes(key) && (!best || key.length > best.length))
        best = { gpu, length: key.length };
    }
  }
  return best?.gpu;
}

/** Share of nvidia-smi's memory.total that PyTorch reports when memory.reserved is unknown (H100: 81079 of 81559 MiB). */
const TORCH_SHARE_OF_SMI_TOTAL = 0.994;

/**
 * PyTorch's total memory in GiB for a detected GPU: nvidia-smi total minus its reserved part when known,
 * else the catalog's figure for the same name, else nvidia-smi's total scaled by the usual share.
 */
export function torchMemoryGiB(detected: {
  name: string;
  memoryTotalMiB?: number;
  memoryReservedMiB?: number;
}): number | undefined {
  if (detected.memoryTotalMiB !== undefined && detected.memoryReservedMiB !== undefined) {
    return (detected.memoryTotalMiB - detected.memoryReservedMiB) / 1024;
  }
  const known = findGpu(detected.name);
  if (known) return known.memoryGiB;
  if (detected.memoryTotalMiB !== undefined)
    return (detected.memoryTotalMiB * TORCH_SHARE_OF_SMI_TOTAL) / 1024;
  return undefined;
}
