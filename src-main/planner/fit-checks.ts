/** Why a launch would fail before or at KV-cache allocation, phrased for the user. */
import type { Estimate } from './estimate';
import type { ResolvedRequest } from './resolve-request';

export interface FitProblems {
  errors: string[];
  warnings: string[];
}

const gib = (value: number): string => `${value.toFixed(2)} GiB`;

export function fitProblems(r: ResolvedRequest, e: Estimate): FitProblems {
  const errors: string[] = [];
  const warnings: string[] = [];
  const m = e.memory;
  const heads = r.model.numAttentionHeads;
  if (heads % r.tp !== 0) {
    errors.push(
      `Total number of attention heads (${heads}) must be divisible by tensor parallel size (${r.tp}).`,
    );
  }
  if (r.tp * r.pp > r.gpu.count) {
    errors.push(
      `tensor_parallel_size × pipeline_parallel_size = ${r.tp * r.pp} needs more GPUs than the ${r.gpu.count} available.`,
    );
  }
  if (r.pp > r.model.numLayers)
    errors.push(`pipeline_parallel_size ${r.pp} exceeds the model's ${r.model.numLayers} layers.`);
  if (r.maxModelLen > r.model.maxModelLen) {
    errors.push(
      `max_model_len ${r.maxModelLen} is above the model's limit of ${r.model.maxModelLen} tokens (vLLM refuses it unless VLLM_ALLOW_LONG_MAX_MODEL_LEN=1).`,
    );
  }
  if (m.weightsGiB >= m.budgetGiB) {
    errors.push(
      `The weights need ${gib(m.weightsGiB)} per GPU but only ${gib(m.budgetGiB)} may be used (${r.gpuMemoryUtilization} × ${gib(m.totalGiB)}).`,
    );
  } else if (m.kvCacheGiB <= 0) {
    errors.push(
      `No memory is left for the KV cache (${gib(m.kvCacheGiB)} after weights, activation and non-torch memory).`,
    );
  } else if (e.maxModelLenThatFits < Math.min(r.maxModelLen, r.model.maxModelLen)) {
    errors.push(
      `max_model_len ${r.maxModelLen} does not fit: the KV cache holds ${e.kvCacheTokens} tokens (${gib(m.kvCacheGiB)}); the longest context that fits is ${e.maxModelLenThatFits}.`,
    );
  }
  if (r.model.torchDtype === 'bfloat16' && r.dtype === 'auto' && r.gpu.spec && !r.gpu.spec.bf16) {
    errors.push(
      `${r.gpu.spec.name} (compute capability ${r.gpu.spec.computeCapability}) has no bfloat16; pass --dtype half.`,
    );
  }
  if (r.wantedConcurrency !== undefined && e.maxConcurrency < r.wantedConcurrency && errors.length === 0) {
    warnings.push(
      `Only ${e.maxConcurrency.toFixed(2)} requests of ${r.maxModelLen} tokens fit at once, fewer than the ${r.wantedConcurrency} wanted.`,
    );
  }
  if (!m.cudaGraphInBudget && !r.enforceEager) {
    const headroom = m.totalGiB * (1 - r.gpuMemoryUtilization);
    if (m.cudaGraphGiB + 0.5 > headroom) {
      warnings.push(
        `CUDA graphs (about ${gib(m.cudaGraphGiB)}) are captured outside the budget and only ${gib(headroom)} is left above it; lower gpu_memory_utilization or use enforce_eager if start-up runs out of memory.`,
      );
    }
  }
  if (r.model.extraParams) {
    warnings.push(
      'Vision-language model: image/video profiling adds to the activation peak; --limit-mm-per-prompt and max_num_seqs bound it.',
    );
  }
  if (r.cpuOffloadGb > 0)
    warnings.push(
      `cpu_offload_gb ${r.cpuOffloadGb}: offloaded weights are streamed over PCIe every step, which is slow.`,
    );
  return { errors, warnings };
}
