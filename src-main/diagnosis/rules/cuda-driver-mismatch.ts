import { rulePattern } from '../patterns';
import { makeFix } from '../fix-commands';
import type { Rule } from '../rule-api';
import { defined, detectionOf, DOCS, firstGroup, looksLikeDocker, num } from './helpers';

const DRIVER_EXTRA = rulePattern(
  /Error (?<cuda_error>80[34]): (?:forward compatibility was attempted on non supported HW|system has unsupported display driver \/ cuda driver combination)|libcuda\.so\.1: cannot open shared object file|The NVIDIA driver on your system is too old|the provided PTX was compiled with an unsupported toolchain|cudaErrorUnsupportedPtxVersion|requirement error: unsatisfied condition: cuda>=[\d.]+|please update your driver to a newer version|CUDA driver initialization failed|Found no NVIDIA driver on your system/gi,
);

export const cudaDriverMismatch: Rule = {
  meta: {
    id: 'cuda-driver-mismatch',
    title: 'The NVIDIA driver does not match the CUDA runtime',
    titleZh: 'NVIDIA 驱动与 CUDA 运行时不匹配',
    docs: [DOCS.installation],
    specificity: 2,
  },
  detect(ctx) {
    const signals = [...ctx.signalsFor('cuda-driver-mismatch'), ...ctx.find('driver-extra', DRIVER_EXTRA)];
    const errorCode = num(firstGroup(signals, 'cuda_error'));
    return detectionOf(
      signals,
      0.9,
      defined({
        cuda_error: errorCode,
        driver_cuda_version: num(firstGroup(signals, 'driver_cuda_version')),
      }),
    );
  },
  fix(detection, ctx) {
    const docker = looksLikeDocker(ctx);
    const code = detection.facts.cuda_error;
    return [
      makeFix(
        ctx.facts,
        `${code === 804 ? 'Error 804: the container or wheel uses CUDA forward compatibility, which this GPU does not support. ' : ''}Upgrade the NVIDIA driver to one that supports the CUDA version of your vLLM / PyTorch build, or install a build for the CUDA your driver has${
          docker ? ' (a vllm/vllm-openai image tag built for an older CUDA)' : ''
        }.`,
        `${code === 804 ? '错误 804：容器或 wheel 使用了该 GPU 不支持的 CUDA 前向兼容。' : ''}把 NVIDIA 驱动升级到支持当前 vLLM / PyTorch 所用 CUDA 版本的版本，或安装与现有驱动匹配的构建${
          docker ? '（选择基于较旧 CUDA 的 vllm/vllm-openai 镜像标签）' : ''
        }。`,
        {},
        { commands: false },
      ),
    ];
  },
};
