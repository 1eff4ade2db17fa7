import { rulePattern } from '../patterns';
import { makeFix } from '../fix-commands';
import type { Rule } from '../rule-api';
import { defined, detectionOf, DOCS, firstGroup, looksLikeDocker } from './helpers';

const NCCL_EXTRA = rulePattern(
  /NCCL WARN [^\n]*(?:shared memory|\/dev\/shm|Cuda failure|unhandled|failed)|NCCL error\s*：|ncclSystemError|ncclUnhandledCudaError|ncclInternalError|NcclError|NCCL_ERROR_[A-Z_]+|NCCL version (?<nccl_version>\d+\.\d+\.\d+)[^\n]*(?:error|failed)/gi,
);

const NCCL_INIT_FRAME = rulePattern(/ncclCommInitRank|in NCCL_CHECK\b/g);

export const ncclError: Rule = {
  meta: {
    id: 'nccl-error',
    title: 'NCCL failed between the GPU workers',
    titleZh: 'GPU worker 之间的 NCCL 通信失败',
    docs: [DOCS.distributed, DOCS.docker],
    specificity: 2,
  },
  detect(ctx) {
    const signals = [...ctx.signalsFor('nccl-error'), ...ctx.find('nccl-extra', NCCL_EXTRA)];
    if (!signals.length) {
      // The trace stops inside NCCL's communicator set-up: a weak sign of the same failure.
      return detectionOf(ctx.find('nccl-init-frame', NCCL_INIT_FRAME), 0.5, {});
    }
    return detectionOf(
      signals,
      0.88,
      defined({
        nccl_version: firstGroup(signals, 'nccl_version'),
        nccl_error: firstGroup(signals, 'reason', 'nccl_error')?.trim(),
      }),
    );
  },
  fix(_detection, ctx) {
    const docker = looksLikeDocker(ctx);
    const fixes = [
      makeFix(
        ctx.facts,
        docker
          ? 'Give the container shared memory for NCCL: docker run --ipc=host (or --shm-size=16g).'
          : 'Make sure /dev/shm is large enough for NCCL (in containers: --ipc=host or --shm-size=16g).',
        docker
          ? '为容器提供足够的共享内存给 NCCL：docker run --ipc=host（或 --shm-size=16g）。'
          : '确保 /dev/shm 足够大（容器中使用 --ipc=host 或 --shm-size=16g）。',
        {},
        { commands: false },
      ),
      makeFix(
        ctx.facts,
        'If peer-to-peer between the GPUs is broken (common on consumer cards and some VMs), disable it: NCCL_P2P_DISABLE=1; NCCL_DEBUG=INFO shows the cause.',
        '如果 GPU 之间的 P2P 不可用（消费级显卡和部分虚拟机常见），设置 NCCL_P2P_DISABLE=1；用 NCCL_DEBUG=INFO 查看原因。',
        {},
        { env: { NCCL_P2P_DISABLE: '1', NCCL_DEBUG: 'INFO' } },
      ),
    ];
    return fixes;
  },
};
