/**
 * Names people pass that vLLM does not take, and what to write instead (from vLLM's history:
 * renamed and removed engine arguments; names from other engines that reach vLLM by mistake).
 */
export interface ArgAdvice {
  /** The vLLM name to use, when there is one. */
  replacement?: string;
  /** A value to go with it when the rename changes its meaning. */
  value?: string | number | boolean;
  reason: string;
  reasonZh: string;
}

export const ARG_RENAMES: Record<string, ArgAdvice> = {
  offload_weights: {
    replacement: 'cpu_offload_gb',
    value: 8,
    reason: 'vLLM offloads weights to CPU memory with cpu_offload_gb (GiB per GPU).',
    reasonZh: 'vLLM 通过 cpu_offload_gb（每张 GPU 的 GiB 数）把权重卸载到内存。',
  },
  max_batch_size: {
    replacement: 'max_num_seqs',
    reason: 'vLLM limits concurrent sequences with max_num_seqs.',
    reasonZh: 'vLLM 用 max_num_seqs 限制并发序列数。',
  },
  worker_use_ray: {
    replacement: 'distributed_executor_backend',
    value: 'ray',
    reason: 'worker_use_ray was removed; use distributed_executor_backend="ray".',
    reasonZh: 'worker_use_ray 已被移除，请使用 distributed_executor_backend="ray"。',
  },
  max_context_len_to_capture: {
    replacement: 'max_seq_len_to_capture',
    reason: 'Renamed to max_seq_len_to_capture (and to max_cudagraph_capture_size from vLLM 0.11.1).',
    reasonZh: '已改名为 max_seq_len_to_capture（vLLM 0.11.1 起为 max_cudagraph_capture_size）。',
  },
  max_seq_len_to_capture: {
    replacement: 'max_cudagraph_capture_size',
    reason: 'Removed in vLLM 0.11; max_cudagraph_capture_size replaces it.',
    reasonZh: 'vLLM 0.11 移除了该参数，由 max_cudagraph_capture_size 代替。',
  },
  cuda_graph_sizes: {
    replacement: 'cudagraph_capture_sizes',
    reason: 'Removed in vLLM 0.13; use cudagraph_capture_sizes.',
    reasonZh: 'vLLM 0.13 移除了该参数，请使用 cudagraph_capture_sizes。',
  },
  num_scheduler_steps: {
    reason:
      'Multi-step scheduling was removed from vLLM (0.10+); drop the argument, or the code that passes it belongs to another vLLM version (an unclean install).',
    reasonZh:
      'vLLM 0.10 起移除了多步调度：去掉该参数；若是库代码传入，说明安装的 vLLM 版本不一致（安装不干净）。',
  },
  use_v2_block_manager: {
    reason: 'Removed from vLLM: drop the argument.',
    reasonZh: 'vLLM 已移除该参数：去掉即可。',
  },
  n_gpu_layers: {
    reason:
      "n_gpu_layers is a llama.cpp option, not vLLM's: drop it (with Xinference, --n-gpu sets how many GPUs the model uses).",
    reasonZh:
      'n_gpu_layers 是 llama.cpp 的参数，不是 vLLM 的：去掉它（Xinference 中用 --n-gpu 指定 GPU 数量）。',
  },
  limit_mm_per_prompt: {
    reason:
      'This vLLM is too old for limit_mm_per_prompt: upgrade vLLM (0.5.1 or newer) or drop the argument.',
    reasonZh: '当前 vLLM 版本太旧，不支持 limit_mm_per_prompt：升级 vLLM（0.5.1 及以上）或去掉该参数。',
  },
  swap_space: {
    reason: 'swap_space was removed from recent vLLM: drop it.',
    reasonZh: '新版 vLLM 已移除 swap_space：去掉即可。',
  },
  ray_workers_use_nsight: {
    reason: 'Removed from vLLM: drop the argument.',
    reasonZh: 'vLLM 已移除该参数：去掉即可。',
  },
};
