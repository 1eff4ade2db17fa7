import type { GpuField, GpuInfo, GpuProcess, GpuSource, GpuVendor } from './types';
import type { NvidiaComputeApp, NvidiaGpuRow } from './nvidia-csv';
import type { NvidiaVersions } from './nvidia-header';
import type { SiController } from './system-info-source';
import type { RocmGpu } from './rocm-source';
import { computeCapabilityFromName, vendorFromName, vendorFromVendorString } from './gpu-names';

/** Sets one value and records where it came from; undefined values are not set. */
export function setField<K extends GpuField>(
  gpu: GpuInfo,
  field: K,
  value: GpuInfo[K] | undefined,
  source: GpuSource,
): void {
  if (value === undefined) return;
  gpu[field] = value;
  gpu.fieldSources = { ...gpu.fieldSources, [field]: source };
  if (!gpu.sources.includes(source)) gpu.sources.push(source);
}

/** A PCI address reduced to numbers, so "00000000:00:06.0" and "0000:00:06.0" and "00:06.0" compare equal. */
export function pciKey(id: string | undefined): string | undefined {
  const match = /^(?:([0-9a-f]+):)?([0-9a-f]{1,2}):([0-9a-f]{1,2})\.([0-7])$/i.exec((id ?? '').trim());
  if (!match) return undefined;
  const [domain, bus, device, fn] = [match[1] ?? '0', match[2], match[3], match[4]].map((part) =>
    parseInt(part, 16),
  );
  return `${domain}:${bus}:${device}.${fn}`;
}

function sameName(a: string | undefined, b: string | undefined): boolean {
  const norm = (name: string | undefined): string => (name ?? '').toLowerCase().replace(/\s+/g, ' ').trim();
  return norm(a) !== '' && norm(a) === norm(b);
}

function newGpu(vendor: GpuVendor, name: string, source: GpuSource): GpuInfo {
  return { index: 0, vendor, name, sources: [source], fieldSources: { name: source } };
}

/** The NVIDIA GPUs nvidia-smi listed, with their processes and the driver's CUDA version. */
export function gpusFromNvidiaSmi(
  rows: NvidiaGpuRow[],
  apps: NvidiaComputeApp[] | undefined,
  versions: NvidiaVersions,
): GpuInfo[] {
  return rows.map((row) => {
    const gpu = newGpu('NVIDIA', row.name, 'nvidia-smi');
    gpu.index = row.index;
    setField(gpu, 'uuid', row.uuid, 'nvidia-smi');
    setField(gpu, 'memoryTotalMiB', row.memoryTotalMiB, 'nvidia-smi');
    setField(gpu, 'memoryUsedMiB', row.memoryUsedMiB, 'nvidia-smi');
    setField(gpu, 'memoryFreeMiB', row.memoryFreeMiB, 'nvidia-smi');
    if (row.computeCapability) setField(gpu, 'computeCapability', row.computeCapability, 'nvidia-smi');
    else setField(gpu, 'computeCapability', computeCapabilityFromName(row.name), 'name-table');
    setField(gpu, 'driverVersion', row.driverVersion ?? versions.driverVersion, 'nvidia-smi');
    setField(gpu, 'cudaVersion', versions.cudaVersion, 'nvidia-smi');
    setField(gpu, 'processes', apps && processesOf(row, apps, rows.length), 'nvidia-smi');
    return gpu;
  });
}

/** The processes on one GPU: matched by UUID, or all of them when there is only one GPU. */
export function processesOf(
  row: { uuid?: string },
  apps: NvidiaComputeApp[],
  gpuCount: number,
): GpuProcess[] {
  return apps
    .filter((app) => (app.gpuUuid && row.uuid ? app.gpuUuid === row.uuid : gpuCount === 1))
    .map((app) => {
      const process: GpuProcess = { pid: app.pid, name: app.name };
      if (app.usedMiB !== undefined) process.usedMiB = app.usedMiB;
      return process;
    });
}

/**
 * The memory systeminformation knows for a controller: nvidia-smi's numbers when it merged them,
 * else `vram` unless it is shared memory or a PCI window (lspci reports BAR sizes such as 16 or
 * 256 MiB for cards with gigabytes).
 */
function siMemoryMiB(controller: SiController): number | undefined {
  if (controller.memoryTotal) return controller.memoryTotal;
  if (controller.vram && !controller.vramDynamic && controller.vram > 256) return controller.vram;
  return undefined;
}

/** The vendor of a systeminformation controller, from its vendor string or else its model name. */
export function siVendor(controller: SiController): GpuVendor {
  return (
    vendorFromVendorString(controller.vendor) ?? vendorFromName(controller.model ?? controller.name ?? '')
  );
}

/** Apple Silicon (and any "Built-In" GPU with dynamic memory) shares the system RAM. */
function isUnifiedMemory(controller: SiController, vendor: GpuVendor): boolean {
  return vendor === 'Apple' || (controller.vramDynamic === true && /built-in/i.test(controller.bus ?? ''));
}

export interface MergeInput {
  nvidia?: { rows: NvidiaGpuRow[]; apps?: NvidiaComputeApp[]; versions: NvidiaVersions };
  controllers?: SiController[];
  rocm?: RocmGpu[];
  systemRamMiB: number;
}

/**
 * One list of GPUs from every source. nvidia-smi is the authority on NVIDIA GPUs; systeminformation
 * adds the other vendors' GPUs (and NVIDIA ones when nvidia-smi could not answer); rocm-smi gives
 * AMD memory. Sources are matched per GPU by PCI bus id, then by name.
 * `index` is each vendor's own device number (what CUDA_VISIBLE_DEVICES / HIP_VISIBLE_DEVICES use).
 */
export function mergeGpus(input: MergeInput): { gpus: GpuInfo[]; warnings: string[] } {
  const warnings: string[] = [];
  const nvidiaRows = input.nvidia?.rows ?? [];
  const nvidia = input.nvidia ? gpusFromNvidiaSmi(nvidiaRows, input.nvidia.apps, input.nvidia.versions) : [];
  const matched = new Set<number>();
  const others: GpuInfo[] = [];
  const rocmLeft = [...(input.rocm ?? [])];
  /** GPUs that already carry their vendor tool's own number. */
  const numbered = new Set<GpuInfo>();

  for (const controller of input.controllers ?? []) {
    const vendor = siVendor(controller);
    const name = controller.model ?? controller.name ?? 'unknown GPU';
    if (vendor === 'NVIDIA' && input.nvidia) {
      const key = pciKey(controller.pciBus ?? controller.busAddress);
      let at = nvidiaRows.findIndex(
        (row, i) => !matched.has(i) && key !== undefined && pciKey(row.pciBusId) === key,
      );
      if (at < 0) at = nvidiaRows.findIndex((row, i) => !matched.has(i) && sameName(row.name, name));
      if (at >= 0) {
        matched.add(at);
        const gpu = nvidia[at];
        if (gpu.memoryTotalMiB === undefined)
          setField(gpu, 'memoryTotalMiB', siMemoryMiB(controller), 'systeminformation');
        if (gpu.driverVersion === undefined)
          setField(gpu, 'driverVersion', controller.driverVersion, 'systeminformation');
      } else {
        warnings.push(`systeminformation sees an NVIDIA device (${name}) that nvidia-smi does not list.`);
      }
      continue;
    }
    if (vendor === 'Other') continue; // server management chips, virtual displays: nothing to run models on
    const gpu = newGpu(vendor, name, 'systeminformation');
    if (isUnifiedMemory(controller, vendor))
      setField(gpu, 'memoryTotalMiB', input.systemRamMiB, 'system-memory');
    else setField(gpu, 'memoryTotalMiB', siMemoryMiB(controller), 'systeminformation');
    setField(gpu, 'driverVersion', controller.driverVersion, 'systeminformation');
    if (vendor === 'NVIDIA')
      setField(gpu, 'computeCapability', computeCapabilityFromName(name), 'name-table');
    if (vendor === 'AMD') {
      const key = pciKey(controller.pciBus ?? controller.busAddress);
      const at = rocmLeft.findIndex((card) => key !== undefined && pciKey(card.pciBusId) === key);
      if (at >= 0) {
        applyRocm(gpu, rocmLeft.splice(at, 1)[0]);
        numbered.add(gpu);
      }
    }
    others.push(gpu);
  }
  for (const card of rocmLeft) {
    const gpu = newGpu('AMD', card.name ?? `AMD GPU ${card.index}`, 'rocm-smi');
    applyRocm(gpu, card);
    numbered.add(gpu);
    others.push(gpu);
  }
  return { gpus: [...nvidia, ...numberPerVendor(others, numbered)].map(inDocumentedOrder), warnings };
}

function applyRocm(gpu: GpuInfo, card: RocmGpu): void {
  gpu.index = card.index;
  if (card.name) setField(gpu, 'name', card.name, 'rocm-smi');
  setField(gpu, 'memoryTotalMiB', card.memoryTotalMiB, 'rocm-smi');
  setField(gpu, 'memoryUsedMiB', card.memoryUsedMiB, 'rocm-smi');
  if (card.memoryTotalMiB !== undefined && card.memoryUsedMiB !== undefined) {
    setField(gpu, 'memoryFreeMiB', card.memoryTotalMiB - card.memoryUsedMiB, 'rocm-smi');
  }
}

const VENDOR_ORDER: GpuVendor[] = ['NVIDIA', 'AMD', 'Intel', 'Apple', 'Other'];

/** Numbers GPUs 0, 1, … within each vendor (keeping numbers a vendor tool gave), NVIDIA first. */
function numberPerVendor(gpus: GpuInfo[], numbered: Set<GpuInfo>): GpuInfo[] {
  const sorted = [...gpus].sort((a, b) => VENDOR_ORDER.indexOf(a.vendor) - VENDOR_ORDER.indexOf(b.vendor));
  const next = new Map<GpuVendor, number>();
  for (const gpu of sorted) {
    if (numbered.has(gpu)) continue;
    const index = next.get(gpu.vendor) ?? 0;
    gpu.index = index;
    next.set(gpu.vendor, index + 1);
  }
  return sorted;
}

const FIELD_ORDER: (keyof GpuInfo)[] = [
  'index',
  'vendor',
  'name',
  'uuid',
  'memoryTotalMiB',
  'memoryUsedMiB',
  'memoryFreeMiB',
  'computeCapability',
  'driverVersion',
  'cudaVersion',
  'processes',
  'sources',
  'fieldSources',
];

/** The same GPU with its keys in the order the JSON output documents (readable `--json`). */
export function inDocumentedOrder(gpu: GpuInfo): GpuInfo {
  const ordered: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) if (gpu[key] !== undefined) ordered[key] = gpu[key];
  return ordered as unknown as GpuInfo;
}
