/**
 * KV cache layout the way vLLM builds it: bytes per token per layer on one GPU, the groups of the
 * hybrid allocator (full vs sliding-window layers), block counts, and per-request needs.
 */
import type { LayerAttentionKind, ModelSpec } from './types';

export interface KvOptions {
  tp?: number;
  /** Layers that live on this pipeline stage (default: all). */
  layers?: number[];
  /** `auto`, `fp8`, `fp8_e4m3`, `fp8_e5m2`, `bfloat16`, `float16`. */
  kvCacheDtype?: string;
  /** Bytes of the model's compute dtype (2 for bf16/fp16, 4 for fp32). */
  modelDtypeBytes?: number;
  blockSize?: number;
  engine?: 'V0' | 'V1';
  /** Tokens one scheduler step may prefill (sliding-window layers keep window − 1 + this many). */
  maxNumBatchedTokens?: number;
}

export interface KvGroup {
  kind: LayerAttentionKind;
  layers: number;
}

export interface KvLayout {
  blockSize: number;
  /** Bytes one token takes in one attention layer on one GPU. */
  layerBytesPerToken: number;
  /** Attention layers on this GPU. */
  numLayers: number;
  /** Groups of the V1 hybrid allocator (one group for uniform models and for V0). */
  groups: KvGroup[];
  /** Layers per group: the number of KV tensors that all groups share. */
  groupSize: number;
  slidingWindow?: number;
  maxNumBatchedTokens: number;
}

export function kvDtypeBytes(kvCacheDtype: string | undefined, modelDtypeBytes: number): number {
  const kind = (kvCacheDtype ?? 'auto').toLowerCase();
  if (kind.startsWith('fp8') || kind === 'int8' || kind.includes('fp8')) return 1;
  if (kind === 'bfloat16' || kind === 'float16' || kind === 'half') return 2;
  if (kind === 'float32' || kind === 'float') return 4;
  return modelDtypeBytes;
}

/** KV heads each GPU stores: heads ÷ TP, at least one (heads are replicated when TP > KV heads). */
export function kvHeadsPerGpu(spec: ModelSpec, tp: number): number {
  return Math.max(1, Math.floor(spec.numKeyValueHeads / tp));
}

/** Bytes one token takes in one layer on one GPU. MLA keeps one latent per token, replicated on every TP rank. */
export function layerKvBytesPerToken(spec: ModelSpec, opts: KvOptions = {}): number {
  const bytes = kvDtypeBytes(opts.kvCacheDtype, opts.modelDtypeBytes ?? 2);
  if (spec.mla) return (spec.mla.kvLoraRank + spec.mla.qkRopeHeadDim) * bytes;
  return 2 * kvHeadsPerGpu(spec, opts.tp ?? 1) * spec.headDim * bytes;
}

function groupsOf(
  kinds: LayerAttentionKind[],
  engine: 'V0' | 'V1',
): { groups: KvGroup[]; groupSize: number } {
  const full = kinds.filter((k) => k === 'full').length;
  const sliding = kinds.length - full;
  // V0 and uniform models: one group with every layer.
  if (engine === 'V0' || full === 0 || sliding === 0) {
    return {
      groups: [{ kind: full === 0 && engine === 'V1' ? 'sliding' : 'full', layers: kinds.length }],
      groupSize: kinds.length,
    };
  }
  // V1 hybrid allocator: every group has the same number of layers (the smaller type's count, or the
  // larger's when they are within 25%), and each type is cut into groups of that size.
  const smaller = Math.min(full, sliding);
  const larger = Math.max(full, sliding);
  const groupSize = larger <= smaller * 1.25 ? larger : smaller;
  const groups: KvGroup[] = [];
  for (const [kind, count] of [
    ['full', full],
    ['sliding', sliding],
  ] as const) {
    for (let left = count; left > 0; left -= groupSize)
      groups.push({ kind, layers: Math.min(groupSize, left) });
  }
  return { groups, groupSize };
}

/** The KV layout of one GPU (one tensor-parallel rank of one pipeline stage). */
export function kvLayout(spec: ModelSpec, opts: KvOptions = {}): KvLayout {
  const engine = opts.engine ?? 'V1';
  const layerIndices = opts.layers ?? Array.from({ length: spec.numLayers }, (_, i) => i);
  const kinds = layerIndices.map((i) => spec.layerTypes?.[i] ?? (spec.slidingWindow ? 'sliding' : 'full'));
  const { groups, groupSize } = groupsOf(kinds, engine);
  return {
    blockSize: opts.blockSize ?? 16,
    layerBytesPerToken: layerKvBytesPerToken(spec, opts),
    numLayers: layerIndices.length,
    groups,
    groupSize,
    slidingWindow: engine === 'V1' ? spec.slidingWindow : undefined,
    maxNumBatchedTokens: opts.maxNumBatchedTokens ?? 8192,
  };
}

/**
 * KV bytes per token on one GPU as vLLM sizes its pool: every layer's bytes, including the padding
 * of hybrid groups (sliding-window layers get full-length pages in the shared pool).
 */
export function kvBytesPerToken(spec: ModelSpec, opts: KvOptions = {}): number {
  const layout = kvLayout(spec, opts);
  return layout.layerBytesPerToken * layout.groupSize * layout.groups.length;
}

/** Blocks of the shared pool that fit in `availableBytes`. */
export function numBlocks(layout: KvLayout, availableBytes: number): number {
  if (availableBytes <= 0) return 0;
  const blockBytes = layout.blockSize * layout.layerBytesPerToken * layout.groupSize;
  return Math.floor(availableBytes / blockBytes);
}

/** Tokens vLLM reports as `GPU KV cache size` for a pool of `availableBytes`. */
export function kvCacheTokens(layout: KvLayout, availableBytes: number): number {
  return Math.floor(numBlocks(layout, availableBytes) / layout.groups.length) * layout.blockSize;
}

function cdiv(a: number, b: number): number {
  return Math.ceil(a / b);
}

/** Blocks one request of `length` tokens needs in one group. */
function groupBlocksFor(layout: KvLayout, kind: LayerAttentionKind, length: number): number {
  if (kind === 'sliding' && layout.slidingWindow !== undefined) {
    const kept = Math.min(layout.slidingWindow - 1 + layout.maxNumBatchedTokens, length);
    return cdiv(kept, layout.blockSize) + 1;
  }
  return cdiv(length, layout.blockSize);
}

/** Bytes one request of `length` tokens needs, summed over layers (vLLM's start-up check). */
export function requestBytes(layout: KvLayout, length: number): number {
  const pageBytes = layout.blockSize * layout.layerBytesPerToken;
  return layout.groups.reduce(
    (sum, g) => sum + groupBlocksFor(layout, g.kind, length) * pageBytes * g.layers,
    0,
  );
}

/** How many requests of `length` tokens fit at once (vLLM's `Maximum concurrency`). */
export function maxConcurrency(
  layout: KvLayout,
  availableBytes: number,
  length: number,
  engine: 'V0' | 'V1',
): number {
  if (length <= 0) return 0;
  if (engine === 'V0') return kvCacheTokens(layout, availableBytes) / length;
  const perRequest = layout.groups.reduce((sum, g) => sum + groupBlocksFor(layout, g.kind, length), 0);
  return numBlocks(layout, availableBytes) / perRequest;
}

/**
 * The longest context that fits (vLLM's binary search in `estimate_max_model_len`), capped at `limit`.
 * V0 compares the length with the pool's token count instead.
 */
export function maxLengthThatFits(
  layout: KvLayout,
  availableBytes: number,
  limit: number,
  engine: 'V0' | 'V1',
): number {
  if (availableBytes <= 0) return 0;
  if (engine === 'V0') return Math.min(limit, kvCacheTokens(layout, availableBytes));
  if (requestBytes(layout, 1) > availableBytes) return 0;
  let low = 1;
  let high = limit;
  while (low < high) {
    const mid = Math.floor((low + high + 1) / 2);
    if (requestBytes(layout, mid) <= availableBytes) low = mid;
    else high = mid - 1;
  }
  return low;
}
