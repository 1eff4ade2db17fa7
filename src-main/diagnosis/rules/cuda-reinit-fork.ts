import { makeFix } from '../fix-commands';
import type { Rule } from '../rule-api';
import { rulePattern } from '../patterns';
import { detectFromSignals, detectionOf, DOCS } from './helpers';

const FORKED_WORKER = rulePattern(/VllmWorkerProcess|ForkProcess/);
const SET_DEVICE_FRAME = rulePattern(/torch\.cuda\.set_device\(/g);

export const cudaReinitFork: Rule = {
  meta: {
    id: 'cuda-reinit-fork',
    title: 'CUDA was initialised before worker processes were forked',
    titleZh: '在 fork 子进程之前已经初始化了 CUDA',
    docs: [DOCS.troubleshooting],
    specificity: 1,
  },
  detect(ctx) {
    const catalog = detectFromSignals(ctx, 'cuda-reinit-fork', 0.96);
    if (catalog) return catalog;
    // A forked V0 worker that fails while setting its device, with the message cut off: a weak sign.
    const forked = ctx.doc
      .allLines()
      .some((line) => FORKED_WORKER.test(line.proc ?? '') || FORKED_WORKER.test(line.text));
    if (!forked) return null;
    return detectionOf(ctx.find('forked-set-device', SET_DEVICE_FRAME), 0.5, {});
  },
  fix(_detection, ctx) {
    return [
      makeFix(
        ctx.facts,
        'Make vLLM start its workers with spawn: set VLLM_WORKER_MULTIPROC_METHOD=spawn (for Xinference, in the environment of the xinference server).',
        '让 vLLM 用 spawn 启动 worker：设置 VLLM_WORKER_MULTIPROC_METHOD=spawn（Xinference 需设置在 xinference 服务进程的环境中）。',
        {},
        { env: { VLLM_WORKER_MULTIPROC_METHOD: 'spawn' } },
      ),
      makeFix(
        ctx.facts,
        'In your own script: no CUDA calls (torch.cuda.*, .to("cuda"), torch.cuda.set_device) before creating LLM, choose GPUs with CUDA_VISIBLE_DEVICES, and put the code under if __name__ == "__main__":',
        '在自己的脚本中：创建 LLM 之前不要调用 CUDA（torch.cuda.*、.to("cuda")、torch.cuda.set_device），用 CUDA_VISIBLE_DEVICES 选择 GPU，并把代码放在 if __name__ == "__main__": 之下。',
        {},
        { commands: false },
      ),
    ];
  },
};
