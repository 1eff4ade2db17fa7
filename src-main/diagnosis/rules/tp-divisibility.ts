import { rulePattern } from '../patterns';
import { makeFix } from '../fix-commands';
import type { Rule } from '../rule-api';
import type { Fix } from '../types';
import { defined, detectFromSignals, detectionOf, DOCS, firstGroup, num, settingNumber } from './helpers';

/** The largest n ≤ limit that divides `total` (1 at worst). */
const HEADS_QUOTED = rulePattern(
  /(?:number of )?attention heads(?: \(\d+\))? must be divisible by tensor parallel size|is not divisible by tensor[_ ]parallel[_ ]size/gi,
);

export function largestDivisorAtMost(total: number, limit: number): number {
  for (let n = Math.min(limit, total); n > 1; n -= 1) if (total % n === 0) return n;
  return 1;
}

export const tpDivisibility: Rule = {
  meta: {
    id: 'tp-divisibility',
    title: 'A model dimension is not divisible by tensor_parallel_size',
    titleZh: '模型维度不能被 tensor_parallel_size 整除',
    docs: [DOCS.distributed],
    specificity: 1,
  },
  detect(ctx) {
    const catalog = detectFromSignals(ctx, 'tp-divisibility', 0.95, (signals) =>
      defined({
        num_attention_heads: num(firstGroup(signals, 'num_attention_heads')),
        tensor_parallel_size:
          num(firstGroup(signals, 'tensor_parallel_size', 'tp')) ??
          settingNumber(ctx.facts, 'tensor_parallel_size'),
        num_hidden_layers: num(firstGroup(signals, 'num_hidden_layers')),
        pipeline_parallel_size: num(firstGroup(signals, 'pipeline_parallel_size')),
        numerator: num(firstGroup(signals, 'numerator', 'size')),
        denominator: num(firstGroup(signals, 'denominator')),
      }),
    );
    if (catalog) return catalog;
    // The same requirement quoted without its numbers (prose, or a cut paste).
    const quoted = ctx.find('heads-not-divisible-quoted', HEADS_QUOTED);
    return detectionOf(
      quoted,
      0.8,
      defined({ tensor_parallel_size: settingNumber(ctx.facts, 'tensor_parallel_size') }),
    );
  },
  fix(detection, ctx) {
    const f = detection.facts;
    const tp = typeof f.tensor_parallel_size === 'number' ? f.tensor_parallel_size : undefined;
    const total =
      typeof f.num_attention_heads === 'number'
        ? f.num_attention_heads
        : typeof f.numerator === 'number'
          ? f.numerator
          : undefined;
    const fixes: Fix[] = [];
    if (tp !== undefined && total !== undefined) {
      const divisor = largestDivisorAtMost(total, tp);
      fixes.push(
        makeFix(
          ctx.facts,
          `Use tensor_parallel_size=${divisor}, which divides ${total}.`,
          `使用能整除 ${total} 的 tensor_parallel_size=${divisor}。`,
          { tensor_parallel_size: divisor },
        ),
      );
      if (divisor !== tp) {
        fixes.push(
          makeFix(
            ctx.facts,
            `To still use all ${tp} GPUs, split by layers instead: tensor_parallel_size=1 with pipeline_parallel_size=${tp}.`,
            `若仍想用满 ${tp} 张 GPU，改为按层切分：tensor_parallel_size=1、pipeline_parallel_size=${tp}。`,
            { tensor_parallel_size: 1, pipeline_parallel_size: tp },
          ),
        );
      }
    } else {
      fixes.push(
        makeFix(
          ctx.facts,
          'Use a tensor_parallel_size that divides the attention heads, KV heads and layer sizes (usually 1, 2, 4 or 8), and pipeline_parallel_size for the rest.',
          '使用能整除注意力头数、KV 头数和层尺寸的 tensor_parallel_size（通常是 1、2、4、8），其余用 pipeline_parallel_size。',
          {},
          { commands: false },
        ),
      );
    }
    return fixes;
  },
};
