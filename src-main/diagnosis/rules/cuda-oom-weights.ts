import { makeFix } from '../fix-commands';
import { smallestFittingTp } from '../planner-bridge';
import type { Rule } from '../rule-api';
import { DOCS, evidenceOf, settingNumber } from './helpers';
import { readOom } from './oom-phase';
import { oomFacts } from './oom-shared';

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
