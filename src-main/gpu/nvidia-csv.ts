/**
 * Pure parsers for nvidia-smi's `--query-gpu` / `--query-compute-apps` CSV output
 * (`--format=csv,noheader,nounits`, though headers and units are tolerated too).
 */

/** nvidia-smi writes these instead of a value; they mean "unknown". */
const NO_VALUE =
  /^\[?(N\/A|Not Supported|Insufficient Permissions|Unknown Error|GPU is lost|Not Available)\]?$/i;

/** A cell's text, or undefined when nvidia-smi said it has no value. */
export function csvCell(raw: string | undefined): string | undefined {
  const value = raw?.trim();
  if (value === undefined || value === '' || NO_VALUE.test(value)) return undefined;
  return value;
}

/** A number from a cell such as "81559" or "81559 MiB"; undefined when there is none. */
export function csvNumber(raw: string | undefined): number | undefined {
  const value = csvCell(raw);
  if (value === undefined) return undefined;
  const match = /^-?\d+(\.\d+)?/.exec(value);
  return match ? Number(match[0]) : undefined;
}

/** Whether a line is the header that nvidia-smi prints without `noheader`. */
function isHeader(line: string, fields: string[]): boolean {
  const first = line
    .split(',')[0]
    ?.trim()
    .replace(/\s*\[.*\]$/, '');
  return first === fields[0] || (fields[0] === 'used_memory' && first === 'used_gpu_memory');
}

/**
 * Splits query output into one record per line, keyed by the queried field names.
 * nvidia-smi does not quote cells, so a cell holding ", " (a Windows process path, say) splits
 * into too many parts; the surplus is joined back into `looseField`, the one field that can
 * contain commas.
 */
export function parseQueryCsv(text: string, fields: string[], looseField?: string): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  for (const line of lines) {
    if (isHeader(line, fields)) continue;
    let cells = line.split(',');
    if (cells.length < fields.length) continue; // not a data row (a message, a truncated line)
    if (cells.length > fields.length) {
      const loose = looseField ? fields.indexOf(looseField) : -1;
      if (loose < 0) continue;
      const surplus = cells.length - fields.length;
      cells = [
        ...cells.slice(0, loose),
        cells.slice(loose, loose + surplus + 1).join(','),
        ...cells.slice(loose + surplus + 1),
      ];
    }
    const row: Record<string, string> = {};
    fields.forEach((field, i) => {
      row[field] = (cells[i] ?? '').trim();
    });
    rows.push(row);
  }
  return rows;
}

/** One GPU as `--query-gpu` reports it. */
export interface NvidiaGpuRow {
  index: number;
  name: string;
  uuid?: string;
  pciBusId?: string;
  driverVersion?: string;
  computeCapability?: string;
  memoryTotalMiB?: number;
  memoryUsedMiB?: number;
  memoryFreeMiB?: number;
}

/** The fields the full detection asks for; the optional ones are dropped if a driver rejects them. */
export const GPU_QUERY_FIELDS = [
  'index',
  'name',
  'uuid',
  'pci.bus_id',
  'driver_version',
  'compute_cap',
  'memory.total',
  'memory.used',
  'memory.free',
] as const;

/** Fields a driver may not know; every driver since long before CUDA 11 knows the rest. */
export const OPTIONAL_GPU_FIELDS: readonly string[] = ['compute_cap', 'pci.bus_id', 'uuid', 'driver_version'];

/** The cheap query behind the 2-second refresh. */
export const USAGE_QUERY_FIELDS = ['index', 'uuid', 'memory.used', 'memory.free'] as const;

export function parseGpuQuery(text: string, fields: readonly string[]): NvidiaGpuRow[] {
  return parseQueryCsv(text, [...fields], 'name').flatMap((row) => {
    const index = csvNumber(row.index);
    if (index === undefined) return [];
    const gpu: NvidiaGpuRow = { index, name: csvCell(row.name) ?? '' };
    const uuid = csvCell(row.uuid);
    if (uuid) gpu.uuid = uuid;
    const bus = csvCell(row['pci.bus_id']);
    if (bus) gpu.pciBusId = bus;
    const driver = csvCell(row.driver_version);
    if (driver) gpu.driverVersion = driver;
    const cap = csvCell(row.compute_cap);
    if (cap && /^\d+\.\d+$/.test(cap)) gpu.computeCapability = cap;
    const total = csvNumber(row['memory.total']);
    if (total !== undefined) gpu.memoryTotalMiB = total;
    const used = csvNumber(row['memory.used']);
    if (used !== undefined) gpu.memoryUsedMiB = used;
    const free = csvNumber(row['memory.free']);
    if (free !== undefined) gpu.memoryFreeMiB = free;
    return [gpu];
  });
}

/** One process holding GPU memory, as `--query-compute-apps` reports it. */
export interface NvidiaComputeApp {
  pid: number;
  name: string;
  usedMiB?: number;
  gpuUuid?: string;
}

export const COMPUTE_APP_FIELDS = ['pid', 'process_name', 'used_memory', 'gpu_uuid'] as const;

export function parseComputeApps(text: string): NvidiaComputeApp[] {
  return parseQueryCsv(text, [...COMPUTE_APP_FIELDS], 'process_name').flatMap((row) => {
    const pid = csvNumber(row.pid);
    if (pid === undefined) return [];
    const app: NvidiaComputeApp = { pid, name: csvCell(row.process_name) ?? '' };
    const used = csvNumber(row.used_memory);
    if (used !== undefined) app.usedMiB = used;
    const uuid = csvCell(row.gpu_uuid);
    if (uuid) app.gpuUuid = uuid;
    return [app];
  });
}
