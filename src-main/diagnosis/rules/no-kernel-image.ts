import { makeFix } from '../fix-commands';
import type { Rule } from '../rule-api';
import { defined, detectFromSignals, DOCS, firstGroup } from './helpers';

export const noKernelImage: Rule = {
  meta: {
    id: 'no-kernel-image',
    title: 'The installed binaries were not built for this GPU',
    titleZh: '安装的二进制不是为该 GPU 架构编译的',
    docs: [DOCS.installation],
    specificity: 2,
  },
  detect(ctx) {
    return detectFromSignals(ctx, 'no-kernel-image', 0.9, (signals) =>
      defined({ sm: firstGroup(signals, 'sm') }),
    );
  },
  fix(_detection, ctx) {
    return [
      makeFix(
        ctx.facts,
        'Install a vLLM / PyTorch build compiled for this GPU architecture (for example RTX 50xx / Blackwell needs CUDA 12.8+ builds), or build from source with TORCH_CUDA_ARCH_LIST set for it.',
        '安装为该 GPU 架构编译的 vLLM / PyTorch（例如 RTX 50 系 / Blackwell 需要 CUDA 12.8 及以上的构建），或设置 TORCH_CUDA_ARCH_LIST 后从源码编译。',
        {},
        { commands: false },
      ),
    ];
  },
};
