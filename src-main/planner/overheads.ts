/**
 * The non-KV terms of vLLM's budget on one GPU, calibrated on start-ups where vLLM printed them
 * (test/fixtures/corpus/capacity). Each term is a function of real quantities, not of a case:
 *
 * - Activation peak. V1 profiles a dummy sampler over `max_num_seqs` rows of fp32 logits; that
 *   dominates (≈ 9.6 copies of `max_num_seqs × vocab × 4 B` before v0.17, ≈ 3.7 copies from v0.17,
 *   e.g. 5.6 → 2.2 GiB for Qwen3 on H100 with 1024 sequences, 1.4 GiB with 256 sequences on L40S),
 *   plus a small term for the MLP of `max_num_batched_tokens` tokens. V0 profiles one prefill of
 *   `max_num_batched_tokens` tokens, so its peak grows with the context (≈ 3.8 × intermediate × 2 B per token).
 * - Non-torch memory: CUDA context and cuBLAS ≈ 0.13 GiB (0.25 from v0.19), 0.07 on a PP-only rank; NCCL
 *   and custom all-reduce buffers at TP ≥ 2 over NVLink ≈ 2.1 GiB (≈ 0.55 at TP 2 before v0.19), ≈ 0.3 GiB over PCIe.
 * - CUDA graphs: outside the budget until v0.21 (captured after the KV cache is sized); a rough size
 *   is still reported because it must fit in the memory `gpu_memory_utilization` leaves free.
 */
import type { ModelSpec } from './types';
import { atLeast } from './vllm-version';

const GIB = 1024 ** 3;

/** Copies of the fp32 logits the V1 profiling sampler holds at its peak. */
export function samplerLogitCopies(version: string): number {
  return atLeast(version, '0.17.0') ? 3.73 : 9.57;
}

/** MLP width one token goes through on one GPU (MoE: the chosen experts plus shared ones). */
export function mlpWidthPerGpu(spec: ModelSpec, tp: number): number {
  const dense = spec.moe && (spec.moe.firstDenseLayers ?? 0) === 0 ? 0 : spec.intermediateSize;
  const moe = spec.moe
    ? spec.moe.moeIntermediateSize * (spec.moe.expertsPerToken + (spec.moe.sharedExperts ?? 0))
    : 0;
  return Math.max(dense, moe) / tp;
}

export interface ActivationInput {
  spec: ModelSpec;
  version: string;
  engine: 'V0' | 'V1';
  tp: number;
  maxNumSeqs: number;
  maxNumBatchedTokens: number;
  /** Whether this rank runs the sampler (the last pipeline stage). */
  runsSampler: boolean;
}

/** Peak activation memory of vLLM's profiling run on one GPU, in GiB. */
export function activationGiB(input: ActivationInput): number {
  const width = mlpWidthPerGpu(input.spec, input.tp);
  const logits = input.maxNumSeqs * input.spec.vocabSize * 4;
  if (input.engine === 'V0') {
    const prefill = 3.83 * input.maxNumBatchedTokens * width * 2;
    return (prefill + (input.runsSampler ? 0.25 * logits : 0)) / GIB;
  }
  const sampler = input.runsSampler ? samplerLogitCopies(input.version) * logits : 0;
  return (sampler + 0.23 * input.maxNumBatchedTokens * width * 2) / GIB;
}

export interface NonTorchInput {
  version: string;
  engine: 'V0' | 'V1';
  tp: number;
  pp: number;
  /** GPUs joined by NVLink/NVSwitch; unknown GPUs are assumed to be. */
  nvlink: boolean;
}

/** Memory outside PyTorch's allocator on one GPU (CUDA context, cuBLAS, NCCL buffers), in GiB. */
export function nonTorchGiB(input: NonTorchInput): number {
  const recent = input.engine === 'V1' && atLeast(input.version, '0.19.0');
  if (input.tp >= 2) {
    if (!input.nvlink) return 0.3;
    if (recent || input.tp >= 4) return 2.1;
    return 0.55;
  }
  if (input.pp >= 2) return 0.07;
  if (input.engine === 'V0') return 0.15;
  return recent ? 0.25 : 0.13;
}

export interface CudaGraphInput {
  spec: ModelSpec;
  engine: 'V0' | 'V1';
  enforceEager: boolean;
  layersOnGpu: number;
}

/** Rough CUDA-graph memory on one GPU in GiB (0 with enforce_eager): 0.4 GiB dense, more per MoE layer. */
export function cudaGraphGiB(input: CudaGraphInput): number {
  if (input.enforceEager) return 0;
  const base = input.engine === 'V0' ? 1.0 : 0.4;
  return base + (input.spec.moe ? 0.03 * input.layersOnGpu : 0);
}
