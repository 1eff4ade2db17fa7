/**
 * Weight memory on one GPU: parameters by part × bytes per parameter (dtype or quantization),
 * sharded across tensor-parallel ranks and split across pipeline stages the way vLLM does.
 */
import { layerParams, paramBreakdown, paramCount } from './param-count';
import type { ModelSpec, WeightQuantization } from './types';

const GIB = 1024 ** 3;

/** Bytes per parameter for a `--dtype` value and the checkpoint's dtype. */
export function modelDtypeBytes(dtype: string | undefined, torchDtype: string): number {
  const wanted = (dtype ?? 'auto').toLowerCase();
  if (wanted === 'float32' || wanted === 'float') return 4;
  if (wanted === 'auto') return 2; // vLLM loads fp32 checkpoints as 16-bit by default.
  void torchDtype;
  return 2;
}

/** Online quantization methods vLLM applies to an unquantized checkpoint, and their cost. */
const ONLINE_QUANTIZATION: Record<string, WeightQuantization> = {
  fp8: { method: 'fp8', bits: 8, scope: 'all-linear' },
  bitsandbytes: { method: 'bitsandbytes', bits: 4, groupSize: 64, scope: 'all-linear' },
  experts_int8: { method: 'experts_int8', bits: 8, scope: 'experts' },
  mxfp4: { method: 'mxfp4', bits: 4, groupSize: 32, scope: 'experts' },
};

/** The quantization in effect: the checkpoint's, else an online method named by `--quantization`. */
export function effectiveQuantization(
  spec: ModelSpec,
  requested: string | undefined,
): WeightQuantization | undefined {
  if (spec.quantization) return spec.quantization;
  if (!requested || requested === 'none') return undefined;
  return ONLINE_QUANTIZATION[requested.toLowerCase()] ?? { method: requested, bits: 8, scope: 'all-linear' };
}

/** Bits per quantized weight including its scales and zero points. */
export function bitsPerQuantizedWeight(q: WeightQuantization): number {
  switch (q.method) {
    case 'gptq':
    case 'awq':
      // fp16 scale and packed zero point per group.
      return q.bits + (16 + q.bits) / (q.groupSize ?? 128);
    case 'bitsandbytes':
      return q.bits === 4 ? 4.25 : 8.5;
    case 'mxfp4':
      return 4.25; // one 8-bit exponent per 32 values
    case 'modelopt_fp4':
      return 4.5; // one fp8 scale per 16 values
    default:
      return q.bits + (q.groupSize ? 16 / q.groupSize : 0);
  }
}

/** Which layers each pipeline stage holds (vLLM's `get_pp_indices`: extra layers go to the stages before the last). */
export function pipelineStages(numLayers: number, pp: number): number[][] {
  const counts = Array.from({ length: pp }, () => Math.floor(numLayers / pp));
  const remaining = numLayers % pp;
  for (let i = 2; i < remaining + 2; i += 1) counts[pp - i] += 1;
  const stages: number[][] = [];
  let next = 0;
  for (const count of counts) {
    stages.push(Array.from({ length: count }, (_, k) => next + k));
    next += count;
  }
  return stages;
}

export interface WeightInput {
  spec: ModelSpec;
  tp: number;
  pp: number;
  stage: number;
  dtype?: string;
  quantization?: string;
}

/** Weight bytes on one GPU of pipeline stage `stage` (0-based). */
export function weightBytesOnGpu(input: WeightInput): number {
  const { spec, tp, pp, stage } = input;
  const dtypeBytes = modelDtypeBytes(input.dtype, spec.torchDtype);
  const quant = effectiveQuantization(spec, input.quantization);
  const qBytes = quant ? bitsPerQuantizedWeight(quant) / 8 : dtypeBytes;
  const linearBytes = quant?.scope === 'experts' ? dtypeBytes : qBytes;
  const expertBytes = qBytes;
  const layers = pipelineStages(spec.numLayers, pp)[stage] ?? [];
  let bytes = 0;
  for (const layer of layers) {
    const p = layerParams(spec, layer);
    bytes += ((p.attention + p.denseMlp + p.sharedExperts) * linearBytes + p.experts * expertBytes) / tp;
    bytes += p.attentionReplicated * linearBytes + (p.router + p.small) * dtypeBytes;
  }
  const vocabMatrix = spec.vocabSize * spec.hiddenSize;
  const first = stage === 0;
  const last = stage === pp - 1;
  if (first) bytes += (vocabMatrix * dtypeBytes) / tp + (spec.extraParams ?? 0) * dtypeBytes;
  if (last) {
    // The output head; with tied embeddings the last stage needs its own copy unless it is also the first.
    if (!spec.tieWordEmbeddings || !first) bytes += (vocabMatrix * dtypeBytes) / tp;
    bytes += spec.hiddenSize * dtypeBytes;
  }
  return bytes * onDiskCorrection(spec, dtypeBytes, quant ? qBytes : undefined);
}

/**
 * When a local folder gave the exact checkpoint size, scale the estimate to it — but only when the two
 * agree roughly (a float32 checkpoint loaded as bf16 is not evidence about the loaded size).
 */
function onDiskCorrection(spec: ModelSpec, dtypeBytes: number, quantBytes: number | undefined): number {
  if (!spec.weightBytesOnDisk) return 1;
  const b = paramBreakdown(spec);
  const quantizable = b.attention + b.attentionReplicated + b.denseMlp + b.experts + b.sharedExperts;
  const rest = paramCount(spec) - quantizable;
  const estimate = quantizable * (quantBytes ?? dtypeBytes) + rest * dtypeBytes;
  const ratio = spec.weightBytesOnDisk / estimate;
  return ratio > 0.85 && ratio < 1.2 ? ratio : 1;
}

export function weightGiBOnGpu(input: WeightInput): number {
  return weightBytesOnGpu(input) / GIB;
}
