import { rulePattern } from '../patterns';
import { makeFix } from '../fix-commands';
import type { Rule } from '../rule-api';
import { defined, detectionOf, DOCS, firstGroup, num, round, settingNumber } from './helpers';

const NOT_ENOUGH = rulePattern(
  /Not enough memory\. Please try to increase --mem-fraction-static|is larger than the profiled value -\d+|max_total_num_tokens[^\n]{0,40}(?:is|=) ?-\d+|leave no GPU memory for the KV cache under --mem-fraction-static=(?<mem_fraction_static>[\d.]+)/gi,
);

const FRACTION_VALUE = rulePattern(/mem[_-]fraction[_-]static[= ](?<value>0?\.\d+|1(?:\.0+)?)\b/gi);

export const sglangMemFraction: Rule = {
  meta: {
    id: 'sglang-mem-fraction',
    title: 'SGLang has no room for its KV pool',
    titleZh: 'SGLang 没有空间分配 KV 池',
    docs: [DOCS.sglang],
    specificity: 1,
  },
  detect(ctx) {
    const signals = ctx.find('sglang-not-enough-memory', NOT_ENOUGH);
    const printed = ctx.find('sglang-fraction-value', FRACTION_VALUE);
    return detectionOf(
      signals,
      0.94,
      defined({
        mem_fraction_static:
          num(firstGroup(signals, 'mem_fraction_static')) ??
          num(firstGroup(printed, 'value')) ??
          settingNumber(ctx.facts, 'mem_fraction_static'),
      }),
      ['cuda-oom'],
    );
  },
  fix(detection, ctx) {
    const current =
      typeof detection.facts.mem_fraction_static === 'number'
        ? detection.facts.mem_fraction_static
        : undefined;
    const raised = current !== undefined ? Math.min(0.95, round(current + 0.05, 2)) : 0.9;
    return [
      makeFix(
        ctx.facts,
        `Raise --mem-fraction-static${current !== undefined ? ` from ${current}` : ''} to ${raised} (weights + KV pool share of the GPU); with speculative decoding the draft model needs room too.`,
        `把 --mem-fraction-static${current !== undefined ? ` 从 ${current}` : ''} 提高到 ${raised}（权重与 KV 池占 GPU 的比例）；使用投机解码时草稿模型也需要空间。`,
        { mem_fraction_static: raised },
        { commands: false },
      ),
      makeFix(
        ctx.facts,
        'Or use a smaller or quantized model, or more tensor parallelism (--tp).',
        '或使用更小或量化的模型，或增加张量并行（--tp）。',
        {},
        { commands: false },
      ),
    ];
  },
};
