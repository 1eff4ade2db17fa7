import { makeFix } from '../fix-commands';
import { rulePattern } from '../patterns';
import type { Detection, Rule, RuleContext } from '../rule-api';
import { detectionOf, DOCS, evidenceOf, round, settingNumber } from './helpers';
import { readOom } from './oom-phase';
import { oomFacts } from './oom-shared';

/** Graph capture in a failing traceback, or the capture phase followed by a worker error. */
const CAPTURE_FRAME = rulePattern(
  /capture_model\(\)|in capture_model\b|in _capture_cudagraphs\b|capture_end\(\)/gi,
);
const CAPTURE_PHASE = rulePattern(/Capturing (?:cudagraphs|CUDA graphs?|the model for CUDA graphs)/gi);
const WORKER_ERROR = rulePattern(
  /Error executing metho|Exception in worker|WorkerProc hit an exception|Worker failed with error/gi,
);

/** The paste stops before the error line: graph capture is where start-up ran out, most often of memory. */
function captureFailedWithoutMessage(ctx: RuleContext): Detection | null {
  const frames = ctx.find('capture-frame', CAPTURE_FRAME);
  if (frames.length) return detectionOf(frames, 0.5, {});
  const phase = ctx.find('capture-phase', CAPTURE_PHASE);
  const failed = ctx.find('worker-error', WORKER_ERROR);
  if (phase.length && failed.length && failed[0].offset > phase[0].offset)
    return detectionOf([...phase, ...failed], 0.45, {});
  return null;
}

export const cudaOomCudagraph: Rule = {
  meta: {
    id: 'cuda-oom-cudagraph',
    title: 'Out of GPU memory while capturing CUDA graphs',
    titleZh: '捕获 CUDA 图时显存不足',
    docs: [DOCS.conservingMemory, DOCS.optimization],
    specificity: 2,
  },
  detect(ctx) {
    const oom = readOom(ctx);
    if (!oom) return captureFailedWithoutMessage(ctx);
    if (oom.phase !== 'cudagraph') return null;
    return {
      confidence: 0.86,
      evidence: evidenceOf([oom.signals[0], ...(oom.phaseEvidence ? [oom.phaseEvidence] : [])]),
      facts: oomFacts(oom, ctx),
      outranks: ['cuda-oom'],
    };
  },
  fix(_detection, ctx) {
    const facts = ctx.facts;
    const maxNumSeqs = settingNumber(facts, 'max_num_seqs') ?? 256;
    const utilization = settingNumber(facts, 'gpu_memory_utilization') ?? 0.9;
    return [
      makeFix(
        facts,
        'Run in eager mode (enforce_eager): no CUDA graphs are captured, which frees their memory at some speed cost.',
        '使用 eager 模式（enforce_eager）：不再捕获 CUDA 图，释放其显存，速度略有下降。',
        { enforce_eager: true },
      ),
      makeFix(
        facts,
        `Or capture fewer graph sizes: lower max_num_seqs to ${Math.max(16, Math.floor(maxNumSeqs / 2))} (capture sizes follow it).`,
        `或减少捕获的图尺寸：把 max_num_seqs 降到 ${Math.max(16, Math.floor(maxNumSeqs / 2))}（捕获尺寸随之减少）。`,
        { max_num_seqs: Math.max(16, Math.floor(maxNumSeqs / 2)) },
      ),
      makeFix(
        facts,
        `Or leave graphs more headroom: gpu_memory_utilization ${round(Math.max(0.5, utilization - 0.05), 2)} (graphs live outside vLLM's budget).`,
        `或为 CUDA 图留出更多余量：gpu_memory_utilization 设为 ${round(Math.max(0.5, utilization - 0.05), 2)}（CUDA 图不在 vLLM 的预算内）。`,
        { gpu_memory_utilization: round(Math.max(0.5, utilization - 0.05), 2) },
      ),
    ];
  },
};
