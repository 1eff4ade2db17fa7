import { makeFix } from '../fix-commands';
import type { Rule } from '../rule-api';
import { rulePattern } from '../patterns';
import { detectFromSignals, detectionOf, DOCS } from './helpers';

const FLASH_ATTENTION_REQUIRED = rulePattern(
  /Only FlashAttention(?:-?2)? backend is supported|FlashAttention(?:-?2)? is not supported on (?:this GPU|Volta|Turing)/gi,
);
/** vLLM's own note that it could not use FlashAttention here (an INFO line, not an error). */
const FLASH_ATTENTION_FALLBACK = rulePattern(
  /Cannot use FlashAttention(?:-2)? backend for Volta and Turing GPUs/gi,
);

export const attentionBackendUnsupported: Rule = {
  meta: {
    id: 'attention-backend-unsupported',
    title: 'The attention backend cannot run on this GPU',
    titleZh: '注意力后端无法在该 GPU 上运行',
    docs: [DOCS.troubleshooting],
    specificity: 1,
  },
  detect(ctx) {
    const catalog = detectFromSignals(ctx, 'attention-backend-unsupported', 0.9);
    if (catalog) return catalog;
    // A component that insists on FlashAttention, on a GPU where vLLM fell back from it.
    const insists = ctx.find('flash-attention-required', FLASH_ATTENTION_REQUIRED);
    if (!insists.length) return null;
    const fellBack = ctx.find('flash-attention-fallback', FLASH_ATTENTION_FALLBACK);
    return detectionOf([...insists, ...fellBack], fellBack.length ? 0.88 : 0.75, {});
  },
  fix(_detection, ctx) {
    const v1 = ctx.facts.vllmEngine === 'V1';
    const backend = v1 ? 'TRITON_ATTN' : 'XFORMERS';
    return [
      makeFix(
        ctx.facts,
        `Pick a backend that runs on this GPU: VLLM_ATTENTION_BACKEND=${backend} (FlashAttention needs Ampere or newer), and dtype=half on pre-Ampere GPUs.`,
        `选择能在该 GPU 上运行的后端：VLLM_ATTENTION_BACKEND=${backend}（FlashAttention 需要 Ampere 及更新架构），Ampere 之前的 GPU 请同时设置 dtype=half。`,
        { dtype: 'half' },
        { env: { VLLM_ATTENTION_BACKEND: backend } },
      ),
    ];
  },
};
