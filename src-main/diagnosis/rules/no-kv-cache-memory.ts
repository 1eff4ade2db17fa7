import { rulePattern } from '../patterns';
import { makeFix } from '../fix-commands';
import type { Rule } from '../rule-api';
import {
  defined,
  detectionOf,
  detectFromSignals,
  DOCS,
  firstGroup,
  measurementNumber,
  num,
  round,
  settingNumber,
} from './helpers';

const BARE_PHRASE = rulePattern(/No available memory for the cache blocks/gi);

export const noKvCacheMemory: Rule = {
  meta: {
    id: 'no-kv-cache-memory',
    title: 'No memory left for the KV cache',
    titleZh: '没有剩余显存用于 KV 缓存',
    docs: [DOCS.conservingMemory],
    specificity: 3,
  },
  detect(ctx) {
    const detection = detectFromSignals(ctx, 'no-kv-cache-memory', 0.93, (signals) =>
      defined({
        kv_cache_gib:
          num(firstGroup(signals, 'kv_cache_gib')) ?? measurementNumber(ctx.facts, 'kv_cache_gib'),
        gpu_blocks: measurementNumber(ctx.facts, 'gpu_blocks'),
        max_model_len: settingNumber(ctx.facts, 'max_model_len'),
        gpu_memory_utilization: settingNumber(ctx.facts, 'gpu_memory_utilization'),
        weights_gib: measurementNumber(ctx.facts, 'weights_gib'),
        total_gpu_memory_gib: measurementNumber(ctx.facts, 'total_gpu_memory_gib'),
      }),
    );
    if (detection) return { ...detection, outranks: ['kv-cache-insufficient', 'cuda-oom'] };
    // The phrase alone (an issue title, or a paste cut before the advice that follows it).
    const bare = ctx.find('no-cache-blocks-bare', BARE_PHRASE);
    return detectionOf(
      bare,
      0.85,
      defined({ gpu_memory_utilization: settingNumber(ctx.facts, 'gpu_memory_utilization') }),
      ['kv-cache-insufficient', 'cuda-oom'],
    );
  },
  fix(_detection, ctx) {
    const facts = ctx.facts;
    const utilization = settingNumber(facts, 'gpu_memory_utilization') ?? 0.9;
    const tp = settingNumber(facts, 'tensor_parallel_size') ?? 1;
    const fixes = [];
    if (utilization < 0.95) {
      const raised = Math.min(0.95, round(utilization + 0.05, 2));
      fixes.push(
        makeFix(
          facts,
          `Raise gpu_memory_utilization from ${utilization} to ${raised}, after making sure no other process uses this GPU.`,
          `确认没有其他进程占用该 GPU 后，把 gpu_memory_utilization 从 ${utilization} 提高到 ${raised}。`,
          { gpu_memory_utilization: raised },
        ),
      );
    }
    fixes.push(
      makeFix(
        facts,
        `The weights and activations take the whole budget: spread the model over ${tp * 2} GPUs (tensor_parallel_size=${tp * 2}) or load a quantized checkpoint (AWQ / GPTQ / fp8).`,
        `权重和激活占满了预算：把模型分布到 ${tp * 2} 张 GPU（tensor_parallel_size=${tp * 2}），或加载量化模型（AWQ / GPTQ / fp8）。`,
        { tensor_parallel_size: tp * 2 },
      ),
      makeFix(
        facts,
        'Offload part of the weights to CPU memory (cpu_offload_gb, slower) and lower max_num_seqs to shrink the profiled activation peak.',
        '把部分权重卸载到内存（cpu_offload_gb，会变慢），并降低 max_num_seqs 以减小激活峰值。',
        { cpu_offload_gb: 8, max_num_seqs: Math.min(settingNumber(facts, 'max_num_seqs') ?? 256, 64) },
      ),
    );
    return fixes;
  },
};
