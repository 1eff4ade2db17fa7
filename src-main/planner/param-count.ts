/**
 * Exact parameter counts from config numbers, split by what vLLM does with each part
 * (shards it across tensor-parallel ranks, replicates it, quantizes it or keeps it in 16 bits).
 */
import type { ModelSpec } from './types';

export interface ParamBreakdown {
  /** Input embedding (vocab × hidden). Sharded by vocabulary under TP, kept in 16 bits. */
  embedding: number;
  /** Output projection; 0 when tied to the embedding. */
  lmHead: number;
  /** Attention projections of all layers (quantizable, sharded). */
  attention: number;
  /** Attention parts every TP rank holds in full (MLA's latent down-projections). */
  attentionReplicated: number;
  /** Dense MLP projections (quantizable, sharded). */
  denseMlp: number;
  /** Routed experts (quantizable, sharded). */
  experts: number;
  /** Shared experts (quantizable, sharded). */
  sharedExperts: number;
  /** MoE routers (replicated, 16 bits). */
  router: number;
  /** Norms, biases of norms, attention sinks (replicated, 16 bits). */
  small: number;
  /** Vision tower and projector as the catalog states them. */
  extra: number;
  /** Layers that hold each part, so pipeline stages can be sized. */
  perLayer: number[];
}

function attentionParams(spec: ModelSpec): { sharded: number; replicated: number; small: number } {
  const h = spec.hiddenSize;
  if (spec.mla) {
    const m = spec.mla;
    const qHead = m.qkNopeHeadDim + m.qkRopeHeadDim;
    const heads = spec.numAttentionHeads;
    const q = m.qLoraRank ? m.qLoraRank * heads * qHead : h * heads * qHead;
    const qDown = m.qLoraRank ? h * m.qLoraRank : 0;
    const kvDown = h * (m.kvLoraRank + m.qkRopeHeadDim);
    const kvUp = m.kvLoraRank * heads * (m.qkNopeHeadDim + m.vHeadDim);
    const o = heads * m.vHeadDim * h;
    const norms = (m.qLoraRank ?? 0) + m.kvLoraRank;
    return { sharded: q + kvUp + o, replicated: qDown + kvDown, small: norms };
  }
  const qDim = spec.numAttentionHeads * spec.headDim;
  const kvDim = spec.numKeyValueHeads * spec.headDim;
  let sharded = h * qDim + 2 * h * kvDim + qDim * h;
  if (spec.qkvBias || spec.attentionBias) sharded += qDim + 2 * kvDim;
  if (spec.attentionBias) sharded += h;
  let small = 0;
  if (spec.qkNorm) small += 2 * spec.headDim;
  if (spec.attentionSinks) small += spec.numAttentionHeads;
  return { sharded, replicated: 0, small };
}

function isMoeLayer(spec: ModelSpec, layer: number): boolean {
  return spec.moe !== undefined && layer >= (spec.moe.firstDenseLayers ?? 0);
}

/** The parameters of one decoder layer, by part. */
export interface LayerParams {
  attention: number;
  attentionReplicated: number;
  small: number;
  denseMlp: number;
  experts: number;
  sharedExperts: number;
  router: number;
}

export function layerParams(spec: ModelSpec, layer: number): LayerParams {
  const h = spec.hiddenSize;
  const attention = attentionParams(spec);
  const parts: LayerParams = {
    attention: attention.sharded,
    attentionReplicated: attention.replicated,
    small: attention.small + (spec.normsPerLayer ?? 2) * h,
    denseMlp: 0,
    experts: 0,
    sharedExperts: 0,
    router: 0,
  };
  if (isMoeLayer(spec, layer) && spec.moe) {
    const moe = spec.moe;
    const expertSize =
      3 * h * moe.moeIntermediateSize + (moe.expertBias ? 2 * moe.moeIntermediateSize + h : 0);
    parts.experts = moe.numExperts * expertSize;
    parts.sharedExperts = (moe.sharedExperts ?? 0) * 3 * h * moe.moeIntermediateSize;
    parts.router = h * moe.numExperts + (moe.expertBias ? moe.numExperts : 0);
  } else {
    parts.denseMlp = 3 * h * spec.intermediateSize;
  }
  return parts;
}

function sumParts(p: LayerParams): number {
  return p.attention + p.attentionReplicated + p.small + p.denseMlp + p.experts + p.sharedExperts + p.router;
}

/** Parameter count by part (see ParamBreakdown). */
export function paramBreakdown(spec: ModelSpec): ParamBreakdown {
  const h = spec.hiddenSize;
  const result: ParamBreakdown = {
    embedding: spec.vocabSize * h,
    lmHead: spec.tieWordEmbeddings ? 0 : spec.vocabSize * h,
    attention: 0,
    attentionReplicated: 0,
    denseMlp: 0,
    experts: 0,
    sharedExperts: 0,
    router: 0,
    small: h, // final norm
    extra: spec.extraParams ?? 0,
    perLayer: [],
  };
  for (let layer = 0; layer < spec.numLayers; layer += 1) {
    const p = layerParams(spec, layer);
    result.attention += p.attention;
    result.attentionReplicated += p.attentionReplicated;
    result.small += p.small;
    result.denseMlp += p.denseMlp;
    result.experts += p.experts;
    result.sharedExperts += p.sharedExperts;
    result.router += p.router;
    result.perLayer.push(sumParts(p));
  }
  return result;
}

/** Total parameters, as `sum(p.numel() for p in model.parameters())` counts them. */
export function paramCount(spec: ModelSpec): number {
  const b = paramBreakdown(spec);
  return (
    b.embedding +
    b.lmHead +
    b.attention +
    b.attentionReplicated +
    b.denseMlp +
    b.experts +
    b.sharedExperts +
    b.router +
    b.small +
    b.extra
  );
}

/** Parameters one token goes through (MoE: only the chosen experts); equals paramCount for dense models. */
export function activeParamCount(spec: ModelSpec): number {
  if (!spec.moe) return paramCount(spec);
  const b = paramBreakdown(spec);
  return paramCount(spec) - b.experts + (b.experts * spec.moe.expertsPerToken) / spec.moe.numExperts;
}
