/** GPU detection: what the rest of Serve Doctor calls. */
export type {
  GpuField,
  GpuInfo,
  GpuProcess,
  GpuReport,
  GpuSource,
  GpuStatus,
  GpuVendor,
  SystemSummary,
} from './types';
export { detectGpus, type DetectOptions } from './detect';
export { refreshGpuUsage, type RefreshOptions } from './refresh';
export {
  compareLogGpu,
  gpuNamesMatch,
  logMemoryMatches,
  type LogGpuFacts,
  type LogMachineComparison,
} from './compare-log';
export { parseManualGpuEntry, type ManualGpuEntry } from './manual-entry';
export { computeCapabilityFromName, vendorFromName } from './gpu-names';
export {
  parseGpuQuery,
  parseComputeApps,
  parseQueryCsv,
  type NvidiaGpuRow,
  type NvidiaComputeApp,
} from './nvidia-csv';
export { parseNvidiaVersions, type NvidiaVersions } from './nvidia-header';
export { parseRocmSmiJson, type RocmGpu } from './rocm-source';
export {
  parseSystemInfoSnapshot,
  type SystemInfoProvider,
  type SystemInfoSnapshot,
} from './system-info-source';
export { formatGpuReport } from './format-report';
export { gpusCommand, createGpusCommand } from './gpus-command';
