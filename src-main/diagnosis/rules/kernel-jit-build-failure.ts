import { makeFix } from '../fix-commands';
import type { Rule } from '../rule-api';
import { detectFromSignals, DOCS } from './helpers';

export const kernelJitBuildFailure: Rule = {
  meta: {
    id: 'kernel-jit-build-failure',
    title: 'A just-in-time kernel build failed at start-up',
    titleZh: '启动时即时编译内核失败',
    docs: [DOCS.installation],
    specificity: 1,
  },
  detect(ctx) {
    return detectFromSignals(ctx, 'kernel-jit-build-failure', 0.9);
  },
  fix(_detection, ctx) {
    const flashinfer = ctx.has(/flashinfer/i);
    return [
      makeFix(
        ctx.facts,
        'Install what the JIT build needs where vLLM runs: the CUDA toolkit (nvcc) matching PyTorch, ninja and a C/C++ compiler (build-essential), and set CUDA_HOME.',
        '在运行 vLLM 的环境中安装即时编译所需工具：与 PyTorch 匹配的 CUDA 工具包（nvcc）、ninja 和 C/C++ 编译器（build-essential），并设置 CUDA_HOME。',
        {},
        { commands: false },
      ),
      ...(flashinfer
        ? [
            makeFix(
              ctx.facts,
              "Or avoid FlashInfer's JIT path: VLLM_USE_FLASHINFER_SAMPLER=0 (and another attention backend if it is FlashInfer's).",
              '或绕开 FlashInfer 的即时编译：设置 VLLM_USE_FLASHINFER_SAMPLER=0（若注意力后端是 FlashInfer，也换成其他后端）。',
              {},
              { env: { VLLM_USE_FLASHINFER_SAMPLER: '0' } },
            ),
          ]
        : []),
    ];
  },
};
