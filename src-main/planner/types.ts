/**
 * Shared shapes of the planner: what a model is, what a GPU is, what a plan asks and answers.
 * Everything here is plain data so that it crosses IPC unchanged.
 */

/** How the attention of one decoder layer stores its KV cache. */
export type LayerAttentionKind = 'full' | 'sliding';

/** Multi-head latent attention (DeepSeek V2/V3/R1, Kimi K2): one compressed latent per token per layer. */
export interface MlaDims {
  kvLoraRank: number;
  qLoraRank?: number;
  qkNopeHeadDim: number;
  qkRopeHeadDim: number;
  vHeadDim: number;
}

/** Mixture-of-experts sizes of one model. */
export interface MoeDims {
  numExperts: number;
  expertsPerToken: number;
  moeIntermediateSize: number;
  /** Shared experts that every token goes through (DeepSeek, Qwen2-MoE). */
  sharedExperts?: number;
  /** Leading layers that keep a dense MLP (DeepSeek `first_k_dense_replace`). */
  firstDenseLayers?: number;
  /** Whether experts carry biases (gpt-oss). */
  expertBias?: boolean;
}

/** How the checkpoint's weights are quantized, as vLLM reads `quantization_config`. */
export interface WeightQuantization {
  /** vLLM's method name: fp8, gptq, awq, bitsandbytes, compressed-tensors, mxfp4, … */
  method: string;
  /** Bits per quantized weight (4 for GPTQ/AWQ int4, 8 for fp8/int8). */
  bits: number;
  /** Group size of the scales when there is one (128 for most GPTQ/AWQ checkpoints). */
  groupSize?: number;
  /** Which linear layers the quantization covers: all of them, or only the MoE experts. */
  scope?: 'all-linear' | 'experts';
}

/** Everything the planner needs to know about a model, resolved from a catalog entry or a config.json. */
export interface ModelSpec {
  /** Catalog id (lower-case, e.g. `qwen2.5-7b-instruct`) or the folder name for a local model. */
  id: string;
  /** Hugging Face repo id, e.g. `Qwen/Qwen2.5-7B-Instruct`. */
  hfId?: string;
  displayName?: string;
  architecture: string;
  /** HF `model_type`, e.g. `qwen2`, `llama`, `gemma3_text`. */
  modelType?: string;
  vocabSize: number;
  hiddenSize: number;
  intermediateSize: number;
  numLayers: number;
  numAttentionHeads: number;
  numKeyValueHeads: number;
  headDim: number;
  tieWordEmbeddings: boolean;
  /** Biases on the q, k and v projections (Qwen2, GLM-4). */
  qkvBias?: boolean;
  /** Biases on every attention projection including o (gpt-oss). */
  attentionBias?: boolean;
  /** Per-head RMS norms on q and k (Qwen3, Gemma 3). */
  qkNorm?: boolean;
  /** Norms per decoder layer (2 for most; 4 for Gemma 2/3 with pre and post feed-forward norms). */
  normsPerLayer?: number;
  /** Learned per-head attention sinks (gpt-oss). */
  attentionSinks?: boolean;
  mla?: MlaDims;
  moe?: MoeDims;
  /** Sliding window length in tokens, when some or all layers use one. */
  slidingWindow?: number;
  /** Per-layer attention kinds when they are not all the same (Gemma 2/3, gpt-oss). */
  layerTypes?: LayerAttentionKind[];
  /** The longest context vLLM derives from the config (§c4 of the vLLM notes). */
  maxModelLen: number;
  /** Checkpoint dtype (`bfloat16`, `float16`, `float32`). */
  torchDtype: string;
  quantization?: WeightQuantization;
  /** Parameters outside the language model (vision tower, projector) as the model card gives them. */
  extraParams?: number;
  /** Exact weight bytes from `model.safetensors.index.json` when a local folder had one. */
  weightBytesOnDisk?: number;
  /** Xinference's built-in model name and size, when Xinference ships this model. */
  xinference?: { modelName: string; sizeInBillions: string; modelFormat: string; quantization?: string };
  /** Where the numbers came from. */
  source: string;
}

/** A GPU model as PyTorch sees it. */
export interface GpuSpec {
  id: string;
  name: string;
  /** Names nvidia-smi / PyTorch print for it, matched case-insensitively. */
  aliases: string[];
  /** `torch.cuda.get_device_properties(i).total_memory` in GiB. */
  memoryGiB: number;
  computeCapability: string;
  bf16: boolean;
  /** Native fp8 tensor cores (Ada, Hopper, Blackwell). */
  fp8: boolean;
  /** GPUs joined by NVLink / NVSwitch in the usual server (SXM parts). */
  nvlink: boolean;
  /** CPU and GPU share one memory (GH200, DGX Spark). */
  unifiedMemory?: boolean;
  /** Whether the memory figure is an approximation rather than a value PyTorch printed. */
  approximate?: boolean;
  source: string;
}

/** The GPUs a plan is for: a catalog GPU, or a bare memory size. */
export interface GpuChoice {
  /** Catalog id or any alias (`H100`, `NVIDIA A100-SXM4-80GB`). */
  gpuId?: string;
  /** Per-GPU memory in GiB as PyTorch reports it (overrides the catalog's figure). */
  memoryGiB?: number;
  name?: string;
  count?: number;
}

export type KvCacheDtype = 'auto' | 'fp8' | 'fp8_e4m3' | 'fp8_e5m2' | 'bfloat16' | 'float16';

/** vLLM engine settings the planner reasons about, spelled as vLLM's Python names. */
export interface VllmSettings {
  model?: string;
  tensor_parallel_size?: number;
  pipeline_parallel_size?: number;
  gpu_memory_utilization?: number;
  max_model_len?: number | 'auto';
  dtype?: string;
  quantization?: string;
  kv_cache_dtype?: string;
  max_num_seqs?: number;
  max_num_batched_tokens?: number;
  enforce_eager?: boolean;
  cpu_offload_gb?: number;
  block_size?: number;
  enable_prefix_caching?: boolean;
  trust_remote_code?: boolean;
}

/** Numbers vLLM printed in a log; when present they replace the estimate's terms. */
export interface ObservedNumbers {
  weightsGiB?: number;
  activationGiB?: number;
  nonTorchGiB?: number;
  /** `Available KV cache memory` (V1) or `the rest of the memory reserved for KV Cache` (V0). */
  kvCacheGiB?: number;
  /** `GPU KV cache size: N tokens` or `# GPU blocks` × block size. */
  kvCacheTokens?: number;
  totalGiB?: number;
}

export interface PlanRequest {
  model: ModelSpec;
  gpu: GpuChoice;
  tp?: number;
  pp?: number;
  gpuMemoryUtilization?: number;
  maxModelLen?: number;
  dtype?: string;
  quantization?: string;
  kvCacheDtype?: string;
  maxNumSeqs?: number;
  maxNumBatchedTokens?: number;
  blockSize?: number;
  enforceEager?: boolean;
  cpuOffloadGb?: number;
  /** `0.19.0`, `v0.11.0+nv25.11`; absent: the newest version the planner knows. */
  vllmVersion?: string;
  /** `V0` when a log says so and no version is known. */
  engine?: 'V0' | 'V1';
  /** Concurrent full-length requests the user wants to serve. */
  wantedConcurrency?: number;
  /** Context length the user wants (defaults to maxModelLen or the model's limit). */
  wantedContext?: number;
  /** Whether to look for recommendations and alternatives (default true). */
  recommend?: boolean;
  observed?: ObservedNumbers;
}

/** Per-GPU memory figures in GiB. */
export interface MemoryBreakdown {
  totalGiB: number;
  budgetGiB: number;
  weightsGiB: number;
  activationGiB: number;
  nonTorchGiB: number;
  cudaGraphGiB: number;
  /** Whether the CUDA-graph term is taken out of the budget (vLLM ≥ 0.21) or lives outside it. */
  cudaGraphInBudget: boolean;
  kvCacheGiB: number;
}

export interface Recommendation {
  setting: keyof VllmSettings;
  value: VllmSettings[keyof VllmSettings];
  reason: string;
}

export interface Alternative {
  change: string;
  settings: VllmSettings;
  gpuCount: number;
  modelId?: string;
  kvCacheTokens: number;
  maxModelLenThatFits: number;
  reason: string;
}

export interface PlanCommands {
  vllmServe: string;
  python: string;
  xinferenceLaunch: string;
  xinferenceWebUi: Array<{ key: string; value: string }>;
  docker: string;
}

export interface PlanResult {
  model: { id: string; hfId?: string; params: number; activeParams?: number; maxModelLen: number };
  gpu: { name: string; count: number; memoryGiB: number; computeCapability?: string };
  vllmVersion: string;
  engine: 'V0' | 'V1';
  /** Where each assumption came from, one sentence each. */
  assumptions: string[];
  memory: MemoryBreakdown;
  kvBytesPerToken: number;
  kvCacheTokens: number;
  maxModelLenThatFits: number;
  maxConcurrency: number;
  fits: boolean;
  warnings: string[];
  settings: VllmSettings;
  recommendations: Recommendation[];
  alternatives: Alternative[];
  /** Whether this vLLM version accepts `--max-model-len auto`. */
  maxModelLenAutoAvailable: boolean;
  commands: PlanCommands;
}

/** One problem the flag checker found in a pasted command or kwargs. */
export interface FlagIssue {
  severity: 'error' | 'warning';
  /** The name as the user wrote it. */
  name: string;
  value?: string;
  message: string;
  /** The right spelling when the name is unknown, renamed or mis-spelled for this front end. */
  suggestion?: string;
}
