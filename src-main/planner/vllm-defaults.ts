/** vLLM's own defaults that change the memory profile, by version, engine and GPU (vLLM notes §d). */
import { atLeast } from './vllm-version';

export interface GpuFacts {
  name: string;
  memoryGiB: number;
}

/**
 * Whether vLLM V1 treats the GPU as a big one (bigger default batch): H100/H200 by name in v0.7–v0.8.4,
 * at least 70 GiB from v0.8.5, and not an A100 from v0.9.0.
 */
export function isBigGpu(version: string, gpu: GpuFacts): boolean {
  const name = gpu.name.toUpperCase();
  if (!atLeast(version, '0.8.5')) return name.includes('H100') || name.includes('H200');
  if (gpu.memoryGiB < 70) return false;
  return !(atLeast(version, '0.9.0') && name.includes('A100'));
}

/** Default `max_num_seqs`: 256 in V0; V1 1024 on big GPUs (every GPU in v0.8.0–v0.8.2), 256 otherwise. */
export function defaultMaxNumSeqs(version: string, engine: 'V0' | 'V1', gpu: GpuFacts): number {
  if (engine === 'V0') return 256;
  if (atLeast(version, '0.8.0') && !atLeast(version, '0.8.3')) return 1024;
  return isBigGpu(version, gpu) ? 1024 : 256;
}

/** V0 turns chunked prefill on by itself only above 32K context. */
export function v0ChunkedPrefill(maxModelLen: number): boolean {
  return maxModelLen > 32768;
}

/**
 * Default `max_num_batched_tokens` for the OpenAI server: V0 `max(max_model_len, 2048)` without chunked
 * prefill, 512 (≤ v0.6) or 2048 with it; V1 8192 on big GPUs, 2048 otherwise.
 */
export function defaultMaxNumBatchedTokens(
  version: string,
  engine: 'V0' | 'V1',
  gpu: GpuFacts,
  maxModelLen: number,
): number {
  if (engine === 'V0') {
    if (!v0ChunkedPrefill(maxModelLen)) return Math.max(maxModelLen, 2048);
    return atLeast(version, '0.7.0') ? 2048 : 512;
  }
  return isBigGpu(version, gpu) ? 8192 : 2048;
}
