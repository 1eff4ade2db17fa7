/** Fills a PlanRequest's gaps with the values vLLM would use, and names every assumption made. */
import { findGpu } from './gpu-catalog';
import type { GpuSpec, ModelSpec, ObservedNumbers, PlanRequest } from './types';
import { defaultMaxNumBatchedTokens, defaultMaxNumSeqs } from './vllm-defaults';
import {
  NEWEST_KNOWN_VLLM,
  atLeast,
  defaultEngine,
  defaultGpuMemoryUtilization,
  parseVersion,
} from './vllm-version';

/** The version assumed for a log that says V0 but not which release (the last release where V0 was the default). */
export const ASSUMED_V0_VERSION = '0.7.3';

export interface ResolvedGpu {
  name: string;
  memoryGiB: number;
  count: number;
  spec?: GpuSpec;
}

export interface ResolvedRequest {
  model: ModelSpec;
  gpu: ResolvedGpu;
  version: string;
  engine: 'V0' | 'V1';
  tp: number;
  pp: number;
  gpuMemoryUtilization: number;
  maxModelLen: number;
  dtype: string;
  quantization?: string;
  kvCacheDtype: string;
  maxNumSeqs: number;
  maxNumBatchedTokens: number;
  blockSize: number;
  enforceEager: boolean;
  cpuOffloadGb: number;
  wantedConcurrency?: number;
  observed?: ObservedNumbers;
  assumptions: string[];
  warnings: string[];
}

export class PlanInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanInputError';
  }
}

function resolveGpu(request: PlanRequest, gpusNeeded: number, assumptions: string[]): ResolvedGpu {
  const choice = request.gpu;
  const spec = choice.gpuId ? findGpu(choice.gpuId) : choice.name ? findGpu(choice.name) : undefined;
  if (choice.gpuId && !spec && choice.memoryGiB === undefined) {
    throw new PlanInputError(`unknown GPU '${choice.gpuId}'; give its memory with --gpu-memory-gib`);
  }
  const memoryGiB = choice.memoryGiB ?? spec?.memoryGiB;
  if (memoryGiB === undefined || !(memoryGiB > 0))
    throw new PlanInputError('no GPU memory size: name a GPU or give its memory in GiB');
  if (choice.memoryGiB === undefined && spec) {
    assumptions.push(
      `GPU memory ${spec.memoryGiB} GiB per ${spec.name}, as PyTorch reports it${spec.approximate ? ' (approximate)' : ''}.`,
    );
  }
  return {
    name: choice.name ?? spec?.name ?? `GPU with ${memoryGiB} GiB`,
    memoryGiB,
    count: choice.count ?? gpusNeeded,
    spec,
  };
}

function positiveInt(value: number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1)
    throw new PlanInputError(`${name} must be a whole number ≥ 1 (got ${value})`);
  return value;
}

export function resolveRequest(request: PlanRequest): ResolvedRequest {
  const assumptions: string[] = [];
  const warnings: string[] = [];
  let version: string;
  if (request.vllmVersion) {
    const parsed = parseVersion(request.vllmVersion);
    if (!parsed) throw new PlanInputError(`not a vLLM version: '${request.vllmVersion}'`);
    version = `${parsed.major}.${parsed.minor}.${parsed.patch}`;
  } else if (request.engine === 'V0') {
    version = ASSUMED_V0_VERSION;
    assumptions.push(`vLLM version not given; V0 engine assumed to behave like v${ASSUMED_V0_VERSION}.`);
  } else {
    version = NEWEST_KNOWN_VLLM;
    assumptions.push(
      `vLLM version not given; planning for v${NEWEST_KNOWN_VLLM}, the newest this planner knows.`,
    );
  }
  let engine = request.engine ?? defaultEngine(version);
  if (engine === 'V0' && atLeast(version, '0.11.0')) {
    warnings.push(`vLLM v${version} has no V0 engine (removed in v0.11); planning for V1.`);
    engine = 'V1';
  }
  const tp = positiveInt(request.tp, 'tensor_parallel_size') ?? 1;
  const pp = positiveInt(request.pp, 'pipeline_parallel_size') ?? 1;
  const gpu = resolveGpu(request, tp * pp, assumptions);
  const gmu = request.gpuMemoryUtilization ?? defaultGpuMemoryUtilization(version);
  if (!(gmu > 0 && gmu <= 1))
    throw new PlanInputError(`gpu_memory_utilization must be in (0, 1] (got ${gmu})`);
  const model = request.model;
  const maxModelLen = positiveInt(request.maxModelLen, 'max_model_len') ?? model.maxModelLen;
  if (request.maxModelLen === undefined) {
    assumptions.push(`max_model_len not given; vLLM uses the model's limit, ${model.maxModelLen} tokens.`);
  }
  const gpuFacts = { name: gpu.name, memoryGiB: gpu.memoryGiB };
  const maxNumSeqs =
    positiveInt(request.maxNumSeqs, 'max_num_seqs') ?? defaultMaxNumSeqs(version, engine, gpuFacts);
  const maxNumBatchedTokens =
    positiveInt(request.maxNumBatchedTokens, 'max_num_batched_tokens') ??
    defaultMaxNumBatchedTokens(version, engine, gpuFacts, maxModelLen);
  if (request.maxNumSeqs === undefined) assumptions.push(`max_num_seqs: vLLM's default here, ${maxNumSeqs}.`);
  const blockSize = positiveInt(request.blockSize, 'block_size') ?? (engine === 'V1' && model.mla ? 64 : 16);
  return {
    model,
    gpu,
    version,
    engine,
    tp,
    pp,
    gpuMemoryUtilization: gmu,
    maxModelLen,
    dtype: request.dtype ?? 'auto',
    quantization: request.quantization && request.quantization !== 'none' ? request.quantization : undefined,
    kvCacheDtype: request.kvCacheDtype ?? 'auto',
    maxNumSeqs,
    maxNumBatchedTokens,
    blockSize,
    enforceEager: request.enforceEager ?? false,
    cpuOffloadGb: request.cpuOffloadGb ?? 0,
    wantedConcurrency: request.wantedConcurrency,
    observed: request.observed,
    assumptions,
    warnings,
  };
}
