import { rulePattern } from '../patterns';
import { makeFix } from '../fix-commands';
import type { Rule } from '../rule-api';
import { defined, detectionOf, DOCS, settingNumber } from './helpers';

const TURBOMIND_OOM = rulePattern(
  /\[TM\]\[ERROR\] CUDA runtime error: out of memory|turbomind[^\n]*out of memory|out of memory[^\n]*turbomind/gi,
);

const TURBOMIND_WEIGHTS = rulePattern(/in _create_weight\b|_create_weight\(/);
const PLAIN_OOM = rulePattern(/out of memory/gi);

export const lmdeployCacheRatio: Rule = {
  meta: {
    id: 'lmdeploy-cache-ratio',
    title: "LMDeploy's KV cache share leaves no room",
    titleZh: 'LMDeploy 的 KV 缓存比例过大',
    docs: [DOCS.lmdeploy],
    specificity: 1,
  },
  detect(ctx) {
    const signals = ctx.find('turbomind-oom', TURBOMIND_OOM);
    // Out of memory while TurboMind creates the weights: the model does not fit, whatever the ratio.
    if (ctx.has(TURBOMIND_WEIGHTS)) return null;
    if (!signals.length && ctx.facts.engine === 'lmdeploy') {
      // An LMDeploy run that ran out of memory: its KV share (0.8 of free memory by default) is the usual cause.
      const plainOom = ctx.find('lmdeploy-plain-oom', PLAIN_OOM);
      return detectionOf(plainOom, 0.6, {}, ['cuda-oom']);
    }
    return detectionOf(
      signals,
      0.88,
      defined({ cache_max_entry_count: settingNumber(ctx.facts, 'cache_max_entry_count') }),
      ['cuda-oom'],
    );
  },
  fix(_detection, ctx) {
    return [
      makeFix(
        ctx.facts,
        'Let the KV cache take a smaller share of free memory: --cache-max-entry-count 0.2 to 0.5 (TurbomindEngineConfig(cache_max_entry_count=…)); also shorter --session-len or smaller --max-batch-size.',
        '让 KV 缓存占用更小比例的空闲显存：--cache-max-entry-count 设为 0.2 到 0.5（TurbomindEngineConfig(cache_max_entry_count=…)）；也可缩短 --session-len 或减小 --max-batch-size。',
        { cache_max_entry_count: 0.4 },
        { commands: false },
      ),
    ];
  },
};
