import type { GpuInfo, GpuReport } from './types';
import { findNvidiaSmi, usualNvidiaSmiPlaces } from './find-tool';
import { readNvidiaUsage } from './nvidia-smi-source';
import { processesOf, setField } from './merge';
import { foundGpusMessage } from './report-status';

export const DEFAULT_REFRESH_TIMEOUT_MS = 1500;

export interface RefreshOptions {
  /** Default 1500 ms, so that a 2-second poll never overlaps itself. */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  nvidiaSmiPlaces?: string[];
}

/** One refresh per report in flight: a poll that fires while one runs shares its answer. */
const inFlight = new WeakMap<GpuReport, Promise<GpuReport>>();

/**
 * The cheap refresh the GPU view polls every 2 s: one nvidia-smi query of memory used/free and one
 * of the processes (in parallel), reusing the nvidia-smi found by detection. Everything else in the
 * report is kept. Never throws: on failure the previous numbers are kept and `status` says why.
 */
export function refreshGpuUsage(previous: GpuReport, options: RefreshOptions = {}): Promise<GpuReport> {
  const running = inFlight.get(previous);
  if (running) return running;
  const started = refresh(previous, options).finally(() => inFlight.delete(previous));
  inFlight.set(previous, started);
  return started;
}

async function refresh(previous: GpuReport, options: RefreshOptions): Promise<GpuReport> {
  if (!previous.gpus.some((gpu) => gpu.vendor === 'NVIDIA' && gpu.sources.includes('nvidia-smi')))
    return previous;
  const env = options.env ?? process.env;
  try {
    const search = { platform: options.platform ?? process.platform, env };
    const binary =
      previous.tools?.nvidiaSmi ??
      (await findNvidiaSmi(search, options.nvidiaSmiPlaces ?? usualNvidiaSmiPlaces(search)));
    if (!binary)
      return { ...previous, status: 'nvidia-smi-missing', statusMessage: 'nvidia-smi is no longer found.' };
    const usage = await readNvidiaUsage({
      binary,
      env,
      timeoutMs: options.timeoutMs ?? DEFAULT_REFRESH_TIMEOUT_MS,
    });
    if (!usage.ok) return { ...previous, status: usage.failure.status, statusMessage: usage.failure.message };
    const gpus = previous.gpus.map((gpu): GpuInfo => {
      if (gpu.vendor !== 'NVIDIA' || !gpu.sources.includes('nvidia-smi')) return gpu;
      const row = usage.gpus.find((r) => (r.uuid && gpu.uuid ? r.uuid === gpu.uuid : r.index === gpu.index));
      if (!row) return gpu;
      const next: GpuInfo = { ...gpu, sources: [...gpu.sources], fieldSources: { ...gpu.fieldSources } };
      setField(next, 'memoryUsedMiB', row.memoryUsedMiB, 'nvidia-smi');
      setField(next, 'memoryFreeMiB', row.memoryFreeMiB, 'nvidia-smi');
      if (usage.apps)
        setField(next, 'processes', processesOf(row, usage.apps, usage.gpus.length), 'nvidia-smi');
      return next;
    });
    return {
      ...previous,
      status: 'ok',
      statusMessage: foundGpusMessage(gpus),
      gpus,
      refreshedAt: new Date().toISOString(),
    };
  } catch (error) {
    return {
      ...previous,
      status: 'detection-failed',
      statusMessage: `Refreshing GPU memory failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
