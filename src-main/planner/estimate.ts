/**
 * vLLM's memory budget on every GPU of a launch: total × gpu_memory_utilization − weights − activation
 * peak − non-torch memory (− CUDA graphs from v0.21), the KV pool that is left, and what it holds.
 * The engine takes the smallest pool over all ranks, so the limiting pipeline stage is reported.
 */
import {
  kvBytesPerToken as layoutBytesPerToken,
  kvCacheTokens,
  kvLayout,
  maxConcurrency,
  maxLengthThatFits,
  numBlocks,
  type KvLayout,
} from './kv-cache';
import { activationGiB, cudaGraphGiB, nonTorchGiB } from './overheads';
import type { ResolvedRequest } from './resolve-request';
import type { MemoryBreakdown } from './types';
import { modelDtypeBytes, pipelineStages, weightGiBOnGpu } from './weights';
import { cudaGraphsInBudget } from './vllm-version';

const GIB = 1024 ** 3;

export interface Estimate {
  memory: MemoryBreakdown;
  layout: KvLayout;
  kvBytesPerToken: number;
  kvCacheTokens: number;
  maxModelLenThatFits: number;
  maxConcurrency: number;
  /** Pipeline stage that limits the pool. */
  stage: number;
}

interface StageEstimate extends Estimate {
  blocks: number;
}

function estimateStage(r: ResolvedRequest, stage: number, layers: number[]): StageEstimate {
  const observed = r.observed ?? {};
  const totalGiB = observed.totalGiB ?? r.gpu.memoryGiB;
  const budgetGiB = totalGiB * r.gpuMemoryUtilization;
  const modelWeights = weightGiBOnGpu({
    spec: r.model,
    tp: r.tp,
    pp: r.pp,
    stage,
    dtype: r.dtype,
    quantization: r.quantization,
  });
  const weightsGiB = observed.weightsGiB ?? Math.max(0, modelWeights - r.cpuOffloadGb);
  const activation =
    observed.activationGiB ??
    activationGiB({
      spec: r.model,
      version: r.version,
      engine: r.engine,
      tp: r.tp,
      maxNumSeqs: r.maxNumSeqs,
      maxNumBatchedTokens: r.maxNumBatchedTokens,
      runsSampler: stage === r.pp - 1,
    });
  const nvlink = r.gpu.spec ? r.gpu.spec.nvlink : true;
  const nonTorch =
    observed.nonTorchGiB ?? nonTorchGiB({ version: r.version, engine: r.engine, tp: r.tp, pp: r.pp, nvlink });
  const graphs = cudaGraphGiB({
    spec: r.model,
    engine: r.engine,
    enforceEager: r.enforceEager,
    layersOnGpu: layers.length,
  });
  const graphsInBudget = cudaGraphsInBudget(r.version, r.engine);
  const layout = kvLayout(r.model, {
    tp: r.tp,
    layers,
    kvCacheDtype: r.kvCacheDtype,
    modelDtypeBytes: modelDtypeBytes(r.dtype, r.model.torchDtype),
    blockSize: r.blockSize,
    engine: r.engine,
    maxNumBatchedTokens: r.maxNumBatchedTokens,
  });
  const perToken = layout.layerBytesPerToken * layout.groupSize * layout.groups.length;
  let kvGiB = budgetGiB - weightsGiB - activation - nonTorch - (graphsInBudget ? graphs : 0);
  if (observed.kvCacheTokens !== undefined) kvGiB = (observed.kvCacheTokens * perToken) / GIB;
  else if (observed.kvCacheGiB !== undefined) kvGiB = observed.kvCacheGiB;
  const available = Math.max(0, kvGiB) * GIB;
  const tokens = observed.kvCacheTokens ?? kvCacheTokens(layout, available);
  return {
    memory: {
      totalGiB,
      budgetGiB,
      weightsGiB,
      activationGiB: activation,
      nonTorchGiB: nonTorch,
      cudaGraphGiB: graphs,
      cudaGraphInBudget: graphsInBudget,
      kvCacheGiB: kvGiB,
    },
    layout,
    kvBytesPerToken: perToken,
    kvCacheTokens: tokens,
    maxModelLenThatFits: maxLengthThatFits(layout, available, r.model.maxModelLen, r.engine),
    maxConcurrency: maxConcurrency(layout, available, r.maxModelLen, r.engine),
    stage,
    blocks: numBlocks(layout, available),
  };
}

/** The estimate for a resolved request: the limiting GPU's budget, KV pool, and what fits in it. */
export function estimate(r: ResolvedRequest): Estimate {
  const stages = pipelineStages(r.model.numLayers, r.pp);
  const perStage = stages.map((layers, stage) => estimateStage(r, stage, layers));
  let limiting = perStage[0];
  for (const s of perStage)
    if (s.maxModelLenThatFits < limiting.maxModelLenThatFits || s.blocks < limiting.blocks) limiting = s;
  const { blocks: _blocks, ...result } = limiting;
  void _blocks;
  return result;
}

/** Per-token KV bytes on one GPU for a resolved request (first stage). */
export function resolvedKvBytesPerToken(r: ResolvedRequest): number {
  return layoutBytesPerToken(r.model, {
    tp: r.tp,
    kvCacheDtype: r.kvCacheDtype,
    modelDtypeBytes: modelDtypeBytes(r.dtype, r.model.torchDtype),
    engine: r.engine,
    blockSize: r.blockSize,
  });
}
