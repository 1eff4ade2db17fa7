import { makeFix } from '../fix-commands';
import { smallestFittingTp } from '../planner-bridge';
import type { Rule } from '../rule-api';
import type { Detection, RuleContext } from '../rule-api';
import { estimatedWeightsGiB } from '../weights-size';
import { DOCS, evidenceOf, measurementNumber, round, settingNumber } from './helpers';
import { readOom, type OomReport } from './oom-phase';
import { oomFacts } from './oom-shared';

/**
 * An OOM with no phase marker, from a model whose weights alone are larger than the GPUs it was
 * given: the weights are what ran out.
 */
function bySize(oom: OomReport, ctx: RuleContext): Detection | null {
  const weights = estimatedWeightsGiB(ctx.facts);
  const total = oom.totalGiB ?? measurementNumber(ctx.facts, 'total_gpu_memory_gib');
  const tp = settingNumber(ctx.facts, 'tensor_parallel_size') ?? 1;
  if (weights === undefined || total === undefined || weights / tp <= total * 0.9) return null;
  return {
    confidence: 0.78,
    evidence: evidenceOf(oom.signals.slice(0, 1)),
    facts: { ...oomFacts(oom, ctx), estimated_weights_gib: round(weights, 1) },
    outranks: ['cuda-oom'],
  };
}

export const cudaOomWeights: Rule = {
  meta: {
    id: 'cuda-oom-weights',
    title: 'Out of GPU memory while loading the weights',
    titleZh: '加载模型权重时显存不足',
    docs: [DOCS.conservingMemory, DOCS.distributed, DOCS.quantization],
    specificity: 2,
  },
  detect(ctx) {
    const explicit = ctx.signalsFor('cuda-oom-weights');
    const oom = readOom(ctx);
    if (!explicit.length && oom && oom.phase === 'unknown') return bySize(oom, ctx);
    if (!explicit.length && (!oom || oom.phase !== 'weights')) return null;
    const signals = [
      ...explicit,
      ...(oom?.signals.slice(0, 1) ?? []),
      ...(oom?.phaseEvidence ? [oom.phaseEvidence] : []),
    ];
    return {
      confidence: explicit.length ? 0.93 : 0.85,
      evidence: evidenceOf(signals),
      facts: oom ? oomFacts(oom, ctx) : {},
      outranks: ['cuda-oom'],
    };
  },
  fix(_detection, ctx) {
    const facts = ctx.facts;
    const tp = settingNumber(facts, 'tensor_parallel_size') ?? 1;
    const fitting = smallestFittingTp(facts);
    const nextTp = fitting?.tp ?? tp * 2;
    const why = fitting
      ? ` (${fitting.plan.model.id}: about ${fitting.plan.memory.weightsGiB} GiB of weights per GPU at tensor_parallel_size=${fitting.tp})`
      : '';
    return [
      makeFix(
        facts,
        `The weights alone do not fit on ${tp === 1 ? 'one GPU' : `${tp} GPUs`}: split them over ${nextTp} GPUs (tensor_parallel_size=${nextTp})${why}.`,
        `仅权重就放不下：把模型切分到 ${nextTp} 张 GPU（tensor_parallel_size=${nextTp}）。`,
        { tensor_parallel_size: nextTp },
      ),
      makeFix(
        facts,
        'Or load a quantized checkpoint (AWQ / GPTQ 4-bit, or fp8 on GPUs that support it): weights shrink to a quarter or half.',
        '或加载量化模型（AWQ / GPTQ 4-bit，支持的 GPU 上可用 fp8）：权重缩小到四分之一或一半。',
        { quantization: 'fp8' },
      ),
      makeFix(
        facts,
        'Or keep part of the weights in CPU memory (cpu_offload_gb, in GiB per GPU; slower).',
        '或把部分权重放在内存中（cpu_offload_gb，每张 GPU 的 GiB 数；会变慢）。',
        { cpu_offload_gb: 16 },
      ),
    ];
  },
};
