import { rulePattern } from '../patterns';
import { makeFix } from '../fix-commands';
import type { Rule } from '../rule-api';
import { defined, detectFromSignals, detectionOf, DOCS, firstGroup, num } from './helpers';

const BARE_ERROR = rulePattern(/AssertionError: Error in memory profiling|Error in memory profiling\b/gi);

export const memoryProfilingError: Rule = {
  meta: {
    id: 'memory-profiling-error',
    title: 'GPU memory changed while vLLM was profiling it',
    titleZh: 'vLLM 做内存分析时 GPU 显存发生了变化',
    docs: [DOCS.troubleshooting],
    specificity: 1,
  },
  detect(ctx) {
    const catalog = detectFromSignals(ctx, 'memory-profiling-error', 0.93, (signals) =>
      defined({
        initial_free: num(firstGroup(signals, 'initial_free', 'initial_free_gib')),
        current_free: num(firstGroup(signals, 'current_free', 'current_free_gib')),
      }),
    );
    // The assertion with its explanation cut off.
    return catalog ?? detectionOf(ctx.find('memory-profiling-bare', BARE_ERROR), 0.85, {});
  },
  fix(_detection, ctx) {
    return [
      makeFix(
        ctx.facts,
        'Start vLLM on a GPU used by nothing else, in a fresh process: an earlier LLM instance in the same Python process, or a co-tenant releasing memory, upsets the profiling.',
        '在一个新进程中、在无其他程序使用的 GPU 上启动 vLLM：同一 Python 进程中之前的 LLM 实例或其他释放显存的进程都会干扰内存分析。',
        {},
        { commands: false },
      ),
    ];
  },
};
