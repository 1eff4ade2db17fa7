/**
 * Turns a Hugging Face `config.json` (plus its `quantization_config`) into a ModelSpec.
 * The same code reads the bundled catalog, whose entries keep the config fields verbatim.
 */
import type { LayerAttentionKind, MlaDims, ModelSpec, MoeDims, WeightQuantization } from './types';

/** A parsed config.json: string keys to JSON values. */
export type HfConfig = Record<string, unknown>;

export interface SpecOrigin {
  id: string;
  hfId?: string;
  displayName?: string;
  source: string;
  extraParams?: number;
  weightBytesOnDisk?: number;
  xinference?: ModelSpec['xinference'];
}

const LENGTH_KEYS = [
  'max_position_embeddings',
  'n_positions',
  'max_seq_len',
  'seq_length',
  'model_max_length',
  'max_sequence_length',
  'max_seq_length',
  'seq_len',
];

const QKV_BIAS_TYPES = new Set(['qwen2', 'qwen2_moe', 'qwen2_vl', 'qwen2_5_vl']);
const QK_NORM_TYPES = new Set(['qwen3', 'qwen3_moe', 'gemma3', 'gemma3_text', 'olmo2']);
const FOUR_NORM_TYPES = new Set(['gemma2', 'gemma3', 'gemma3_text', 'glm4']);

function num(config: HfConfig, ...keys: string[]): number | undefined {
  for (const key of keys) {
    const value = config[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return undefined;
}

function requireNum(config: HfConfig, what: string, ...keys: string[]): number {
  const value = num(config, ...keys);
  if (value === undefined) throw new Error(`config.json has no ${what} (${keys.join(' / ')})`);
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Vision-language configs keep the language model's numbers under `text_config` (or `llm_config`). */
export function textConfigOf(config: HfConfig): HfConfig {
  for (const key of ['text_config', 'llm_config', 'language_config']) {
    const inner = config[key];
    if (
      isRecord(inner) &&
      (num(inner, 'hidden_size') !== undefined || num(inner, 'num_hidden_layers') !== undefined)
    ) {
      // Keys the outer config sets and the inner one lacks (vocab, dtype) still apply.
      return { ...config, ...inner };
    }
  }
  return config;
}

/** The context vLLM derives from a config (vLLM notes §c4: minimum of length keys, then RoPE scaling). */
export function derivedMaxModelLen(config: HfConfig): number {
  const lengths = LENGTH_KEYS.map((key) => num(config, key)).filter((v): v is number => v !== undefined);
  let derived = lengths.length > 0 ? Math.min(...lengths) : 2048;
  const modelType = String(config.model_type ?? '');
  const rope = isRecord(config.rope_scaling)
    ? config.rope_scaling
    : isRecord(config.rope_parameters)
      ? config.rope_parameters
      : undefined;
  if (rope && !modelType.includes('gemma3')) {
    const type = String(rope.rope_type ?? rope.type ?? '');
    const factor = typeof rope.factor === 'number' ? rope.factor : 1;
    if (type === 'yarn') {
      const original =
        typeof rope.original_max_position_embeddings === 'number'
          ? rope.original_max_position_embeddings
          : derived;
      derived = original * factor;
    } else if (!['su', 'longrope', 'llama3', 'default', 'mrope', ''].includes(type)) {
      derived *= factor;
    }
  }
  return Math.round(derived);
}

function layerTypesOf(
  config: HfConfig,
  numLayers: number,
  window: number | undefined,
): LayerAttentionKind[] | undefined {
  if (window === undefined) return undefined;
  const given = config.layer_types;
  if (Array.isArray(given) && given.length === numLayers) {
    return given.map((t) => (String(t).includes('sliding') ? 'sliding' : 'full'));
  }
  const modelType = String(config.model_type ?? '');
  if (modelType === 'gemma2') {
    return Array.from({ length: numLayers }, (_, i) => (i % 2 === 0 ? 'sliding' : 'full'));
  }
  const pattern = num(config, 'sliding_window_pattern');
  if (pattern !== undefined && pattern > 1) {
    return Array.from({ length: numLayers }, (_, i) => ((i + 1) % pattern === 0 ? 'full' : 'sliding'));
  }
  return Array.from({ length: numLayers }, () => 'sliding');
}

function slidingWindowOf(config: HfConfig, maxLen: number): number | undefined {
  const window = num(config, 'sliding_window');
  if (window === undefined || window <= 0) return undefined;
  if (config.use_sliding_window === false) return undefined;
  // A window at least as long as the context changes nothing.
  if (window >= maxLen && !Array.isArray(config.layer_types)) return undefined;
  return window;
}

function moeOf(config: HfConfig): MoeDims | undefined {
  const experts = num(config, 'num_experts', 'num_local_experts', 'n_routed_experts');
  const perToken = num(config, 'num_experts_per_tok', 'experts_per_token', 'num_experts_per_token');
  if (!experts || experts <= 1 || !perToken) return undefined;
  const modelType = String(config.model_type ?? '');
  return {
    numExperts: experts,
    expertsPerToken: perToken,
    moeIntermediateSize: requireNum(config, 'expert size', 'moe_intermediate_size', 'intermediate_size'),
    sharedExperts: num(config, 'n_shared_experts') ?? 0,
    firstDenseLayers: num(config, 'first_k_dense_replace') ?? 0,
    expertBias: modelType === 'gpt_oss',
  };
}

function mlaOf(config: HfConfig): MlaDims | undefined {
  const kvLoraRank = num(config, 'kv_lora_rank');
  if (!kvLoraRank) return undefined;
  return {
    kvLoraRank,
    qLoraRank: num(config, 'q_lora_rank'),
    qkNopeHeadDim: requireNum(config, 'qk_nope_head_dim', 'qk_nope_head_dim'),
    qkRopeHeadDim: requireNum(config, 'qk_rope_head_dim', 'qk_rope_head_dim'),
    vHeadDim: requireNum(config, 'v_head_dim', 'v_head_dim'),
  };
}

/** Reads `quantization_config` the way vLLM picks a method from it. */
export function quantizationOf(qc: unknown): WeightQuantization | undefined {
  if (!isRecord(qc)) return undefined;
  const method = String(qc.quant_method ?? qc.quantization ?? '').toLowerCase();
  if (!method) return undefined;
  const bits = typeof qc.bits === 'number' ? qc.bits : typeof qc.w_bit === 'number' ? qc.w_bit : undefined;
  const groupSize =
    typeof qc.group_size === 'number'
      ? qc.group_size
      : typeof qc.q_group_size === 'number'
        ? qc.q_group_size
        : undefined;
  switch (method) {
    case 'fp8':
    case 'fbgemm_fp8':
    case 'ptpc_fp8':
      return { method: 'fp8', bits: 8, scope: 'all-linear' };
    case 'gptq':
    case 'gptq_marlin':
      return { method: 'gptq', bits: bits ?? 4, groupSize: groupSize ?? 128, scope: 'all-linear' };
    case 'awq':
    case 'awq_marlin':
      return { method: 'awq', bits: bits ?? 4, groupSize: groupSize ?? 128, scope: 'all-linear' };
    case 'bitsandbytes':
      return {
        method: 'bitsandbytes',
        bits: qc.load_in_8bit === true ? 8 : 4,
        groupSize: 64,
        scope: 'all-linear',
      };
    case 'mxfp4':
      return { method: 'mxfp4', bits: 4, groupSize: 32, scope: 'experts' };
    case 'compressed-tensors': {
      const groups = isRecord(qc.config_groups) ? Object.values(qc.config_groups) : [];
      const first = groups.find(isRecord);
      const weights = first && isRecord(first.weights) ? first.weights : undefined;
      const numBits = weights && typeof weights.num_bits === 'number' ? weights.num_bits : 8;
      const group = weights && typeof weights.group_size === 'number' ? weights.group_size : undefined;
      return { method: 'compressed-tensors', bits: numBits, groupSize: group, scope: 'all-linear' };
    }
    case 'modelopt': {
      const algo = String(
        qc.quant_algo ?? (isRecord(qc.quantization) ? qc.quantization.quant_algo : '') ?? '',
      );
      return algo.toUpperCase().includes('FP4')
        ? { method: 'modelopt_fp4', bits: 4, groupSize: 16, scope: 'all-linear' }
        : { method: 'modelopt', bits: 8, scope: 'all-linear' };
    }
    default:
      return { method, bits: bits ?? 8, groupSize, scope: 'all-linear' };
  }
}

/** Builds a ModelSpec from a config.json object. Throws with a readable message when sizes are missing. */
export function specFromHfConfig(rawConfig: HfConfig, origin: SpecOrigin): ModelSpec {
  const config = textConfigOf(rawConfig);
  const hiddenSize = requireNum(config, 'hidden size', 'hidden_size', 'd_model', 'n_embd');
  const numAttentionHeads = requireNum(
    config,
    'attention heads',
    'num_attention_heads',
    'n_head',
    'num_heads',
  );
  const numLayers = requireNum(config, 'layer count', 'num_hidden_layers', 'num_layers', 'n_layer');
  const multiQuery = config.multi_query_attention === true || config.multi_query === true;
  const numKeyValueHeads =
    num(config, 'num_key_value_heads', 'n_head_kv', 'num_kv_heads') ??
    (multiQuery ? (num(config, 'multi_query_group_num') ?? 1) : numAttentionHeads);
  const headDim = num(config, 'head_dim', 'kv_channels') ?? Math.floor(hiddenSize / numAttentionHeads);
  const modelType = String(config.model_type ?? rawConfig.model_type ?? '');
  const architectures = Array.isArray(rawConfig.architectures) ? rawConfig.architectures.map(String) : [];
  const maxModelLen = derivedMaxModelLen(config);
  const slidingWindow = slidingWindowOf(config, maxModelLen);
  const quantConfig =
    rawConfig.quantization_config ?? config.quantization_config ?? rawConfig.compression_config;
  const spec: ModelSpec = {
    id: origin.id,
    hfId: origin.hfId,
    displayName: origin.displayName,
    architecture: architectures[0] ?? modelType ?? 'unknown',
    modelType,
    vocabSize: requireNum(config, 'vocabulary size', 'vocab_size', 'padded_vocab_size'),
    hiddenSize,
    intermediateSize: num(config, 'intermediate_size', 'ffn_hidden_size') ?? 4 * hiddenSize,
    numLayers,
    numAttentionHeads,
    numKeyValueHeads,
    headDim,
    tieWordEmbeddings:
      config.tie_word_embeddings === true ||
      (config.tie_word_embeddings === undefined && modelType.startsWith('gemma')),
    qkvBias:
      QKV_BIAS_TYPES.has(modelType) ||
      config.add_qkv_bias === true ||
      config.attention_qkv_bias === true ||
      (modelType === 'glm4' && config.attention_bias === true),
    // GLM-4's `attention_bias` covers q, k and v only; Llama-style and gpt-oss configs put it on o too.
    attentionBias: config.attention_bias === true && modelType !== 'glm4',
    qkNorm: QK_NORM_TYPES.has(modelType),
    normsPerLayer: FOUR_NORM_TYPES.has(modelType) ? 4 : 2,
    attentionSinks: modelType === 'gpt_oss',
    mla: mlaOf(config),
    moe: moeOf(config),
    slidingWindow,
    layerTypes: layerTypesOf(config, numLayers, slidingWindow),
    maxModelLen,
    torchDtype: String(config.torch_dtype ?? config.dtype ?? rawConfig.torch_dtype ?? 'bfloat16'),
    quantization: quantizationOf(quantConfig),
    extraParams: origin.extraParams,
    weightBytesOnDisk: origin.weightBytesOnDisk,
    xinference: origin.xinference,
    source: origin.source,
  };
  if (spec.attentionBias) spec.qkvBias = true;
  return spec;
}
