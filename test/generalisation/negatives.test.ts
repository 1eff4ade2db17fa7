/**
 * Healthy start-up logs: INFO/WARNING lines vLLM and Xinference print when all goes well (from the
 * dev corpus and the start-up lines documented in the vLLM / Xinference research notes). None may
 * produce a finding at high confidence.
 */
import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../src-main/diagnosis';
import { summary } from './helpers';

const V1_HEALTHY = [
  'INFO 05-20 00:54:40 [__init__.py:244] Automatically detected platform cuda.',
  'INFO 05-20 00:54:42 [api_server.py:1395] vLLM API server version 0.9.2',
  "INFO 05-20 00:54:42 [cli_args.py:325] non-default args: {'model': 'Qwen/Qwen3-8B', 'max_model_len': 32768, 'gpu_memory_utilization': 0.9}",
  'INFO 05-20 00:54:50 [config.py:1472] Using max model len 32768',
  'INFO 05-20 00:54:50 [config.py:2285] Chunked prefill is enabled with max_num_batched_tokens=8192.',
  "INFO 05-20 00:54:52 [core.py:69] Initializing a V1 LLM engine (v0.9.2) with config: model='Qwen/Qwen3-8B', speculative_config=None, tokenizer='Qwen/Qwen3-8B', skip_tokenizer_init=False, tokenizer_mode=auto, revision=None, trust_remote_code=False, dtype=torch.bfloat16, max_seq_len=32768, download_dir=None, load_format=auto, tensor_parallel_size=1, pipeline_parallel_size=1, data_parallel_size=1, disable_custom_all_reduce=False, quantization=None, enforce_eager=False, kv_cache_dtype=auto, device_config=cuda, seed=0, enable_prefix_caching=True, chunked_prefill_enabled=True",
  'INFO 05-20 00:54:55 [gpu_model_runner.py:1770] Starting to load model Qwen/Qwen3-8B...',
  'INFO 05-20 00:54:55 [cuda.py:284] Using Flash Attention backend on V1 engine.',
  'Loading safetensors checkpoint shards:   0% Completed | 0/5 [00:00<?, ?it/s]',
  'Loading safetensors checkpoint shards:  40% Completed | 2/5 [00:01<00:02,  1.21it/s]',
  'Loading safetensors checkpoint shards: 100% Completed | 5/5 [00:04<00:00,  1.18it/s]',
  'INFO 05-20 00:55:00 [default_loader.py:272] Loading weights took 4.31 seconds',
  'INFO 05-20 00:55:01 [gpu_model_runner.py:1801] Model loading took 15.2683 GiB and 5.021377 seconds',
  "INFO 05-20 00:55:09 [backends.py:508] Using cache directory: /root/.cache/vllm/torch_compile_cache/3f2a/rank_0_0 for vLLM's torch.compile",
  'INFO 05-20 00:55:13 [gpu_worker.py:232] Available KV cache memory: 52.42 GiB',
  'INFO 05-20 00:55:13 [kv_cache_utils.py:716] GPU KV cache size: 1,029,841 tokens',
  'INFO 05-20 00:55:13 [kv_cache_utils.py:720] Maximum concurrency for 32,768 tokens per request: 31.43x',
  'Capturing CUDA graph shapes:  50%|█████     | 33/67 [00:10<00:10,  3.21it/s]',
  'Capturing CUDA graph shapes: 100%|██████████| 67/67 [00:20<00:00,  3.30it/s]',
  'INFO 05-20 00:55:34 [gpu_model_runner.py:2326] Graph capturing finished in 21 secs, took 0.52 GiB',
  'INFO 05-20 00:55:34 [core.py:172] init engine (profile, create kv cache, warmup model) took 39.17 seconds',
  'INFO 05-20 00:55:35 [api_server.py:1457] Starting vLLM API server 0 on http://0.0.0.0:8000',
  'INFO:     Started server process [1851872]',
  'INFO:     Waiting for application startup.',
  'INFO:     Application startup complete.',
  'INFO 05-20 00:56:05 [loggers.py:118] Engine 000: Avg prompt throughput: 412.3 tokens/s, Avg generation throughput: 58.1 tokens/s, Running: 2 reqs, Waiting: 0 reqs, GPU KV cache usage: 1.3%, Prefix cache hit rate: 12.5%',
  'INFO:     127.0.0.1:51234 - "POST /v1/chat/completions HTTP/1.1" 200 OK',
].join('\n');

/** V0, two Turing GPUs: the usual warnings of a multi-GPU start that nonetheless works. */
const V0_TP2_TURING = [
  'INFO 02-13 10:10:48 __init__.py:190] Automatically detected platform cuda.',
  "INFO 02-13 10:10:50 api_server.py:840] args: Namespace(host=None, port=8000, model='Qwen/Qwen2.5-7B-Instruct', dtype='half', max_model_len=8192, tensor_parallel_size=2, gpu_memory_utilization=0.9, enforce_eager=False)",
  "INFO 02-13 10:10:55 llm_engine.py:234] Initializing a V0 LLM engine (v0.7.2) with config: model='Qwen/Qwen2.5-7B-Instruct', speculative_config=None, tokenizer='Qwen/Qwen2.5-7B-Instruct', dtype=torch.float16, max_seq_len=8192, download_dir=None, load_format=LoadFormat.AUTO, tensor_parallel_size=2, pipeline_parallel_size=1, disable_custom_all_reduce=False, quantization=None, enforce_eager=False, kv_cache_dtype=auto, device_config=cuda, use_cached_outputs=True",
  'WARNING 02-13 10:10:55 multiproc_worker_utils.py:300] Reducing Torch parallelism from 16 threads to 1 to avoid unnecessary CPU contention. Set OMP_NUM_THREADS in the external environment to tune this value as needed.',
  "WARNING 02-13 10:10:55 multiproc_worker_utils.py:281] CUDA was previously initialized. We must use the `spawn` multiprocessing start method. Setting VLLM_WORKER_MULTIPROC_METHOD to 'spawn'. See https://docs.vllm.ai/en/latest/getting_started/troubleshooting.html#python-multiprocessing for more information.",
  'INFO 02-13 10:10:56 cuda.py:179] Cannot use FlashAttention-2 backend for Volta and Turing GPUs.',
  'INFO 02-13 10:10:56 cuda.py:227] Using XFormers backend.',
  '(VllmWorkerProcess pid=221) INFO 02-13 10:10:58 cuda.py:179] Cannot use FlashAttention-2 backend for Volta and Turing GPUs.',
  '(VllmWorkerProcess pid=221) INFO 02-13 10:10:58 cuda.py:227] Using XFormers backend.',
  '(VllmWorkerProcess pid=221) INFO 02-13 10:10:59 multiproc_worker_utils.py:229] Worker ready; awaiting tasks',
  'INFO 02-13 10:11:00 utils.py:950] Found nccl from library libnccl.so.2',
  'INFO 02-13 10:11:00 pynccl.py:69] vLLM is using nccl==2.21.5',
  "WARNING 02-13 10:11:01 custom_all_reduce.py:136] Custom allreduce is disabled because it's not supported on more than two PCIe-only GPUs. To silence this warning, specify disable_custom_all_reduce=True explicitly.",
  "(VllmWorkerProcess pid=221) WARNING 02-13 10:11:01 custom_all_reduce.py:136] Custom allreduce is disabled because it's not supported on more than two PCIe-only GPUs. To silence this warning, specify disable_custom_all_reduce=True explicitly.",
  'INFO 02-13 10:11:02 model_runner.py:1110] Starting to load model Qwen/Qwen2.5-7B-Instruct...',
  'INFO 02-13 10:11:12 model_runner.py:1115] Loading model weights took 7.1216 GB',
  'INFO 02-13 10:11:15 worker.py:266] Memory profiling takes 2.71 seconds',
  'the current vLLM instance can use total_gpu_memory (21.66GiB) x gpu_memory_utilization (0.90) = 19.49GiB',
  'model weights take 7.12GiB; non_torch_memory takes 0.21GiB; PyTorch activation peak memory takes 1.43GiB; the rest of the memory reserved for KV Cache is 10.73GiB.',
  'INFO 02-13 10:11:15 executor_base.py:110] # CUDA blocks: 25116, # CPU blocks: 9362',
  'INFO 02-13 10:11:15 executor_base.py:115] Maximum concurrency for 8192 tokens per request: 49.05x',
  "INFO 02-13 10:11:17 model_runner.py:1434] Capturing cudagraphs for decoding. This may lead to unexpected consequences if the model is not static. To run the model in eager mode, set 'enforce_eager=True' or use '--enforce-eager' in the CLI. If out-of-memory error occurs during cudagraph capture, consider decreasing `gpu_memory_utilization` or switching to eager mode. You can also reduce the `max_num_seqs` as needed to decrease memory usage.",
  'Capturing CUDA graph shapes: 100%|██████████| 35/35 [00:14<00:00,  2.41it/s]',
  'INFO 02-13 10:11:32 model_runner.py:1562] Graph capturing finished in 15 secs, took 0.31 GiB',
  'INFO 02-13 10:11:32 llm_engine.py:431] init engine (profile, create kv cache, warmup model) took 19.82 seconds',
  'INFO 02-13 10:11:33 api_server.py:756] Using supplied chat template:',
  'INFO:     Application startup complete.',
  'INFO 02-13 10:12:03 metrics.py:455] Avg prompt throughput: 0.0 tokens/s, Avg generation throughput: 21.4 tokens/s, Running: 1 reqs, Swapped: 0 reqs, Pending: 0 reqs, GPU KV cache usage: 0.2%, CPU KV cache usage: 0.0%.',
].join('\n');

/** Xinference server: start lines, a launch, vLLM start-up inside it, done. */
const XINFERENCE_HEALTHY = [
  '2025-04-12 21:50:01,112 xinference.core.supervisor 1 INFO     Xinference supervisor 0.0.0.0:43421 started',
  '2025-04-12 21:50:01,790 xinference.core.worker 1 INFO     Starting metrics export server at 0.0.0.0:None',
  '2025-04-12 21:50:01,801 xinference.core.worker 1 INFO     Xinference worker 0.0.0.0:43421 started',
  '2025-04-12 21:50:06,244 xinference.api.restful_api 1 INFO     Starting Xinference at endpoint: http://0.0.0.0:9997',
  '2025-04-12 21:50:06,401 uvicorn.error 1 INFO     Uvicorn running on http://0.0.0.0:9997 (Press CTRL+C to quit)',
  '2025-04-12 21:57:01,002 xinference.core.worker 1 INFO     [request 8f2d303a-f448-11ef-8499-241c04f26566] Enter launch_builtin_model, args: <xinference.core.worker.WorkerActor object at 0x7f3a>, kwargs: model_uid=qwen2.5-instruct-0,model_name=qwen2.5-instruct,model_size_in_billions=7,model_format=pytorch,quantization=none,model_engine=vLLM,n_gpu=auto,gpu_memory_utilization=0.85',
  "2025-04-12 21:57:05,118 xinference.model.llm.vllm.core 167 INFO     Loading qwen2.5-instruct with following model config: {'tokenizer_mode': 'auto', 'trust_remote_code': True, 'tensor_parallel_size': 1, 'block_size': 16, 'swap_space': 4, 'gpu_memory_utilization': 0.85, 'max_num_seqs': 256, 'quantization': None, 'max_model_len': None}Enable lora: False. Lora count: 0.",
  "INFO 04-12 21:57:09 [core.py:69] Initializing a V1 LLM engine (v0.8.4) with config: model='/root/.xinference/cache/qwen2_5-instruct-pytorch-7b', max_seq_len=32768, tensor_parallel_size=1, quantization=None, enforce_eager=False, kv_cache_dtype=auto, device_config=cuda",
  'INFO 04-12 21:57:20 [gpu_model_runner.py:1276] Model loading took 14.2487 GiB and 8.12 seconds',
  'INFO 04-12 21:57:30 [kv_cache_utils.py:634] GPU KV cache size: 152,416 tokens',
  'INFO 04-12 21:57:30 [kv_cache_utils.py:637] Maximum concurrency for 32,768 tokens per request: 4.65x',
  'INFO 04-12 21:57:49 [gpu_model_runner.py:1606] Graph capturing finished in 19 secs, took 0.47 GiB',
  '2025-04-12 21:57:51,307 xinference.core.worker 1 INFO     [request 8f2d303a-f448-11ef-8499-241c04f26566] Leave launch_builtin_model, elapsed time: 50 s',
  '2025-04-12 21:58:10,004 uvicorn.access 1 INFO     172.19.0.1:34608 - "POST /v1/chat/completions HTTP/1.1" 200',
].join('\n');

/** Xinference ≥ 2.10 log shape, healthy. */
const XINFERENCE_210_HEALTHY = [
  '2026-08-07T18:20:01.112Z INFO xinference.core.supervisor pid:1 role:local address:0.0.0.0:9997 node:3d67e2e62a71 Xinference supervisor 0.0.0.0:34567 started',
  '2026-08-07T18:20:01.801Z INFO xinference.core.worker pid:1 role:local address:0.0.0.0:9997 node:3d67e2e62a71 Xinference worker 0.0.0.0:34567 started',
  '2026-08-07T18:20:06.244Z INFO xinference.api.restful_api pid:1 role:local address:0.0.0.0:9997 node:3d67e2e62a71 Starting Xinference at endpoint: http://0.0.0.0:9997',
  '2026-08-07T18:25:01.002Z INFO xinference.core.worker pid:1 role:local address:0.0.0.0:9997 node:3d67e2e62a71 Launch started: model_name=qwen3, model_uid=qwen3 (active: 1/4, queued: 0)',
  '2026-08-07T18:25:43.500Z INFO xinference.core.worker pid:1 role:local address:0.0.0.0:9997 node:3d67e2e62a71 Launch finished: model_name=qwen3, model_uid=qwen3',
  '2026-08-07T18:25:43.679Z INFO uvicorn.access pid:1 role:local address:0.0.0.0:9997 node:3d67e2e62a71 172.19.0.1:34608 - "POST /v1/models HTTP/1.1" 200',
].join('\n');

/** vLLM 0.6 CPU backend that starts fine with the default 4 GiB KV space (the warning is routine). */
const CPU_BACKEND_HEALTHY = [
  'INFO 09-10 10:00:00 __init__.py:190] Automatically detected platform cpu.',
  'WARNING 09-10 10:00:01 cpu_executor.py:116] Environment variable VLLM_CPU_KVCACHE_SPACE (GB) for CPU backend is not set, using 4 by default.',
  "INFO 09-10 10:00:01 llm_engine.py:237] Initializing an LLM engine (v0.6.3) with config: model='Qwen/Qwen2.5-0.5B-Instruct', dtype=torch.bfloat16, max_seq_len=4096, tensor_parallel_size=1, device_config=cpu",
  'INFO 09-10 10:00:10 cpu_executor.py:214] # CPU blocks: 21845',
  'INFO 09-10 10:00:20 api_server.py:232] Starting vLLM API server on http://0.0.0.0:8000',
  'INFO:     Application startup complete.',
].join('\n');

/** A two-node Ray cluster: the local node has 8 GPUs, TP 16 spans both; the warning is expected. */
const RAY_MULTI_NODE_HEALTHY = [
  '2024-09-21 18:15:28,304 INFO worker.py:1786 -- Connected to Ray cluster. View the dashboard at 127.0.0.1:8265',
  'WARNING 02-03 10:00:01 [ray_utils.py:330] Tensor parallel size (16) exceeds available GPUs (8). This may result in Ray placement group allocation failures. Consider reducing tensor_parallel_size to 8 or less, or ensure your Ray cluster has 16 GPUs available.',
  "INFO 02-03 10:00:05 [core.py:69] Initializing a V1 LLM engine (v0.9.2) with config: model='deepseek-ai/DeepSeek-V3', max_seq_len=32768, tensor_parallel_size=16, pipeline_parallel_size=1, device_config=cuda",
  'INFO 02-03 10:05:10 [kv_cache_utils.py:716] GPU KV cache size: 412,800 tokens',
  'INFO 02-03 10:06:20 [api_server.py:1457] Starting vLLM API server 0 on http://0.0.0.0:8000',
  'INFO:     Application startup complete.',
].join('\n');

const HEALTHY: Record<string, string> = {
  'V1 single GPU start-up with progress bars and throughput lines': V1_HEALTHY,
  'V0 TP=2 on Turing with spawn / custom-allreduce / FlashAttention-2 warnings': V0_TP2_TURING,
  'Xinference ≤2.9 server log with a vLLM launch': XINFERENCE_HEALTHY,
  'Xinference ≥2.10 server log': XINFERENCE_210_HEALTHY,
  'V1 start-up pasted with CRLF line endings': V1_HEALTHY.replace(/\n/g, '\r\n'),
  'V1 start-up lower-cased': V1_HEALTHY.toLowerCase(),
  'vLLM 0.6 CPU backend with the routine "VLLM_CPU_KVCACHE_SPACE … not set, using 4 by default" warning':
    CPU_BACKEND_HEALTHY,
  'two-node Ray cluster with the "Tensor parallel size (16) exceeds available GPUs (8)" warning':
    RAY_MULTI_NODE_HEALTHY,
};

/** Healthy logs the engine flags today, with the reason (none at present). */
const KNOWN_FALSE_POSITIVES: Record<string, { log: string; reason: string }> = {};

function highConfidence(text: string): string[] {
  return diagnoseText(text)
    .findings.filter((finding) => finding.confidence >= 0.8)
    .map((finding) => `${finding.id}@${finding.confidence}`);
}

describe('healthy logs produce no high-confidence finding', () => {
  for (const [name, text] of Object.entries(HEALTHY)) {
    it(name, () => {
      expect(highConfidence(text), summary(diagnoseText(text))).toEqual([]);
    });
  }
  for (const [name, { log, reason }] of Object.entries(KNOWN_FALSE_POSITIVES)) {
    it.fails(`${name} [known failure: ${reason}]`, () => {
      expect(highConfidence(log)).toEqual([]);
    });
  }

  it('each healthy log above is also clean when every line is hard-wrapped at 80 columns', () => {
    for (const text of Object.values(HEALTHY)) {
      const wrapped = text
        .split(/\r?\n/)
        .flatMap((line) => line.match(/.{1,80}(?:\s|$)|\S+/g) ?? [line])
        .join('\n');
      expect(highConfidence(wrapped)).toEqual([]);
    }
  });
});
