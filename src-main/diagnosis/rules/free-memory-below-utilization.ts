import { rulePattern } from '../patterns';
import { makeFix } from '../fix-commands';
import type { Rule } from '../rule-api';
import type { Fix } from '../types';
import { defined, detectionOf, DOCS, evidenceOf, firstGroup, num, round } from './helpers';
import { otherProcessesGiB, readOom } from './oom-phase';

/** Xinference's note that a GPU already holds other models. */
const XINFERENCE_OCCUPIED = rulePattern(
  /GPU index \d+ has been occupied with (?:these models on it|a vLLM model|models)/gi,
);

const XINFERENCE_NO_SLOT = rulePattern(/No available slot found for the (?:model|embedding model)/gi);

export const freeMemoryBelowUtilization: Rule = {
  meta: {
    id: 'free-memory-below-utilization',
    title: 'Other processes hold the GPU memory vLLM asked for',
    titleZh: 'GPU 空闲显存低于 gpu_memory_utilization 的要求',
    docs: [DOCS.conservingMemory, DOCS.troubleshooting],
    specificity: 1,
  },
  detect(ctx) {
    const signals = ctx.signalsFor('free-memory-below-utilization');
    if (signals.length) {
      const free = num(firstGroup(signals, 'free_gib'));
      const total = num(firstGroup(signals, 'total_gib'));
      return detectionOf(
        [...signals, ...ctx.find('xinference-occupied', XINFERENCE_OCCUPIED)],
        0.96,
        defined({
          free_gib: free,
          total_gib: total,
          gpu_memory_utilization: num(firstGroup(signals, 'util', 'gpu_memory_utilization')),
          requested_gib: num(firstGroup(signals, 'requested_gib', 'requested')),
          device: firstGroup(signals, 'device'),
        }),
        ['cuda-oom', 'no-kv-cache-memory', 'kv-cache-insufficient'],
      );
    }
    // Xinference (≤1.14, or with sharing turned off) refuses a GPU that already holds a model.
    const noSlot = ctx.find('xinference-no-slot', XINFERENCE_NO_SLOT);
    if (noSlot.length) return detectionOf(noSlot, 0.75, { gpu_busy: true }, ['cuda-oom']);
    // V0 had no start-up check: it ran out of memory later, with other processes listed.
    const oom = readOom(ctx);
    if (!oom) return null;
    const others = otherProcessesGiB(oom);
    if (!others.length) return null;
    return {
      confidence: oom.phase === 'kv-alloc' ? 0.85 : 0.75,
      evidence: evidenceOf([oom.signals[0], ...(oom.phaseEvidence ? [oom.phaseEvidence] : [])]),
      facts: defined({
        total_gpu_memory_gib: oom.totalGiB,
        free_mib: oom.freeMiB,
        tried_to_allocate_mib: oom.triedToAllocateMiB,
        other_process_memory_gib: others,
        other_processes_total_gib: round(
          others.reduce((sum, value) => sum + value, 0),
          2,
        ),
      }),
      outranks: ['cuda-oom'],
    };
  },
  fix(detection, ctx) {
    const f = detection.facts;
    const fixes: Fix[] = [];
    if (typeof f.free_gib === 'number' && typeof f.total_gib === 'number' && f.total_gib > 0) {
      const fitting = Math.floor((f.free_gib / f.total_gib - 0.01) * 100) / 100;
      if (fitting >= 0.1) {
        fixes.push(
          makeFix(
            ctx.facts,
            `Lower gpu_memory_utilization to ${fitting}: ${f.free_gib} of ${f.total_gib} GiB are free, and vLLM needs its whole share free at start-up.`,
            `把 gpu_memory_utilization 降到 ${fitting}：${f.total_gib} GiB 中只有 ${f.free_gib} GiB 空闲，而 vLLM 启动时要求整份预算都空闲。`,
            { gpu_memory_utilization: fitting },
          ),
        );
      }
    } else if (
      typeof f.other_processes_total_gib === 'number' &&
      typeof f.total_gpu_memory_gib === 'number'
    ) {
      const share =
        Math.floor(
          ((f.total_gpu_memory_gib - f.other_processes_total_gib) / f.total_gpu_memory_gib - 0.05) * 100,
        ) / 100;
      if (share >= 0.1) {
        fixes.push(
          makeFix(
            ctx.facts,
            `Other processes hold ${f.other_processes_total_gib} GiB of this GPU: lower gpu_memory_utilization to about ${share}, or stop them.`,
            `其他进程占用了该 GPU 的 ${f.other_processes_total_gib} GiB：把 gpu_memory_utilization 降到约 ${share}，或停止这些进程。`,
            { gpu_memory_utilization: share },
          ),
        );
      }
    }
    if (f.gpu_busy === true) {
      fixes.push(
        makeFix(
          ctx.facts,
          'Every GPU Xinference may use already holds a model: launch on a free one (--gpu-idx), stop the other model first, or on Xinference 1.15+ let models share a GPU (the default) with lower gpu_memory_utilization for each.',
          'Xinference 可用的 GPU 上都已经有模型：用 --gpu-idx 指定空闲的 GPU、先停止其他模型，或在 Xinference 1.15 及以上允许共享 GPU（默认），并为每个模型调低 gpu_memory_utilization。',
          {},
          { commands: false },
        ),
      );
    }
    fixes.push(
      makeFix(
        ctx.facts,
        'Free the GPU: stop the other processes holding memory (nvidia-smi lists them; a leftover vLLM worker is common), or pick an idle GPU with CUDA_VISIBLE_DEVICES.',
        '释放 GPU：停止占用显存的其他进程（nvidia-smi 可列出，常见的是残留的 vLLM worker），或用 CUDA_VISIBLE_DEVICES 选一张空闲的 GPU。',
        {},
        { commands: false },
      ),
    );
    return fixes;
  },
};
