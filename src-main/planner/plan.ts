/** planLaunch: the whole planner behind one pure, synchronous call. */
import { estimate } from './estimate';
import { activeParamCount, paramCount } from './param-count';
import { resolveRequest } from './resolve-request';
import type { PlanRequest, PlanResult, VllmSettings } from './types';
import { supportsMaxModelLenAuto } from './vllm-version';
import { fitProblems } from './fit-checks';
import { recommend } from './recommend';
import { writeAllCommands } from './writers';

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

export function planLaunch(request: PlanRequest): PlanResult {
  const r = resolveRequest(request);
  const e = estimate(r);
  const problems = fitProblems(r, e);
  const fits = problems.errors.length === 0;
  const warnings = [...r.warnings, ...problems.errors, ...problems.warnings];
  const settings: VllmSettings = {
    model: r.model.hfId ?? r.model.id,
    max_model_len: r.maxModelLen,
    gpu_memory_utilization: r.gpuMemoryUtilization,
  };
  if (r.tp > 1) settings.tensor_parallel_size = r.tp;
  if (r.pp > 1) settings.pipeline_parallel_size = r.pp;
  if (request.dtype) settings.dtype = request.dtype;
  if (r.quantization) settings.quantization = r.quantization;
  if (r.kvCacheDtype !== 'auto') settings.kv_cache_dtype = r.kvCacheDtype;
  if (request.maxNumSeqs !== undefined) settings.max_num_seqs = r.maxNumSeqs;
  if (r.enforceEager) settings.enforce_eager = true;
  if (r.cpuOffloadGb > 0) settings.cpu_offload_gb = r.cpuOffloadGb;
  if (request.blockSize !== undefined) settings.block_size = r.blockSize;

  const advice =
    request.recommend === false
      ? { settings, recommendations: [], alternatives: [] }
      : recommend(r, e, settings);
  const memory = e.memory;
  return {
    model: {
      id: r.model.id,
      hfId: r.model.hfId,
      params: paramCount(r.model),
      activeParams: r.model.moe ? Math.round(activeParamCount(r.model)) : undefined,
      maxModelLen: r.model.maxModelLen,
    },
    gpu: {
      name: r.gpu.name,
      count: r.gpu.count,
      memoryGiB: round(r.gpu.memoryGiB),
      computeCapability: r.gpu.spec?.computeCapability,
    },
    vllmVersion: r.version,
    engine: r.engine,
    assumptions: r.assumptions,
    memory: {
      totalGiB: round(memory.totalGiB),
      budgetGiB: round(memory.budgetGiB),
      weightsGiB: round(memory.weightsGiB),
      activationGiB: round(memory.activationGiB),
      nonTorchGiB: round(memory.nonTorchGiB),
      cudaGraphGiB: round(memory.cudaGraphGiB),
      cudaGraphInBudget: memory.cudaGraphInBudget,
      kvCacheGiB: round(memory.kvCacheGiB),
    },
    kvBytesPerToken: e.kvBytesPerToken,
    kvCacheTokens: e.kvCacheTokens,
    maxModelLenThatFits: e.maxModelLenThatFits,
    maxConcurrency: round(e.maxConcurrency),
    fits,
    warnings,
    settings: advice.settings,
    recommendations: advice.recommendations,
    alternatives: advice.alternatives,
    maxModelLenAutoAvailable: supportsMaxModelLenAuto(r.version),
    commands: writeAllCommands(advice.settings, r),
  };
}
