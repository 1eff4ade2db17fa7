import type { GpuInfo, GpuVendor } from './types';
import { computeCapabilityFromName, vendorFromName } from './gpu-names';
import { setField } from './merge';

/**
 * GPUs typed in by a user who has none here (or plans for another machine), one entry per line
 * or separated by ";" or "+":
 *   "2x A100 80GB", "RTX 4090, 24 GB", "H100 80GB HBM3", "L40S 46068 MiB x4", "MI300X 192GB"
 * "GB" is read as GiB, as vendors mean it ("80GB" cards show about 80 GiB).
 */
export interface ManualGpuEntry {
  gpus: GpuInfo[];
  /** One sentence per entry that could not be read. */
  problems: string[];
}

const MAX_COUNT = 64;
const MEMORY = /(\d+(?:\.\d+)?)\s*(tib|tb|gib|gb|g|mib|mb|m)\b/gi;
const MIB_PER_UNIT: Record<string, number> = { t: 1024 * 1024, g: 1024, m: 1 };

function parseCount(entry: string): { count: number; rest: string } {
  const before = /^\s*(\d+)\s*[x×*]\s+|^\s*(\d+)\s*[x×*](?=[a-z])/i.exec(entry);
  if (before) return { count: Number(before[1] ?? before[2]), rest: entry.slice(before[0].length) };
  const after = /\s*[x×*]\s*(\d+)\s*$/i.exec(entry);
  if (after) return { count: Number(after[1]), rest: entry.slice(0, after.index) };
  return { count: 1, rest: entry };
}

function parseOne(entry: string): { name: string; memoryMiB: number; count: number } | string {
  const { count, rest } = parseCount(entry);
  const amounts = [...rest.matchAll(MEMORY)];
  const last = amounts.at(-1);
  if (!last || last.index === undefined) {
    return `"${entry.trim()}": how much memory does it have? Write it like "RTX 4090 24GB".`;
  }
  const memoryMiB = Math.round(Number(last[1]) * MIB_PER_UNIT[last[2][0].toLowerCase()]);
  const trailing = rest.slice(last.index + last[0].length).trim() === '';
  const name = (trailing ? rest.slice(0, last.index) : rest).replace(/[\s,:;(/-]+$|\bwith\s*$/gi, '').trim();
  if (!name) return `"${entry.trim()}": which GPU? Write its name before the memory, like "A100 80GB".`;
  if (count < 1 || count > MAX_COUNT)
    return `"${entry.trim()}": the count must be between 1 and ${MAX_COUNT}.`;
  if (memoryMiB < 512 || memoryMiB > 2 * 1024 * 1024)
    return `"${entry.trim()}": ${last[0]} is not a GPU memory size.`;
  return { name, memoryMiB, count };
}

export function parseManualGpuEntry(text: string): ManualGpuEntry {
  const gpus: GpuInfo[] = [];
  const problems: string[] = [];
  const nextIndex = new Map<GpuVendor, number>();
  for (const entry of text.split(/[\n;+]/)) {
    if (!entry.trim()) continue;
    const parsed = parseOne(entry);
    if (typeof parsed === 'string') {
      problems.push(parsed);
      continue;
    }
    const vendor = vendorFromName(parsed.name);
    for (let i = 0; i < parsed.count; i += 1) {
      const index = nextIndex.get(vendor) ?? 0;
      nextIndex.set(vendor, index + 1);
      const gpu: GpuInfo = {
        index,
        vendor,
        name: parsed.name,
        sources: ['manual'],
        fieldSources: { name: 'manual' },
      };
      setField(gpu, 'memoryTotalMiB', parsed.memoryMiB, 'manual');
      if (vendor === 'NVIDIA')
        setField(gpu, 'computeCapability', computeCapabilityFromName(parsed.name), 'name-table');
      gpus.push(gpu);
    }
  }
  if (gpus.length === 0 && problems.length === 0)
    problems.push('Type at least one GPU, like "2x A100 80GB".');
  return { gpus, problems };
}
