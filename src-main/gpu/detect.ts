import type { GpuReport } from './types';
import {
  findNvidiaSmi,
  findTool,
  usualNvidiaSmiPlaces,
  usualRocmSmiPlaces,
  type ToolSearch,
} from './find-tool';
import { readNvidiaSmi, type NvidiaReading } from './nvidia-smi-source';
import { readRocmSmi, type RocmGpu } from './rocm-source';
import {
  systemInformationInChild,
  type SystemInfoProvider,
  type SystemInfoSnapshot,
} from './system-info-source';
import { mergeGpus, siVendor } from './merge';
import { decideStatus, type NvidiaOutcome } from './report-status';
import { hostFacts, summariseSystem, type HostFacts } from './system-summary';

export const DEFAULT_TIMEOUT_MS = 3000;
export const DEFAULT_SYSTEM_INFORMATION_TIMEOUT_MS = 6000;
export const DEFAULT_COMPLEMENT_GRACE_MS = 1000;

export interface DetectOptions {
  /** How long nvidia-smi (and rocm-smi) may take, all calls together. Default 3000 ms. */
  timeoutMs?: number;
  /** The environment whose PATH is searched and passed to the tools. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Ask systeminformation for other vendors' GPUs, the OS and RAM. Default true. */
  useSystemInformation?: boolean;
  /** Replaces the systeminformation child process (tests hand in recorded answers). */
  systemInformation?: SystemInfoProvider;
  /** How long the systeminformation child may take. Default 6000 ms. */
  systemInformationTimeoutMs?: number;
  /**
   * Once nvidia-smi has answered with GPUs, how much longer to wait for systeminformation (which
   * only adds other vendors' GPUs then). Its first graphics() call took 2.9 s on an H100 machine.
   * Default 1000 ms.
   */
  complementGraceMs?: number;
  /** Replaces the usual nvidia-smi / rocm-smi install places searched after PATH. */
  nvidiaSmiPlaces?: string[];
  rocmSmiPlaces?: string[];
  /** Replaces this machine's platform and memory figures (tests). */
  host?: HostFacts;
}

type NvidiaStep = { outcome: NvidiaOutcome; binary?: string; reading?: Extract<NvidiaReading, { ok: true }> };

async function nvidiaStep(search: ToolSearch, places: string[], timeoutMs: number): Promise<NvidiaStep> {
  const binary = await findNvidiaSmi(search, places);
  if (!binary) return { outcome: { kind: 'missing' } };
  const reading = await readNvidiaSmi({ binary, env: search.env, timeoutMs });
  if (!reading.ok) return { outcome: { kind: 'failed', failure: reading.failure }, binary };
  return { outcome: { kind: 'answered' }, binary, reading };
}

async function rocmStep(
  search: ToolSearch,
  places: string[],
  timeoutMs: number,
): Promise<{ binary?: string; gpus?: RocmGpu[]; problem?: string }> {
  const binary = await findTool('rocm-smi', places, search);
  if (!binary) return {};
  const result = await readRocmSmi(binary, search.env, timeoutMs);
  return typeof result === 'string' ? { binary, problem: result } : { binary, gpus: result };
}

/** Resolves to the promise's value, or to undefined once `ms` have passed. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([promise, expiry]).finally(() => clearTimeout(timer));
}

async function detect(options: DetectOptions, started: number): Promise<GpuReport> {
  const env = options.env ?? process.env;
  const host = options.host ?? hostFacts();
  const search: ToolSearch = { platform: host.platform, env };
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const warnings: string[] = [];

  const stopSystemInformation = new AbortController();
  const provider = options.systemInformation ?? systemInformationInChild(env);
  const siPromise: Promise<SystemInfoSnapshot | undefined> =
    options.useSystemInformation === false
      ? Promise.resolve(undefined)
      : provider({
          timeoutMs: options.systemInformationTimeoutMs ?? DEFAULT_SYSTEM_INFORMATION_TIMEOUT_MS,
          signal: stopSystemInformation.signal,
        }).catch((error: unknown) => ({
          problem: `systeminformation failed: ${error instanceof Error ? error.message : String(error)}`,
        }));

  const [nvidia, rocm] = await Promise.all([
    nvidiaStep(search, options.nvidiaSmiPlaces ?? usualNvidiaSmiPlaces(search), timeoutMs),
    rocmStep(search, options.rocmSmiPlaces ?? usualRocmSmiPlaces(search), timeoutMs),
  ]);

  let si: SystemInfoSnapshot | undefined;
  if (nvidia.reading?.gpus.length && options.useSystemInformation !== false) {
    si = await within(siPromise, options.complementGraceMs ?? DEFAULT_COMPLEMENT_GRACE_MS);
    if (!si) {
      stopSystemInformation.abort();
      warnings.push(
        'systeminformation did not answer in time; GPUs from vendors other than NVIDIA may be missing.',
      );
    }
  } else {
    si = await siPromise;
  }
  if (si?.problem) warnings.push(si.problem);
  if (rocm.problem) warnings.push(rocm.problem);
  if (nvidia.reading) {
    warnings.push(...nvidia.reading.warnings);
    if (nvidia.reading.refusedFields.includes('compute_cap')) {
      warnings.push(
        'This NVIDIA driver cannot report compute capability; it was read off the GPU name instead.',
      );
    }
  }

  const system = summariseSystem(host, si);
  const controllers = si?.graphics?.controllers;
  const merged = mergeGpus({
    nvidia: nvidia.reading && {
      rows: nvidia.reading.gpus,
      apps: nvidia.reading.apps,
      versions: nvidia.reading.versions,
    },
    controllers,
    rocm: rocm.gpus,
    systemRamMiB: system.ramTotalMiB,
  });
  warnings.push(...merged.warnings);

  const nvidiaDevicesSeen = (controllers ?? [])
    .filter((controller) => siVendor(controller) === 'NVIDIA')
    .map((controller) => controller.model ?? controller.name ?? 'NVIDIA device');
  const { status, statusMessage } = decideStatus({
    nvidia: nvidia.outcome,
    gpus: merged.gpus,
    graphicsAnswered: controllers !== undefined,
    nvidiaDevicesSeen,
    platform: host.platform,
  });

  const report: GpuReport = {
    gpus: merged.gpus,
    status,
    statusMessage,
    warnings,
    system,
    detectedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
  };
  if (nvidia.binary || rocm.binary) {
    report.tools = {};
    if (nvidia.binary) report.tools.nvidiaSmi = nvidia.binary;
    if (rocm.binary) report.tools.rocmSmi = rocm.binary;
  }
  return report;
}

/**
 * Finds this machine's GPUs: nvidia-smi first, systeminformation and rocm-smi as complements.
 * Never throws and never blocks the event loop; what went wrong is in `status` / `statusMessage`.
 */
export async function detectGpus(options: DetectOptions = {}): Promise<GpuReport> {
  const started = Date.now();
  try {
    return await detect(options, started);
  } catch (error) {
    return {
      gpus: [],
      status: 'detection-failed',
      statusMessage: `GPU detection failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
      warnings: [],
      detectedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
    };
  }
}
