/** Where a value in a GPU report came from. */
export type GpuSource =
  | 'nvidia-smi'
  | 'systeminformation'
  | 'rocm-smi'
  /** Apple Silicon and other unified-memory GPUs: the GPU's memory is the system RAM. */
  | 'system-memory'
  /** Derived from the GPU's name (compute capability on drivers that cannot report it). */
  | 'name-table'
  /** Typed in by the user. */
  | 'manual';

export type GpuVendor = 'NVIDIA' | 'AMD' | 'Intel' | 'Apple' | 'Other';

export interface GpuProcess {
  pid: number;
  name: string;
  usedMiB?: number;
}

/** One GPU, as the CLI's `--json` prints it. Values that no source knew are left out. */
export interface GpuInfo {
  index: number;
  vendor: GpuVendor;
  name: string;
  uuid?: string;
  memoryTotalMiB?: number;
  memoryUsedMiB?: number;
  memoryFreeMiB?: number;
  /** "major.minor", e.g. "9.0" (NVIDIA only). */
  computeCapability?: string;
  driverVersion?: string;
  /** The newest CUDA version the driver supports (not the installed toolkit). */
  cudaVersion?: string;
  processes?: GpuProcess[];
  /** Every source that gave at least one value, most authoritative first. */
  sources: GpuSource[];
  /** Which source gave each value. */
  fieldSources?: Partial<Record<GpuField, GpuSource>>;
}

export type GpuField =
  | 'name'
  | 'uuid'
  | 'memoryTotalMiB'
  | 'memoryUsedMiB'
  | 'memoryFreeMiB'
  | 'computeCapability'
  | 'driverVersion'
  | 'cudaVersion'
  | 'processes';

export type GpuStatus =
  /** At least one GPU was found and every tool that was tried answered. */
  | 'ok'
  /** Nothing here looks like a GPU. */
  | 'no-gpu'
  /** nvidia-smi is not installed (and nothing else found a GPU, or an NVIDIA card is present without it). */
  | 'nvidia-smi-missing'
  /** nvidia-smi did not answer within the time limit. */
  | 'nvidia-smi-timeout'
  /** nvidia-smi answered that the driver is broken, mismatched or not loaded. */
  | 'driver-error'
  /** nvidia-smi failed in a way not recognised above. */
  | 'nvidia-smi-failed'
  /** Detection itself went wrong (a bug); the message says what. */
  | 'detection-failed';

export interface SystemSummary {
  /** node's process.platform, e.g. "linux", "win32", "darwin". */
  os: string;
  /** Distribution and release when systeminformation told us, e.g. "Ubuntu 24.04.3 LTS". */
  osName?: string;
  arch: string;
  ramTotalMiB: number;
  ramFreeMiB?: number;
  /** Whether this is Windows Subsystem for Linux (nvidia-smi lives elsewhere there). */
  wsl?: boolean;
}

export interface GpuReport {
  gpus: GpuInfo[];
  status: GpuStatus;
  /** One or two sentences for a person: what was found, or what went wrong and what to do. */
  statusMessage: string;
  /** Secondary problems that did not change the status (a complement tool timing out, say). */
  warnings: string[];
  system?: SystemSummary;
  /** The programs that answered, with their paths. */
  tools?: { nvidiaSmi?: string; rocmSmi?: string };
  /** ISO time the report was made. */
  detectedAt: string;
  /** ISO time memory use was last refreshed (set by refreshGpuUsage). */
  refreshedAt?: string;
  /** How long detection took. */
  durationMs: number;
}
