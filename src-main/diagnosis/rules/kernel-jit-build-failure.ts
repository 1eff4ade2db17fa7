import { makeFix } from '../fix-commands';
import type { Rule } from '../rule-api';
import { rulePattern } from '../patterns';
import { detectFromSignals, detectionOf, DOCS } from './helpers';

const JIT_COMPILE_COMMAND = rulePattern(
  /(?:^|[\s:])\/\S*\bnvcc\b[^\n]*(?:flashinfer|cached_ops|torch_extensions)|\bninja\b[^\n]*(?:flashinfer|cached_ops|torch_extensions)[^\n]*(?:failed|error)/gim,
);
/** The CUDA compiler missing or refusing: a JIT build cannot happen. */
const NVCC_FAILED = rulePattern(
  /\bnvcc: (?:not found|command not found|No such file or directory)|nvcc fatal\s*:|Could not find nvcc/gi,
);
const FLASHINFER_FRAME = rulePattern(
  /flashinfer[/.](?:jit|sampling)|flashinfer_sample|\bbuild_and_load\b|gen_batch_prefill_module/gi,
);
const START_UP_FAILED = rulePattern(
  /EngineCore failed to start|Engine core initialization failed|Traceback \(most recent call last\)/i,
);
const OUT_OF_MEMORY = rulePattern(/out of memory|OutOfMemoryError/i);

export const kernelJitBuildFailure: Rule = {
  meta: {
    id: 'kernel-jit-build-failure',
    title: 'A just-in-time kernel build failed at start-up',
    titleZh: '启动时即时编译内核失败',
    docs: [DOCS.installation],
    specificity: 1,
  },
  detect(ctx) {
    const catalog = detectFromSignals(ctx, 'kernel-jit-build-failure', 0.9);
    if (catalog) return catalog;
    // The compiler command echoed into the error stream: a JIT build that failed.
    const compile = [
      ...ctx.find('jit-compile-command', JIT_COMPILE_COMMAND),
      ...ctx.find('nvcc-missing-or-failing', NVCC_FAILED),
    ];
    if (compile.length) return detectionOf(compile, 0.75, {});
    // Start-up died inside FlashInfer's first use (its kernels are built on first use), not of memory.
    const frames = ctx.find('flashinfer-frame', FLASHINFER_FRAME);
    if (frames.length && !ctx.has(OUT_OF_MEMORY)) {
      return detectionOf(frames, ctx.has(START_UP_FAILED) ? 0.6 : 0.5, {});
    }
    return null;
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
