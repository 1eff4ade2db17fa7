import { makeFix } from '../fix-commands';
import type { Rule } from '../rule-api';
import { detectFromSignals, DOCS } from './helpers';

export const attentionBackendUnsupported: Rule = {
  meta: {
    id: 'attention-backend-unsupported',
    title: 'The attention backend cannot run on this GPU',
    titleZh: '注意力后端无法在该 GPU 上运行',
    docs: [DOCS.troubleshooting],
    specificity: 1,
  },
  detect(ctx) {
    return detectFromSignals(ctx, 'attention-backend-unsupported', 0.9);
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
