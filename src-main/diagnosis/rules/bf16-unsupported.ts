import { rulePattern } from '../patterns';
import { makeFix } from '../fix-commands';
import type { Rule } from '../rule-api';
import { defined, detectionOf, DOCS, firstGroup } from './helpers';

/** Other wordings of "this GPU has no bfloat16" (transformers, older stacks). */
const OTHER_WORDINGS = rulePattern(
  /does not support (?:bf16|bfloat16)\b|bf16 is not supported on (?:this|your) (?:GPU|device)|bfloat16 is not supported on (?:this|your) (?:GPU|device)/gi,
);
/** vLLM's own check: a traceback through it on a failing start is this error. */
const DTYPE_CHECK_FRAME = rulePattern(/in _check_if_gpu_supports_dtype\b/gi);
const CAPABILITY = rulePattern(/compute capability(?: of)? (\d+\.\d+)/i);

export const bf16Unsupported: Rule = {
  meta: {
    id: 'bf16-unsupported',
    title: 'bfloat16 is not supported on this GPU',
    titleZh: '该 GPU 不支持 bfloat16',
    docs: [DOCS.engineArgs],
    specificity: 1,
  },
  detect(ctx) {
    const signals = [...ctx.signalsFor('bf16-unsupported'), ...ctx.find('bf16-other', OTHER_WORDINGS)];
    if (!signals.length) {
      // The paste stops inside the check itself: the frame is the only evidence.
      const frame = ctx.find('bf16-check-frame', DTYPE_CHECK_FRAME);
      return detectionOf(frame, 0.6, { dtype: 'bfloat16' });
    }
    const line = ctx.doc.lineAt(signals[0].offset).text;
    const capabilities = [...line.matchAll(new RegExp(CAPABILITY.source, 'gi'))].map((m) => m[1]);
    const gpu = firstGroup(signals, 'gpu_name');
    return detectionOf(
      signals,
      0.97,
      defined({
        gpu_name: gpu,
        compute_capability: capabilities.find((value) => value !== '8.0'),
        dtype: 'bfloat16',
      }),
    );
  },
  fix(detection, ctx) {
    const gpu = typeof detection.facts.gpu_name === 'string' ? detection.facts.gpu_name : 'this GPU';
    return [
      makeFix(
        ctx.facts,
        `Serve in float16 (dtype=half): ${gpu} has no bfloat16 (it needs compute capability 8.0 or newer).`,
        `改用 float16（dtype=half）：${gpu} 不支持 bfloat16（需要计算能力 8.0 及以上）。`,
        { dtype: 'half' },
      ),
    ];
  },
};
