/** Facts and the memory ladder shared by the CUDA out-of-memory rules. */
import { makeFix } from '../fix-commands';
import type { RuleContext } from '../rule-api';
import type { Fix, SettingValue } from '../types';
import { defined, round, settingNumber } from './helpers';
import type { OomReport } from './oom-phase';

export function oomFacts(report: OomReport, ctx: RuleContext): Record<string, SettingValue> {
  return defined({
    tried_to_allocate_mib: report.triedToAllocateMiB,
    total_gpu_memory_gib: report.totalGiB,
    free_mib: report.freeMiB,
    pytorch_allocated_gib: report.pytorchAllocatedGiB,
    allocated_gib: report.allocatedGiB,
    gpu_memory_utilization: settingNumber(ctx.facts, 'gpu_memory_utilization'),
    max_model_len: settingNumber(ctx.facts, 'max_model_len'),
    max_num_seqs: settingNumber(ctx.facts, 'max_num_seqs'),
    tensor_parallel_size: settingNumber(ctx.facts, 'tensor_parallel_size'),
    phase: report.phase === 'unknown' ? undefined : report.phase,
  });
}

/** The general memory ladder: smaller budget, shorter context, fewer sequences, eager mode. */
export function memoryLadder(ctx: RuleContext): Fix[] {
  const facts = ctx.facts;
  const utilization = settingNumber(facts, 'gpu_memory_utilization') ?? 0.9;
  const maxModelLen = settingNumber(facts, 'max_model_len');
  const maxNumSeqs = settingNumber(facts, 'max_num_seqs') ?? 256;
  const tp = settingNumber(facts, 'tensor_parallel_size') ?? 1;
  const fixes: Fix[] = [];
  const lowered: Record<string, SettingValue> = { max_num_seqs: Math.max(16, Math.floor(maxNumSeqs / 2)) };
  if (maxModelLen && maxModelLen > 4096)
    lowered.max_model_len = Math.max(4096, Math.floor(maxModelLen / 2 / 1024) * 1024);
  fixes.push(
    makeFix(
      facts,
      'Ask for less at once: fewer concurrent sequences (max_num_seqs) and, if you can, a shorter max_model_len.',
      '一次少要一些：降低并发序列数（max_num_seqs），可以的话缩短 max_model_len。',
      lowered,
    ),
    makeFix(
      facts,
      `Leave more headroom outside vLLM's budget: gpu_memory_utilization ${round(Math.max(0.5, utilization - 0.05), 2)} and eager mode (no CUDA graphs).`,
      `在 vLLM 预算之外留出更多余量：gpu_memory_utilization 设为 ${round(Math.max(0.5, utilization - 0.05), 2)}，并使用 eager 模式（不捕获 CUDA 图）。`,
      { gpu_memory_utilization: round(Math.max(0.5, utilization - 0.05), 2), enforce_eager: true },
    ),
    makeFix(
      facts,
      `If the model barely fits: tensor_parallel_size=${tp * 2} over more GPUs, or a quantized checkpoint.`,
      `如果模型勉强放得下：用更多 GPU（tensor_parallel_size=${tp * 2}），或改用量化模型。`,
      { tensor_parallel_size: tp * 2 },
    ),
  );
  return fixes;
}
