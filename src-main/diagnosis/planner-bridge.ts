/**
 * Diagnosis fixes ask the planner for numbers the log does not give: the longest context that
 * fits, or the smallest tensor-parallel size whose weights fit. Numbers vLLM printed in the log
 * go to the planner as observations and win over its estimate. When the model is not in the
 * catalog or the GPU memory is unknown, there is no plan and the rules fall back to the log.
 */
import { findGpu, findModel, planLaunch } from '../planner';
import type { PlanRequest, PlanResult } from '../planner';
import type { LogFacts } from './types';

function numberSetting(facts: LogFacts, name: string): number | undefined {
  const value = facts.settings[name];
  return typeof value === 'number' ? value : undefined;
}

function numberMeasurement(facts: LogFacts, name: string): number | undefined {
  const value = facts.measurements[name];
  return typeof value === 'number' ? value : undefined;
}

/** The plan request the log describes, or undefined when the model or GPU memory is unknown. */
export function requestFromLog(
  facts: LogFacts,
  overrides: Partial<PlanRequest> = {},
): PlanRequest | undefined {
  const model = facts.model ? findModel(facts.model) : undefined;
  if (!model) return undefined;
  const gpuName = typeof facts.measurements.gpu_name === 'string' ? facts.measurements.gpu_name : undefined;
  const totalGiB = numberMeasurement(facts, 'total_gpu_memory_gib');
  const gpuSpec = gpuName ? findGpu(gpuName) : undefined;
  if (!gpuSpec && totalGiB === undefined) return undefined;
  const maxModelLen = numberSetting(facts, 'max_model_len');
  const request: PlanRequest = {
    model,
    gpu: { gpuId: gpuSpec?.id, memoryGiB: totalGiB, name: gpuName },
    tp: numberSetting(facts, 'tensor_parallel_size'),
    pp: numberSetting(facts, 'pipeline_parallel_size'),
    gpuMemoryUtilization: numberSetting(facts, 'gpu_memory_utilization'),
    maxModelLen,
    maxNumSeqs: numberSetting(facts, 'max_num_seqs'),
    enforceEager: facts.settings.enforce_eager === true ? true : undefined,
    vllmVersion: facts.vllmVersion,
    engine: facts.vllmEngine,
    recommend: false,
    observed: {
      weightsGiB: numberMeasurement(facts, 'weights_gib'),
      kvCacheGiB: numberMeasurement(facts, 'kv_cache_gib'),
      kvCacheTokens: numberMeasurement(facts, 'kv_cache_tokens'),
      totalGiB,
    },
  };
  return { ...request, ...overrides };
}

/** A plan for the log's own settings; undefined when the planner lacks what it needs. */
export function planFromLog(facts: LogFacts, overrides: Partial<PlanRequest> = {}): PlanResult | undefined {
  const request = requestFromLog(facts, overrides);
  if (!request) return undefined;
  try {
    return planLaunch(request);
  } catch {
    // A request the planner cannot answer (unknown dtype, impossible TP) means no plan, not a crash.
    return undefined;
  }
}

/**
 * The smallest tensor-parallel size (a power of two above the log's) whose weights fit with room
 * for at least one request of `max_model_len` (or 4096 tokens when the log gives none).
 */
export function smallestFittingTp(facts: LogFacts): { tp: number; plan: PlanResult } | undefined {
  const current = numberSetting(facts, 'tensor_parallel_size') ?? 1;
  const heads = facts.model ? findModel(facts.model)?.numAttentionHeads : undefined;
  for (const tp of [2, 4, 8, 16]) {
    if (tp <= current) continue;
    if (heads !== undefined && heads % tp !== 0) continue;
    const plan = planFromLog(facts, {
      tp,
      observed: undefined,
      maxModelLen: numberSetting(facts, 'max_model_len') ?? 4096,
    });
    if (plan && plan.kvCacheTokens > 0 && plan.maxModelLenThatFits > 0) return { tp, plan };
  }
  return undefined;
}
