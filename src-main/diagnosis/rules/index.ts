/** Every rule, one per diagnosis id (shared/diagnoses.md). */
import type { Rule } from '../rule-api';
import { CATALOG } from '../signals';
import { registeredRulePatterns } from '../patterns';
import { PHASE_PATTERNS } from './oom-phase';
import { attentionBackendUnsupported } from './attention-backend-unsupported';
import { bf16Unsupported } from './bf16-unsupported';
import { cpuBackendMemory } from './cpu-backend-memory';
import { cudaDriverMismatch } from './cuda-driver-mismatch';
import { cudaOom } from './cuda-oom';
import { cudaOomCudagraph } from './cuda-oom-cudagraph';
import { cudaOomWarmup } from './cuda-oom-warmup';
import { cudaOomWeights } from './cuda-oom-weights';
import { cudaReinitFork } from './cuda-reinit-fork';
import { freeMemoryBelowUtilization } from './free-memory-below-utilization';
import { kernelJitBuildFailure } from './kernel-jit-build-failure';
import { kvCacheInsufficient } from './kv-cache-insufficient';
import { lmdeployCacheRatio } from './lmdeploy-cache-ratio';
import { maxModelLenExceedsModel } from './max-model-len-exceeds-model';
import { maxNumBatchedTokensTooSmall } from './max-num-batched-tokens-too-small';
import { memoryProfilingError } from './memory-profiling-error';
import { modelNotFound } from './model-not-found';
import { multimodalMemory } from './multimodal-memory';
import { ncclError } from './nccl-error';
import { noKernelImage } from './no-kernel-image';
import { noKvCacheMemory } from './no-kv-cache-memory';
import { portInUse } from './port-in-use';
import { promptTooLong } from './prompt-too-long';
import { quantizationUnsupported } from './quantization-unsupported';
import { sglangMemFraction } from './sglang-mem-fraction';
import { tpDivisibility } from './tp-divisibility';
import { tpExceedsGpus } from './tp-exceeds-gpus';
import { trustRemoteCode } from './trust-remote-code';
import { unknownEngineArg } from './unknown-engine-arg';
import { xinferenceEngineUnavailable } from './xinference-engine-unavailable';

export const RULES: readonly Rule[] = [
  kvCacheInsufficient,
  noKvCacheMemory,
  maxModelLenExceedsModel,
  maxNumBatchedTokensTooSmall,
  promptTooLong,
  cudaOomWeights,
  cudaOomCudagraph,
  cudaOomWarmup,
  cudaOom,
  freeMemoryBelowUtilization,
  memoryProfilingError,
  cudaReinitFork,
  bf16Unsupported,
  tpDivisibility,
  tpExceedsGpus,
  ncclError,
  quantizationUnsupported,
  noKernelImage,
  cudaDriverMismatch,
  attentionBackendUnsupported,
  unknownEngineArg,
  trustRemoteCode,
  modelNotFound,
  portInUse,
  xinferenceEngineUnavailable,
  multimodalMemory,
  cpuBackendMemory,
  sglangMemFraction,
  lmdeployCacheRatio,
  kernelJitBuildFailure,
];

export function findRule(id: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}

/** Every regular expression the rules run: the catalog's and the rule files' own. */
export function allRulePatterns(): RegExp[] {
  return [...CATALOG.map((message) => message.pattern), ...registeredRulePatterns(), ...PHASE_PATTERNS];
}
