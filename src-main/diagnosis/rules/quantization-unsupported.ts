import { rulePattern } from '../patterns';
import { makeFix } from '../fix-commands';
import type { Rule, RuleContext } from '../rule-api';
import type { Fix } from '../types';
import { defined, detectFromSignals, detectionOf, DOCS, firstGroup, num } from './helpers';

/** Minimum compute capability (×10) of common methods in vLLM, for suggesting one that runs. */
const MIN_CAPABILITY: Record<string, number> = {
  gptq: 60,
  awq: 75,
  bitsandbytes: 70,
  fp8: 80,
  awq_marlin: 80,
  gptq_marlin: 80,
};

const BARE_SCHEME = rulePattern(
  /Quantization scheme is not supported|quantization (?:method|scheme) is not supported for the current GPU/gi,
);

function settingString(facts: RuleContext['facts'], name: string): string | undefined {
  const value = facts.settings[name];
  return typeof value === 'string' ? value : undefined;
}

export const quantizationUnsupported: Rule = {
  meta: {
    id: 'quantization-unsupported',
    title: 'The quantization method cannot be used here',
    titleZh: '当前环境无法使用该量化方法',
    docs: [DOCS.quantization],
    specificity: 2,
  },
  detect(ctx) {
    const catalog = detectFromSignals(ctx, 'quantization-unsupported', 0.92, (signals) =>
      defined({
        quantization: firstGroup(signals, 'quantization'),
        checkpoint_quantization: firstGroup(signals, 'checkpoint_quantization'),
        min_capability: num(firstGroup(signals, 'min_capability')),
        current_capability: num(firstGroup(signals, 'current_capability', 'capability')),
      }),
    );
    if (catalog) return catalog;
    const bare = ctx.find('quantization-scheme-bare', BARE_SCHEME);
    return detectionOf(bare, 0.8, defined({ quantization: settingString(ctx.facts, 'quantization') }));
  },
  fix(detection, ctx) {
    const f = detection.facts;
    const fixes: Fix[] = [];
    if (typeof f.checkpoint_quantization === 'string') {
      fixes.push(
        makeFix(
          ctx.facts,
          `Use the method the checkpoint declares (${f.checkpoint_quantization}), or drop --quantization and let vLLM read it.`,
          `使用模型声明的量化方法（${f.checkpoint_quantization}），或去掉 --quantization 让 vLLM 自动读取。`,
          { quantization: f.checkpoint_quantization },
        ),
      );
    }
    if (typeof f.current_capability === 'number') {
      const runnable = Object.entries(MIN_CAPABILITY)
        .filter(([, min]) => min <= (f.current_capability as number))
        .map(([method]) => method);
      fixes.push(
        makeFix(
          ctx.facts,
          `This GPU has compute capability ${(f.current_capability / 10).toFixed(1)}; ${f.quantization ?? 'this method'} needs ${
            typeof f.min_capability === 'number' ? (f.min_capability / 10).toFixed(1) : 'a newer GPU'
          }. Use a checkpoint in a format that runs here${runnable.length ? ` (${runnable.join(', ')})` : ''}, with dtype=half, or a newer GPU.`,
          `该 GPU 的计算能力为 ${(f.current_capability / 10).toFixed(1)}，${f.quantization ?? '该方法'} 需要更高的计算能力。请换用此 GPU 支持的量化格式${runnable.length ? `（${runnable.join('、')}）` : ''}并设置 dtype=half，或换用更新的 GPU。`,
          { dtype: 'half' },
        ),
      );
    }
    if (!fixes.length) {
      fixes.push(
        makeFix(
          ctx.facts,
          `This vLLM does not know ${f.quantization ?? 'that method'}: upgrade vLLM, or use the method the checkpoint's quantization_config names.`,
          `当前 vLLM 不支持 ${f.quantization ?? '该方法'}：升级 vLLM，或使用模型 quantization_config 中声明的方法。`,
          {},
          { commands: false },
        ),
      );
    }
    return fixes;
  },
};
