/**
 * The core functions the handlers call, behind one interface so tests can substitute them and so
 * the UI contract does not change when a core module changes shape. `defaultCoreServices` wires the
 * real engine (with its ingestion layer), GPU detector and planner.
 */
import type { DiagnosisReport } from '../diagnosis/types';
import { diagnoseText } from '../diagnosis';
import { decodeBytes, diagnoseBytes, diagnoseFile } from '../diagnosis/ingest';
import { detectGpus, refreshGpuUsage, type GpuReport } from '../gpu';
import {
  findGpu,
  findModel,
  listGpus,
  loadModelFromPath,
  paramCount,
  PlanInputError,
  planLaunch,
  searchModels,
  type ModelSpec,
  type PlanResult,
} from '../planner';
import type { GpuCatalogEntry, GpuReportView, ModelSummary, PlanRequestInput, PlanView } from './contract';
import { CoreError } from './errors';

export interface CoreServices {
  diagnoseText(text: string): DiagnosisReport;
  /** Raw bytes of a log (any encoding or gzip the engine understands). */
  diagnoseBytes(bytes: Uint8Array, name: string): Promise<DiagnosisReport>;
  /** Streams a file from disk through the engine (bounded memory), with progress and cancel. */
  diagnoseFile(
    file: string,
    options: { onProgress: (bytesRead: number, totalBytes: number) => void; signal: AbortSignal },
  ): Promise<DiagnosisReport>;
  /** Decodes bytes for the log viewer the same way the engine reads them. */
  decode(bytes: Uint8Array): string;
  detectGpus(): Promise<GpuReportView>;
  refreshGpus(): Promise<GpuReportView>;
  gpuCatalog(): Promise<GpuCatalogEntry[]>;
  searchModels(query: string): Promise<ModelSummary[]>;
  loadModelFolder(folder: string): Promise<ModelSummary>;
  planLaunch(request: PlanRequestInput): Promise<PlanView>;
  /** This machine's GPUs: the last detection, or a new one (nvidia-smi's 3 s limit) shared by callers. */
  machineGpus(): Promise<GpuReport>;
}

function toView(report: GpuReport): GpuReportView {
  return {
    status: report.status,
    statusMessage: report.statusMessage,
    gpus: report.gpus.map((gpu) => ({
      index: gpu.index,
      vendor: gpu.vendor,
      name: gpu.name,
      uuid: gpu.uuid,
      memoryTotalMiB: gpu.memoryTotalMiB,
      memoryUsedMiB: gpu.memoryUsedMiB,
      memoryFreeMiB: gpu.memoryFreeMiB,
      computeCapability: gpu.computeCapability,
      driverVersion: gpu.driverVersion,
      cudaVersion: gpu.cudaVersion,
      processes: (gpu.processes ?? []).map((p) => ({ pid: p.pid, name: p.name, usedMiB: p.usedMiB ?? 0 })),
    })),
  };
}

function summarise(spec: ModelSpec, folder?: string): ModelSummary {
  let params: number | undefined;
  try {
    params = paramCount(spec);
  } catch {
    params = undefined;
  }
  return {
    id: spec.hfId ?? spec.id,
    name: spec.displayName,
    ...(params ? { paramsB: Math.round(params / 1e8) / 10 } : {}),
    contextLength: spec.maxModelLen,
    architecture: spec.architecture,
    ...(folder ? { path: folder } : {}),
  };
}

async function specFromFolder(folder: string): Promise<ModelSpec> {
  try {
    return await loadModelFromPath(folder);
  } catch (error) {
    throw new CoreError('model-unreadable', error instanceof Error ? error.message : String(error));
  }
}

const SETTING_KEYS: Record<string, keyof Parameters<typeof planLaunch>[0]> = {
  tensor_parallel_size: 'tp',
  pipeline_parallel_size: 'pp',
  gpu_memory_utilization: 'gpuMemoryUtilization',
  dtype: 'dtype',
  quantization: 'quantization',
  kv_cache_dtype: 'kvCacheDtype',
  max_num_seqs: 'maxNumSeqs',
  max_num_batched_tokens: 'maxNumBatchedTokens',
  enforce_eager: 'enforceEager',
  cpu_offload_gb: 'cpuOffloadGb',
  block_size: 'blockSize',
};

function planToView(result: PlanResult): PlanView {
  const count = Math.max(1, Math.min(result.gpu.count, 16));
  const c = result.commands;
  const webUi = c.xinferenceWebUi.map(({ key, value }) => `${key}: ${value}`).join('\n');
  return {
    available: true,
    fits: result.fits,
    perGpu: Array.from({ length: count }, () => ({ ...result.memory })),
    kvCacheTokens: result.kvCacheTokens,
    maxModelLenThatFits: result.maxModelLenThatFits,
    maxConcurrency: result.maxConcurrency,
    warnings: result.warnings,
    recommendations: result.recommendations.map(
      (r) => `${String(r.setting)} = ${String(r.value)}: ${r.reason}`,
    ),
    alternatives: result.alternatives.map((a) => `${a.change} — ${a.reason}`),
    assumptions: result.assumptions,
    settings: Object.fromEntries(
      Object.entries(result.settings).filter(([, v]) => v !== undefined) as [
        string,
        string | number | boolean,
      ][],
    ),
    commands: {
      ...(c.vllmServe ? { 'vllm-cli': c.vllmServe } : {}),
      ...(c.python ? { 'vllm-python': c.python } : {}),
      ...(c.xinferenceLaunch ? { 'xinference-cli': c.xinferenceLaunch } : {}),
      ...(webUi ? { 'xinference-webui': webUi } : {}),
      ...(c.docker ? { docker: c.docker } : {}),
    },
  };
}

export function createCoreServices(env: NodeJS.ProcessEnv = process.env): CoreServices {
  let lastGpuReport: GpuReport | undefined;
  let detecting: Promise<GpuReport> | undefined;
  return {
    diagnoseText: (text) => diagnoseText(text),
    diagnoseBytes: async (bytes, name) => diagnoseBytes(bytes, { subject: `the file "${name}"` }),
    diagnoseFile: (file, { onProgress, signal }) =>
      diagnoseFile(file, { signal, onProgress: (p) => onProgress(p.bytesRead, p.totalBytes) }),
    decode: (bytes) => {
      try {
        return decodeBytes(bytes);
      } catch {
        return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
      }
    },
    async detectGpus() {
      lastGpuReport = await detectGpus({ env });
      return toView(lastGpuReport);
    },
    async refreshGpus() {
      lastGpuReport = lastGpuReport
        ? await refreshGpuUsage(lastGpuReport, { env })
        : await detectGpus({ env });
      return toView(lastGpuReport);
    },
    machineGpus() {
      if (lastGpuReport) return Promise.resolve(lastGpuReport);
      detecting ??= detectGpus({ env })
        .then((report) => (lastGpuReport ??= report))
        .finally(() => (detecting = undefined));
      return detecting;
    },
    gpuCatalog: async () =>
      listGpus().map((gpu) => ({
        name: gpu.name,
        memoryGiB: gpu.memoryGiB,
        computeCapability: gpu.computeCapability,
      })),
    searchModels: async (query) =>
      searchModels(query)
        .slice(0, 30)
        .map((spec) => summarise(spec)),
    loadModelFolder: async (folder) => summarise(await specFromFolder(folder), folder),
    async planLaunch(request) {
      const spec = request.modelPath
        ? await specFromFolder(request.modelPath)
        : request.model
          ? findModel(request.model)
          : undefined;
      if (!spec)
        throw new CoreError(
          'unknown-model',
          `Unknown model: ${request.model ?? '(none)'}. Search the catalog or give a folder.`,
        );
      const { hardware, needs, settings } = request;
      const options: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(settings)) {
        const field = SETTING_KEYS[key];
        if (field && value !== null && value !== '') options[field] = value;
      }
      const run = (): PlanResult =>
        planLaunch({
          ...options,
          model: spec,
          gpu: {
            ...(findGpu(hardware.gpuName) ? { gpuId: hardware.gpuName } : {}),
            name: hardware.gpuName,
            memoryGiB: hardware.memoryGiB,
            count: hardware.count,
          },
          tp: typeof options.tp === 'number' ? options.tp : hardware.count,
          maxModelLen: needs.maxModelLen,
          wantedContext: needs.maxModelLen,
          wantedConcurrency: needs.concurrency,
        });
      try {
        return planToView(run());
      } catch (error) {
        if (error instanceof PlanInputError) throw new CoreError('plan-input', error.message);
        throw error;
      }
    },
  };
}

export const defaultCoreServices: CoreServices = createCoreServices();
