import { makeFix } from '../fix-commands';
import type { Rule } from '../rule-api';
import { defined, DOCS, evidenceOf, firstGroup, num, round, settingNumber } from './helpers';
import { readOom } from './oom-phase';
import { oomFacts } from './oom-shared';

export const cudaOomWarmup: Rule = {
  meta: {
    id: 'cuda-oom-warmup',
    title: 'Out of GPU memory during profiling or warm-up',
    titleZh: '内存分析或预热阶段显存不足',
    docs: [DOCS.conservingMemory],
    specificity: 2,
  },
  detect(ctx) {
    const explicit = ctx.signalsFor('cuda-oom-warmup');
    const oom = readOom(ctx);
    if (!explicit.length && (!oom || oom.phase !== 'warmup')) return null;
    const signals = [...explicit, ...(oom && !explicit.length ? oom.signals.slice(0, 1) : [])];
    if (oom?.phaseEvidence && !explicit.length) signals.push(oom.phaseEvidence);
    const dummyRequests = num(firstGroup(explicit, 'num_reqs'));
    return {
      confidence: explicit.length ? 0.93 : 0.85,
      evidence: evidenceOf(signals),
      facts: {
        ...(oom ? oomFacts(oom, ctx) : {}),
        ...defined({
          max_num_seqs: settingNumber(ctx.facts, 'max_num_seqs') ?? dummyRequests,
          tensor_parallel_size: settingNumber(ctx.facts, 'tensor_parallel_size') ?? workerCount(ctx),
          dummy_requests: dummyRequests,
        }),
      },
      outranks: ['cuda-oom'],
    };
  },
  fix(detection, ctx) {
    const facts = ctx.facts;
    const current = typeof detection.facts.max_num_seqs === 'number' ? detection.facts.max_num_seqs : 256;
    const lowered = Math.max(16, Math.min(256, Math.floor(current / 4)));
    const utilization = settingNumber(facts, 'gpu_memory_utilization') ?? 0.9;
    const batched = settingNumber(facts, 'max_num_batched_tokens');
    const fixes = [
      makeFix(
        facts,
        `Lower max_num_seqs from ${current} to ${lowered}: the sampler warm-up allocates logits for that many requests at once.`,
        `把 max_num_seqs 从 ${current} 降到 ${lowered}：采样器预热会一次为这么多请求分配 logits。`,
        { max_num_seqs: lowered },
      ),
      makeFix(
        facts,
        `Or leave more memory outside the KV cache: gpu_memory_utilization ${round(Math.max(0.5, utilization - 0.05), 2)}.`,
        `或在 KV 缓存之外留出更多显存：gpu_memory_utilization 设为 ${round(Math.max(0.5, utilization - 0.05), 2)}。`,
        { gpu_memory_utilization: round(Math.max(0.5, utilization - 0.05), 2) },
      ),
    ];
    if (batched && batched > 2048) {
      fixes.push(
        makeFix(
          facts,
          `Or profile a smaller batch: max_num_batched_tokens ${Math.floor(batched / 2)}.`,
          `或用更小的批次做内存分析：max_num_batched_tokens 设为 ${Math.floor(batched / 2)}。`,
          { max_num_batched_tokens: Math.floor(batched / 2) },
        ),
      );
    }
    return fixes;
  },
};

/** Highest worker rank + 1 seen in `(VllmWorker rank=N …)` prefixes: the TP size of the run. */
function workerCount(ctx: Parameters<typeof readOom>[0]): number | undefined {
  let highest = -1;
  for (const line of ctx.doc.allLines()) {
    const match = line.proc ? /rank=(\d+)/.exec(line.proc) : null;
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return highest >= 0 ? highest + 1 : undefined;
}
