import { makeFix } from '../fix-commands';
import type { Rule } from '../rule-api';
import { defined, detectionOf, DOCS, firstGroup, num, settingNumber } from './helpers';
import { promptLimitSignals } from './prompt-limits';

export const maxNumBatchedTokensTooSmall: Rule = {
  meta: {
    id: 'max-num-batched-tokens-too-small',
    title: 'max_num_batched_tokens is smaller than the prompts it must take',
    titleZh: 'max_num_batched_tokens 小于需要处理的提示长度',
    docs: [DOCS.engineArgs, DOCS.optimization],
    specificity: 2,
  },
  detect(ctx) {
    const signals = [
      ...ctx.signalsFor('max-num-batched-tokens-too-small'),
      ...promptLimitSignals(ctx).batchLimited,
    ];
    const limit = num(firstGroup(signals, 'prompt_limit'));
    return detectionOf(
      signals,
      0.85,
      defined({
        max_num_batched_tokens:
          num(firstGroup(signals, 'max_num_batched_tokens')) ??
          limit ??
          settingNumber(ctx.facts, 'max_num_batched_tokens'),
        max_model_len: num(firstGroup(signals, 'max_model_len')) ?? settingNumber(ctx.facts, 'max_model_len'),
        max_num_seqs: num(firstGroup(signals, 'max_num_seqs')),
        prompt_tokens: num(firstGroup(signals, 'prompt_tokens')),
        tensor_parallel_size: settingNumber(ctx.facts, 'tensor_parallel_size'),
      }),
      ['prompt-too-long'],
    );
  },
  fix(detection, ctx) {
    const f = detection.facts;
    const wanted = Math.max(
      typeof f.max_model_len === 'number' ? f.max_model_len : 0,
      typeof f.prompt_tokens === 'number' ? Math.ceil(f.prompt_tokens / 1024) * 1024 : 0,
      typeof f.max_num_seqs === 'number' ? f.max_num_seqs : 0,
    );
    const fixes = [];
    if (wanted > 0) {
      fixes.push(
        makeFix(
          ctx.facts,
          `Raise max_num_batched_tokens to ${wanted} so one step can take the whole prompt.`,
          `把 max_num_batched_tokens 提高到 ${wanted}，让一步就能处理完整个提示。`,
          { max_num_batched_tokens: wanted },
        ),
      );
    }
    fixes.push(
      makeFix(
        ctx.facts,
        'Or turn on chunked prefill, which splits long prompts over several steps.',
        '或开启分块预填充（enable_chunked_prefill），把长提示拆到多步处理。',
        { enable_chunked_prefill: true },
      ),
    );
    return fixes;
  },
};
