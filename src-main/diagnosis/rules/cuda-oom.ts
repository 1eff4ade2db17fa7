import type { Rule } from '../rule-api';
import { DOCS, evidenceOf } from './helpers';
import { otherProcessesGiB, readOom } from './oom-phase';
import { memoryLadder, oomFacts } from './oom-shared';

export const cudaOom: Rule = {
  meta: {
    id: 'cuda-oom',
    title: 'CUDA out of memory',
    titleZh: 'CUDA 显存不足',
    docs: [DOCS.conservingMemory, DOCS.pytorchCudaMemory],
    specificity: 6,
  },
  detect(ctx) {
    const oom = readOom(ctx);
    if (!oom) return null;
    const others = otherProcessesGiB(oom);
    const facts = oomFacts(oom, ctx);
    if (others.length) facts.other_process_memory_gib = others;
    return { confidence: 0.8, evidence: evidenceOf(oom.signals, 3), facts };
  },
  fix(_detection, ctx) {
    return memoryLadder(ctx);
  },
};
