import { rulePattern } from '../patterns';
import { makeFix } from '../fix-commands';
import type { Rule } from '../rule-api';
import type { Fix } from '../types';
import { defined, detectionOf, DOCS, firstGroup, num, settingNumber } from './helpers';

/** Xinference's own GPU-count checks. */
const XINFERENCE_GPU_COUNT = rulePattern(
  /Cannot provide a placement group requiring (?<gpus_required>[\d.]+) GPUs|Tensor parallel size may exceed available GPUs in your cluster|The parameter `n_gpu` must be greater than 0 and not greater than the number of GPUs: (?<gpu_count>\d+) on the machine|Requested GPUs exceed the number of available devices|cannot use the GPUs with these indexes: \[[^\]]*\]\. Worker \S+ can only see these GPUs: \[[^\]]*\]/gi,
);

const WARNING_ONLY = new Set(['ray-tp-exceeds-available-gpus-warning']);

export const tpExceedsGpus: Rule = {
  meta: {
    id: 'tp-exceeds-gpus',
    title: 'More GPUs asked for than are visible',
    titleZh: '请求的 GPU 数量超过了可见的 GPU',
    docs: [DOCS.distributed],
    specificity: 2,
  },
  detect(ctx) {
    const signals = [
      ...ctx.signalsFor('tp-exceeds-gpus'),
      ...ctx.find('xinference-gpu-count', XINFERENCE_GPU_COUNT),
    ];
    // Ray's warning alone is routine on a multi-node cluster; it counts when an error follows.
    const onlyWarnings = signals.every((signal) => WARNING_ONLY.has(signal.messageId));
    return detectionOf(
      signals,
      onlyWarnings ? 0.45 : 0.9,
      defined({
        tensor_parallel_size:
          num(firstGroup(signals, 'world_size')) ?? settingNumber(ctx.facts, 'tensor_parallel_size'),
        pipeline_parallel_size: settingNumber(ctx.facts, 'pipeline_parallel_size'),
        gpu_count: num(firstGroup(signals, 'gpu_count', 'available_gpus', 'gpus_available')),
      }),
    );
  },
  fix(detection, ctx) {
    const f = detection.facts;
    const fixes: Fix[] = [];
    if (typeof f.gpu_count === 'number' && f.gpu_count > 0) {
      fixes.push(
        makeFix(
          ctx.facts,
          `Only ${f.gpu_count} GPU(s) are visible: use tensor_parallel_size × pipeline_parallel_size ≤ ${f.gpu_count}.`,
          `只有 ${f.gpu_count} 张 GPU 可见：tensor_parallel_size × pipeline_parallel_size 不能超过 ${f.gpu_count}。`,
          { tensor_parallel_size: f.gpu_count },
        ),
      );
    }
    fixes.push(
      makeFix(
        ctx.facts,
        'Make the GPUs visible (CUDA_VISIBLE_DEVICES, docker --gpus all, Kubernetes GPU limits; with Xinference use --n-gpu or --gpu-idx, not tensor_parallel_size), or for several machines start a Ray cluster and use --distributed-executor-backend ray.',
        '让 GPU 可见（CUDA_VISIBLE_DEVICES、docker --gpus all、Kubernetes 的 GPU 限额；Xinference 请用 --n-gpu 或 --gpu-idx，而不是 tensor_parallel_size），多机时先启动 Ray 集群并使用 --distributed-executor-backend ray。',
        {},
        { commands: false },
      ),
    );
    return fixes;
  },
};
